"""Forms of the Guesty pages. Choices are the host account's own rows: another account's id is an unknown choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reservations.guesty.models import SyncKind
from reservations.guesty.services.runs import STARTABLE


class ConnectForm(forms.Form):
    client_id = forms.CharField(
        label=_("Client ID"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    # Never sent back to the browser: a refused form asks for it again.
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )


class SettingsForm(forms.Form):
    reconcile_every_minutes = forms.IntegerField(
        label=_("Check Guesty for missed changes every (minutes)"),
        min_value=5,
        max_value=1440,
        help_text=_("Between 5 and 1440 (a day). Changes normally arrive at once through Guesty’s webhook."),
    )


class SyncForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind.value, kind.label) for kind in STARTABLE])

    def clean_kind(self):
        return SyncKind(self.cleaned_data["kind"])


class ImportListingsForm(forms.Form):
    listings = forms.MultipleChoiceField(
        label=_("Listings to import"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick the listings to import."),
            "invalid_choice": _("%(value)s is not one of your Guesty listings: refresh the listings and try again."),
        },
    )
    leave_out_others = forms.BooleanField(label=_("Leave the other listings out"), required=False)

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listings"].choices = [(row.listing_id, row.name) for row in listings]


class LinkListingForm(forms.Form):
    property = forms.ModelChoiceField(
        queryset=None,
        label=_("Existing property"),
        empty_label=_("Choose a property"),
        error_messages={
            "required": _("Choose the property to link."),
            "invalid_choice": _("Choose one of your properties that is not linked to Guesty yet."),
        },
    )

    def __init__(self, *args, properties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["property"].queryset = properties


class MapFieldForm(forms.Form):
    form_field = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("Choose a question of one of your check-in forms."),
            "invalid_choice": _("Choose a question of one of your check-in forms."),
        },
    )
    # Any id: whether Guesty's field takes the answer is the service's call, which says why not.
    guesty_field_id = forms.CharField(max_length=64, required=False)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_field"].queryset = questions
