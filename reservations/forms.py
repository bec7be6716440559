from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils.functional import cached_property
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
        field = self.fields["property"]
        field.queryset = properties
        # One read of the properties, when first asked for, gives the choices and names the list's rows.
        field.choices = lambda: [("", field.empty_label), *self.property_names.items()]

    @cached_property
    def property_names(self):
        """{id: name} of the properties offered."""
        return dict(self.fields["property"].queryset.values_list("pk", "name"))

    def filters(self):
        """The valid filters; an invalid one (a malformed date, a foreign property) is ignored."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v}
        data.setdefault("sort", DEFAULT_SORT)
        return data


def _this_month(today):
    first = today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class GuestRegisterForm(forms.Form):
    """Which guests the register holds: stays arriving between two dates, at one property or all.

    Without dates it is this month's arrivals.
    """

    property = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Property"), empty_label=_("All properties")
    )
    arrival_from = forms.DateField(label=_("Arrivals from"), widget=forms.DateInput(attrs={"type": "date"}))
    arrival_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, properties, today):
        first, last = _this_month(today)
        data = data.copy()
        for key, default in (("arrival_from", first), ("arrival_to", last)):
            if key not in data:
                data[key] = default.isoformat()
        super().__init__(data, label_suffix="")
        self.fields["property"].queryset = properties

    def clean(self):
        data = super().clean()
        start, end = data.get("arrival_from"), data.get("arrival_to")
        if start and end and end < start:
            self.add_error("arrival_to", _("The last day can’t be before the first."))
        return data

    def range(self):
        """The selectors' arguments (reservations.selectors.guest_register) for a valid form."""
        data = self.cleaned_data
        return {"arrival_from": data["arrival_from"], "arrival_to": data["arrival_to"], "property": data["property"]}
