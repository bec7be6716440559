from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from accounts.models import ApiKeyScope, Role, User, normalize_email
from gorently.forms import RowsField
from gorently.timezones import zone_choices


def lockout_identity(request, credentials=None):
    """Whom django-axes counts failed sign-ins against (AXES_USERNAME_CALLABLE).

    The address normalised like everywhere else: sign-in matches the email whatever its
    case, so the lock-out must too, or "Owner@…" walks past the lock on "owner@…".
    """
    typed = credentials.get("username") if credentials else request.POST.get("username")
    return normalize_email(typed)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "inactive": _(
            "Confirm your email address first: open the link we emailed you. "
            "No email? Sign up again and we’ll send a new one."
        ),
    }

    def get_invalid_login_error(self):
        # A login never authenticates before its sign-up is confirmed; whoever knows its password is told why.
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        pending = User.objects.filter(
            email__iexact=normalize_email(email), is_active=False, last_login__isnull=True
        ).first()
        if pending is not None and password and check_password(password, pending.password):
            return ValidationError(self.error_messages["inactive"], code="inactive")
        return super().get_invalid_login_error()


class PasswordFieldsMixin(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers."),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class SignUpForm(PasswordFieldsMixin):
    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("Work email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    account_name = forms.CharField(
        label=_("Business name"), max_length=120, help_text=_("Shown to your guests, e.g. “Seaside Stays”.")
    )
    field_order = ["full_name", "email", "password", "account_name"]


class AcceptInvitationForm(PasswordFieldsMixin):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    field_order = ["full_name", "password"]


class _PropertiesField(RowsField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=None,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Properties"),
            help_text=_("Managers and concierges see only these. Owners see all."),
            **kwargs,
        )


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    properties = _PropertiesField()

    def __init__(self, *args, properties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["properties"].queryset = properties

    def clean(self):
        data = super().clean()
        if data.get("role") in (Role.MANAGER, Role.CONCIERGE) and not data.get("properties"):
            self.add_error("properties", _("Choose at least one property for a manager or concierge."))
        return data


class InviteForm(MemberForm):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MANAGER)
    field_order = ["email", "role", "properties"]


class ApiKeyForm(forms.Form):
    """A new API key: what it is for, what it may do, and which properties it sees (none ticked: all)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The integration that uses it, e.g. “Cleaning schedule”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiKeyScope.choices,
        initial=ApiKeyScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read and write also adds and changes stays and handles extras orders. "
            "No key changes the team, the settings or the integrations."
        ),
    )
    properties = RowsField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Properties"),
        help_text=_("Tick none for all properties, including the ones you add later."),
    )

    def __init__(self, *args, properties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["properties"].queryset = properties


class AccountNameForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=120)


class AccountSettingsForm(AccountNameForm):
    """The account's name, its guest languages, who checks in, and how guests reach the host's team
    (a property may name its own contact)."""

    languages = forms.MultipleChoiceField(
        label=_("Guest languages"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code != "en"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Besides English (always on): the languages you write labels, help and guides in. "
            "Guests can pick any language; missing texts fall back to English."
        ),
    )
    contact_name = forms.CharField(
        label=_("Contact name"),
        max_length=80,
        required=False,
        help_text=_("Who guests reach, e.g. “Marta, your host”."),
    )
    contact_phone = PhoneNumberField(label=_("Contact phone"), required=False, help_text=_("With its country code."))
    contact_whatsapp = PhoneNumberField(label=_("WhatsApp"), required=False, help_text=_("Leave blank if none."))
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    adult_age = forms.IntegerField(
        label=_("Age of the guest who signs"),
        min_value=14,
        max_value=21,
        required=False,
        help_text=_("The main guest signs the rental agreement and must be at least this old."),
    )
    guests_may_change_party = forms.TypedChoiceField(
        label=_("Guests may check in another number of guests than booked"),
        choices=[(True, _("Yes, and I see the difference")), (False, _("No, as many as booked"))],
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ProfileForm(forms.ModelForm):
    """A member's own name and time zone (every role; not the host account's settings)."""

    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        help_text=_("The activity log shows times in it."),
        widget=forms.Select(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = User
        fields = ["full_name", "timezone"]
        labels = {"full_name": _("Your name")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}
