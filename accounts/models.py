import hashlib
import json
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from accounts.actions import describe
from accounts.permissions import Role, Rule, role_allows, sees_every_property
from gorently.actors import LogIdentity
from gorently.models import TimeStampedModel
from gorently.timezones import validate_timezone


def normalize_email(value):
    """An email address as GoRently stores and compares it: trimmed and lower-cased.

    One rule for every path that takes an address (sign-up, invitations, password
    reset and its throttles), so "Marta@Example.com " and "marta@example.com" are one person.
    """
    return (value or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # Django's rule lower-cases only the domain; ours is the whole address (the module function).
        return normalize_email(email)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a host's team member or platform staff."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Platform staff: may use the Django admin across all host accounts."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # The person's own zone: the times the dashboard shows them (the activity log) are in it.
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    @property
    def display_name(self):
        return self.full_name or self.email.split("@")[0]

    @property
    def tz(self):
        """The person's time zone; UTC when it names no zone this system knows."""
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


def all_guest_languages():
    return [code for code, _name in settings.LANGUAGES]


class Organization(TimeStampedModel):
    """A host account: the tenant that owns properties, reservations and team."""

    name = models.CharField(_("account name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    # Languages the host writes guest-facing text in; English always, others fall back to it.
    languages = models.JSONField(_("guest languages"), default=all_guest_languages)
    # Who checks in, and how many.
    adult_age = models.PositiveSmallIntegerField(
        _("age of the guest who signs"),
        default=18,
        validators=[MinValueValidator(14), MaxValueValidator(21)],
        help_text=_("The main guest signs the rental agreement and must be at least this old."),
    )
    guests_may_change_party = models.BooleanField(
        _("guests may change the number of guests"),
        default=True,
        help_text=_("If not, they check in as many guests as booked. Either way you see any difference."),
    )
    # How guests reach the host's team; a property may name its own contact instead.
    contact_name = models.CharField(_("contact name"), max_length=80, blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    contact_whatsapp = PhoneNumberField(_("WhatsApp"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def guest_language_choices(self):
        """The account's guest languages as (code, name), English first."""
        names = dict(settings.LANGUAGES)
        return [("en", names["en"])] + [
            (code, names[code]) for code in self.languages if code != "en" and code in names
        ]


class Membership(TimeStampedModel):
    """A user's place in a host account; managers and concierges see only their properties."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    properties = models.ManyToManyField("properties.Property", blank=True, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]
        ordering = ["organization__name"]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.organization}"

    # The actor protocol (gorently.actors): a member acts in their account, by their role.

    def can(self, rule):
        return role_allows(self.role, rule)

    @property
    def sees_all_properties(self):
        return sees_every_property(self.role)

    def visible_properties(self, properties):
        return properties if self.sees_all_properties else properties.filter(memberships=self)

    def log_identity(self):
        return LogIdentity(ActorType.USER, self.user, self.user.email)


def _hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An emailed offer to join a host account with a role and a set of properties.

    Only the token's hash is stored: a database reader cannot accept invitations.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    properties = models.ManyToManyField("properties.Property", blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @staticmethod
    def new_token():
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    @staticmethod
    def hash(raw):
        return _hash_token(raw)

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class ApiKeyScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


# What a key may do, by scope: an integration reads what a manager reads, and writes only stays,
# orders and messages (never the team, the account's settings or its integrations).
API_READ_RULES = frozenset({Rule.VIEW, Rule.VIEW_ACTIVITY, Rule.VIEW_REVENUE})
API_WRITE_RULES = API_READ_RULES | {Rule.EDIT_RESERVATIONS, Rule.HANDLE_ORDERS}


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(TimeStampedModel):
    """A host account's key to the REST API, and the actor it acts as.

    The key is shown once, as `gr_<prefix>_<secret>`; only its SHA-256 is stored (a key is 256 random bits,
    so a fast hash is enough). The prefix names it in lists and logs. A key limited to some properties
    sees only those, like a property manager.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("access"), max_length=10, choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    all_properties = models.BooleanField(_("all properties"), default=True)
    properties = models.ManyToManyField("properties.Property", blank=True, related_name="api_keys")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @staticmethod
    def new_key():
        """(the key to show once, its prefix, its hash)."""
        prefix = secrets.token_hex(4)
        raw = f"gr_{prefix}_{secrets.token_urlsafe(32)}"
        return raw, prefix, _hash_token(raw)

    @staticmethod
    def hash(raw):
        return _hash_token(raw)

    # The actor protocol (gorently.actors).

    def can(self, rule):
        if rule == Rule.VIEW_ACTIVITY and not self.all_properties:
            return False  # the log is the whole account's
        return rule in (API_WRITE_RULES if self.scope == ApiKeyScope.WRITE else API_READ_RULES)

    @property
    def sees_all_properties(self):
        return self.all_properties

    def visible_properties(self, properties):
        return properties if self.all_properties else properties.filter(api_keys=self)

    def log_identity(self):
        return LogIdentity(ActorType.INTEGRATION, None, f"API key {self.name} ({self.prefix})")


class ActorType(models.TextChoices):
    USER = "user", _("User")
    GUEST = "guest", _("Guest")
    INTEGRATION = "integration", _("Integration")
    SYSTEM = "system", _("System")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Activity log rows are never changed.")

    def delete(self):
        raise PermissionError("Activity log rows are never deleted.")


class ActivityLog(models.Model):
    """One significant thing that happened. Append-only: written by accounts.activity.record."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="activity"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_type = models.CharField(max_length=20, choices=ActorType.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor as shown, kept even if the user is later deleted.
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="activity_org_time")]
        verbose_name = "activity log entry"
        verbose_name_plural = "activity log"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Activity log rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Activity log rows are never deleted.")

    @property
    def description(self):
        return describe(self.action)

    @property
    def details_text(self):
        """The details on one line for people: `role: concierge → manager · key: phone`."""

        def shown(value):
            # services log a change as [before, after]
            if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, list | dict) for v in value):
                return f"{value[0]} → {value[1]}"
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

        if not isinstance(self.details, dict):
            return shown(self.details)
        return " · ".join(f"{key}: {shown(value)}" for key, value in self.details.items() if value is not None)
