from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reservations.models import CheckinStatus, Reservation, ReservationStatus
from reservations.selectors import DEFAULT_SORT, SORTS


class ReservationForm(forms.ModelForm):
    guest_language = forms.ChoiceField(
        label=_("Guest language"),
        choices=[("", _("As the guest's browser says")), *settings.LANGUAGES],
        required=False,
        help_text=_("Their guest pages open in it; they can still choose another."),
    )

    class Meta:
        model = Reservation
        fields = [
            "property",
            "confirmation_code",
            "channel",
            "status",
            "check_in",
            "check_out",
            "guests_count",
            "guest_name",
            "guest_email",
            "guest_phone",
            "guest_language",
            "notes",
        ]
        widgets = {
            "check_in": forms.DateInput(attrs={"type": "date"}),
            "check_out": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "guest_phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+34 600 123 456"}
            ),
        }
        help_texts = {
            "confirmation_code": _("Leave blank to have one made up for you."),
            "guest_phone": _("With the country code, e.g. +44 7700 900123."),
        }

    def __init__(self, *args, properties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["property"].queryset = properties
        self.fields["confirmation_code"].required = False

    def clean(self):
        data = super().clean()
        check_in, check_out = data.get("check_in"), data.get("check_out")
        if check_in and check_out and check_out <= check_in:
            self.add_error("check_out", _("Check-out must be after check-in."))
        return data


class ReservationFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    property = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Property"), empty_label=_("All properties")
    )
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("Any status"))] + ReservationStatus.choices
    )
    checkin_status = forms.ChoiceField(
        required=False, label=_("Check-in"), choices=[("", _("Any check-in"))] + CheckinStatus.choices
    )
    arrival_from = forms.DateField(
        required=False, label=_("Arriving from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    arrival_to = forms.DateField(required=False, label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS], widget=forms.HiddenInput)

    def __init__(self, *args, properties, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["property"].queryset = properties

    def filters(self):
        """The valid filters; an invalid one (a malformed date, a foreign property) is ignored."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v}
        data.setdefault("sort", DEFAULT_SORT)
        return data
