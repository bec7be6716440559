"""Forms of the messages pages: a reply to a guest, the reminders to send, the account's messaging settings."""

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from gorently.phones import parsed
from notifications.models import Automation, Channel, Event, MessageTemplate, MessagingSettings
from notifications.placeholders import NAMES as PLACEHOLDER_NAMES

# What a host sends by hand from a stay's page ("Send a template…").
HAND_EVENTS = [
    (Event.BOOKING_CONFIRMED, _("Portal link")),
    (Event.CHECKIN_REMINDER, _("Check-in reminder")),
    (Event.ARRIVAL_ACCESS, _("Access details")),
    (Event.MANUAL, _("Other")),
]
MAX_TEXT = 4000


class ReplyForm(forms.Form):
    """A message to the stay's guest. `channels`: the ones this guest can be reached on (the choices)."""

    channel = forms.ChoiceField(label=_("Send by"))
    event = forms.ChoiceField(label=_("Template"), required=False)
    subject = forms.CharField(label=_("Email subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, channels, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, Channel(c).label) for c in channels]
        self.fields["channel"].error_messages["invalid_choice"] = _(
            "This guest can’t be reached that way: pick one of the channels offered."
        )
        self.fields["event"].choices = [("", "—")] + [(e, Event(e).label) for e in events]

    def clean_body(self):
        return self.cleaned_data["body"].replace("\x00", "")


class PreviewForm(forms.Form):
    event = forms.ChoiceField(label=_("Message"), choices=HAND_EVENTS)
    channel = forms.ChoiceField(label=_("Send by"), choices=Channel.choices, required=False)


class RemindForm(forms.Form):
    """Which stays to remind: ticked ids, or all of the dashboard's list."""

    reservation = forms.TypedMultipleChoiceField(coerce=int, required=False)
    all = forms.BooleanField(required=False)

    def __init__(self, *args, reservations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].choices = [(r.pk, r.pk) for r in reservations]
        self.fields["reservation"].error_messages["invalid_choice"] = _(
            "That stay is no longer on the list of check-ins to chase."
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("all") and not data.get("reservation"):
            raise forms.ValidationError(_("Pick the guests to remind."))
        return data


class MessagingSettingsForm(forms.ModelForm):
    class Meta:
        model = MessagingSettings
        fields = ["fallback", "whatsapp_from", "sms_from", "quiet_from", "quiet_until"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "whatsapp_from": _("Your own WhatsApp number in Twilio, like whatsapp:+34600000000. Blank: GoRently’s."),
            "sms_from": _("Your own SMS number in Twilio, like +34600000000. Blank: GoRently’s."),
            "quiet_from": _("No automated message goes out between these hours (the property’s time)."),
        }

    def clean_whatsapp_from(self):
        number = self._own_number("whatsapp_from", self.cleaned_data["whatsapp_from"].removeprefix("whatsapp:"))
        return f"whatsapp:{number}" if number else ""

    def clean_sms_from(self):
        return self._own_number("sms_from", self.cleaned_data["sms_from"])

    def _own_number(self, name, text):
        """E.164, and no other account's: a guest's answer to it is filed under this account."""
        if not text.strip():
            return ""
        number = parsed(text)
        if number is None:
            raise forms.ValidationError(_("Enter the number with its country code, like +34600000000."))
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        value = f"whatsapp:{e164}" if name == "whatsapp_from" else e164
        taken = MessagingSettings.objects.filter(**{name: value}).exclude(organization_id=self.instance.organization_id)
        if taken.exists():
            raise forms.ValidationError(_("Another GoRently account sends from this number."))
        return e164


# Which settings each automation uses.
AUTOMATION_FIELDS = {
    Event.BOOKING_CONFIRMED: ["enabled"],
    Event.CHECKIN_REMINDER: ["enabled", "days", "hour", "max_times"],
    Event.CHECKIN_COMPLETED: ["enabled"],
    Event.ARRIVAL_ACCESS: ["enabled", "hour"],
    Event.EXTRA_PURCHASED: ["enabled"],
    Event.EXTRA_APPROVED: ["enabled"],
    Event.EXTRA_DECLINED: ["enabled"],
    Event.THANK_YOU: ["enabled", "days", "hour"],
    Event.TEAM_CHECKIN_COMPLETED: ["enabled"],
    Event.TEAM_EXTRA_PURCHASED: ["enabled"],
}


class AutomationForm(forms.ModelForm):
    class Meta:
        model = Automation
        fields = ["enabled", "days", "hour", "max_times"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = AUTOMATION_FIELDS.get(self.instance.event, ["enabled"])
        for name in list(self.fields):
            if name not in used:
                del self.fields[name]
        if "hour" in self.fields:
            self.fields["hour"].max_value = 23
            self.fields["hour"].widget.attrs.update(min=0, max=23)
            self.fields["hour"].validators.append(_max(23))
        for name in ("days", "max_times"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(min=0, max=60)
                self.fields[name].validators.append(_max(60))


def _max(limit):
    from django.core.validators import MaxValueValidator

    return MaxValueValidator(limit)


class TemplateForm(forms.ModelForm):
    variables = forms.CharField(
        label=_("Placeholders for the template’s variables, in order"),
        required=False,
        help_text=_("Comma-separated, e.g. guest_name, portal_link: they fill {{1}}, {{2}}… of the WhatsApp template."),
    )

    class Meta:
        model = MessageTemplate
        fields = ["subject", "body", "content_sid"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["variables"].initial = ", ".join(self.instance.content_variables or [])

    def clean_content_sid(self):
        sid = self.cleaned_data["content_sid"].strip()
        if sid and not (sid.startswith("HX") and len(sid) == 34):
            raise forms.ValidationError(_("A Content SID starts with HX and has 34 characters."))
        return sid

    def clean_variables(self):
        """The placeholder names, each one GoRently knows: a typo would send the guest an empty variable."""
        names = [n.strip().strip("{}") for n in self.cleaned_data.get("variables", "").split(",")]
        names = [n for n in names if n]
        unknown = [n for n in names if n not in PLACEHOLDER_NAMES]
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholder: %(names)s. Use: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(PLACEHOLDER_NAMES)}
            )
        return names

    def save(self, commit=True):
        self.instance.content_variables = self.cleaned_data.get("variables") or []
        return super().save(commit=commit)


class AssignForm(forms.Form):
    """The stay an unassigned message is from: one of the likely ones, or any by its confirmation code."""

    reservation = forms.ModelChoiceField(
        label=_("Stay"),
        queryset=None,
        required=False,
        empty_label=_("Choose a stay…"),
        help_text=_("In progress, arriving within two weeks, or left in the last week."),
    )
    code = forms.CharField(label=_("Or its confirmation code"), max_length=40, required=False)

    def __init__(self, *args, stays, find_by_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].queryset = stays
        self.fields["reservation"].label_from_instance = lambda stay: (
            f"{stay.guest_name} · {stay.property.name} · {stay.check_in:%d %b}–{stay.check_out:%d %b}"
        )
        self.find_by_code = find_by_code

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("code"):
            data["reservation"] = self.find_by_code(data["code"])
            if data["reservation"] is None:
                self.add_error("code", _("None of your stays has this confirmation code."))
        elif not data.get("reservation"):
            raise forms.ValidationError(_("Choose a stay, or enter its confirmation code."))
        return data
