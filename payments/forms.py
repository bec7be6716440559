"""Forms of the host payments pages. Amounts are typed in major units ("12.50") and handed on in minor units.

Choices are the host account's own rows (another account's id is an unknown choice), and every
amount is read strictly: "12.50" or "12,50" for cents currencies, whole numbers for yen, nothing else.
"""

import hashlib
import re
import uuid
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gorently.forms import RowsField
from gorently.images import clean_image
from payments.models import CURRENCIES, Moment, Pricing
from payments.money import ZERO_DECIMAL, money, to_minor
from properties.forms import MAX_IMAGE_BYTES, ImagePicker
from properties.models import Property

# Stripe's smallest charge is about half a euro; nothing sold here is that cheap anyway.
LOWEST_PRICE = 50
LOWEST_DEPOSIT = 100
# A guard against typos and overflow: €100,000 or ¥10,000,000.
HIGHEST_AMOUNT = 10_000_000
TEXT_LIMIT = 2000
DECIMAL_AMOUNT = re.compile(r"[0-9]{1,9}(?:[.,][0-9]{1,2})?")
WHOLE_AMOUNT = re.compile(r"[0-9]{1,9}")
GROUPED_WHOLE = re.compile(r"[0-9]{1,3}(?:[,. ][0-9]{3})+")
SYMBOLS = ("€", "$", "£", "¥", "CHF", "EUR", "USD", "GBP", "JPY")


def parse_amount(text, currency):
    """A typed amount in minor units; ValidationError saying how to type it."""
    text = str(text or "").strip()
    for symbol in SYMBOLS:
        text = text.removeprefix(symbol).removesuffix(symbol).strip()
    currency = (currency or "").lower()
    if currency in ZERO_DECIMAL:
        if GROUPED_WHOLE.fullmatch(text):
            text = re.sub(r"[^0-9]", "", text)
        if not WHOLE_AMOUNT.fullmatch(text):
            raise ValidationError(
                _("%(currency)s amounts are whole numbers, like 1200."), params={"currency": currency.upper()}
            )
    elif not DECIMAL_AMOUNT.fullmatch(text):
        raise ValidationError(_("Enter an amount like 12.50."))
    return to_minor(text, currency)


def major_text(amount, currency):
    """An amount in minor units as typed in a form: "12.50", or "1200" for yen."""
    if amount is None:
        return ""
    if (currency or "").lower() in ZERO_DECIMAL:
        return str(amount)
    return f"{amount // 100}.{amount % 100:02d}"


def _amount_between(text, currency, *, lowest, highest):
    amount = parse_amount(text, currency)
    if amount < lowest:
        raise ValidationError(_("The smallest amount is %(amount)s."), params={"amount": money(lowest, currency)})
    if amount > highest:
        raise ValidationError(_("The largest amount is %(amount)s."), params={"amount": money(highest, currency)})
    return amount


def _cleaned_photo(upload):
    """A new upload re-encoded without metadata, named after its content; anything else passes through."""
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Images must be 5 MB or smaller."))
    cleaned = clean_image(upload.read(), name="extra", longest_side=1600).content
    payload = cleaned.read()
    extension = cleaned.name.rpartition(".")[2]
    return ContentFile(payload, name=f"extra-{hashlib.sha256(payload).hexdigest()[:16]}.{extension}")


def _amount_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-amount", **attrs})


# --- Stripe settings -------------------------------------------------------------------------------


class PaymentSettingsForm(forms.Form):
    approval_hours_before_arrival = forms.IntegerField(
        label=_("Answer approval requests at the latest (hours before arrival)"),
        min_value=0,
        max_value=24 * 14,
        help_text=_(
            "Extras that need your approval (early check-in, late check-out) are declined automatically and "
            "the guest’s card released when you haven’t answered by then. Between 0 and 336 (two weeks)."
        ),
    )


# --- The catalogue of extras -----------------------------------------------------------------------


class UpsellForm(forms.Form):
    """One extra. Its name and description per guest language come as `name_<lang>` and `description_<lang>`."""

    image = forms.ImageField(
        label=_("Photo"),
        required=False,
        widget=ImagePicker(
            kind="cover", empty_text=_("No photo yet"), remove_label=_("Remove photo"), preview_alt=_("Photo")
        ),
        help_text=_("Optional. A landscape photo; guests see it above the description."),
    )
    price = forms.CharField(label=_("Price"), max_length=20, widget=_amount_input())
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    pricing = forms.ChoiceField(
        label=_("Priced"), choices=Pricing.choices, widget=forms.RadioSelect, initial=Pricing.PER_STAY
    )
    all_properties = forms.TypedChoiceField(
        label=_("Offered at"),
        choices=[("1", _("Every property, including new ones")), ("0", _("Only the properties ticked below"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    properties = RowsField(
        label=_("Properties"),
        queryset=Property.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among your properties.")},
    )
    opens_days_before_arrival = forms.IntegerField(
        label=_("On sale from (days before arrival)"),
        required=False,
        min_value=0,
        max_value=365,
        help_text=_("Leave it empty to sell it as soon as the stay is booked."),
    )
    closes_hours = forms.IntegerField(
        label=_("On sale until (hours before)"),
        min_value=-72,
        max_value=720,
        initial=24,
        help_text=_("A negative number means after: −2 hours before departure is two hours after check-out time."),
    )
    closes_relative_to = forms.ChoiceField(
        label=_("On sale until (arrival or departure)"), choices=Moment.choices, initial=Moment.ARRIVAL
    )
    max_quantity = forms.IntegerField(
        label=_("Most a guest can buy"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 for things bought once, like a late check-out."),
    )
    needs_approval = forms.BooleanField(
        label=_("Needs your approval"),
        required=False,
        help_text=_(
            "The guest’s card is only authorised; you approve or decline, and it is charged when you approve. "
            "For early check-in and late check-out, which depend on the calendar."
        ),
    )
    active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def __init__(self, *args, languages, properties, currency="eur", upsell=None, **kwargs):
        self.languages = languages
        self.instance = upsell
        if "initial" not in kwargs:
            kwargs["initial"] = self._initial_from(upsell) if upsell is not None else {"currency": currency}
        super().__init__(*args, **kwargs)
        self.fields["properties"].queryset = properties
        for code, name in reversed(languages):
            self.fields = {
                f"name_{code}": forms.CharField(
                    label=_("Name (%(language)s)") % {"language": name},
                    max_length=120,
                    required=code == "en",
                    help_text=_("What guests see, like “Late check-out until 14:00”.") if code == "en" else "",
                ),
                f"description_{code}": forms.CharField(
                    label=_("Description (%(language)s)") % {"language": name},
                    max_length=TEXT_LIMIT,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                ),
                **self.fields,
            }

    @staticmethod
    def _initial_from(upsell):
        initial = {
            name: getattr(upsell, name)
            for name in (
                "image",
                "currency",
                "pricing",
                "opens_days_before_arrival",
                "closes_hours",
                "closes_relative_to",
                "max_quantity",
                "needs_approval",
                "active",
            )
        }
        initial |= {f"name_{code}": text for code, text in (upsell.name or {}).items()}
        initial |= {f"description_{code}": text for code, text in (upsell.description or {}).items()}
        initial["price"] = major_text(upsell.price, upsell.currency)
        initial["all_properties"] = "1" if upsell.all_properties else "0"
        initial["properties"] = [p.pk for p in upsell.properties.all()]
        return initial

    def language_rows(self):
        """(code, language name, name field, description field, translated?, has errors?), English first."""
        rows = []
        for code, language in self.languages:
            name, description = self[f"name_{code}"], self[f"description_{code}"]
            rows.append(
                (
                    code,
                    language,
                    name,
                    description,
                    bool(name.value() or description.value()),
                    bool(name.errors or description.errors),
                )
            )
        return rows

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is False or isinstance(image, UploadedFile):
            return _cleaned_photo(image)
        return None  # unchanged: the service keeps the stored photo

    def clean(self):
        data = super().clean()
        currency = data.get("currency")
        if currency and "price" in data:
            try:
                data["price"] = _amount_between(data["price"], currency, lowest=LOWEST_PRICE, highest=HIGHEST_AMOUNT)
            except ValidationError as error:
                self.add_error("price", error)
        if data.get("all_properties") is False and not data.get("properties") and "properties" not in self.errors:
            self.add_error("properties", _("Tick at least one property, or offer it at every property."))
        opens, closes = data.get("opens_days_before_arrival"), data.get("closes_hours")
        if (
            opens is not None
            and closes is not None
            and data.get("closes_relative_to") == Moment.ARRIVAL
            and closes >= opens * 24
        ):
            self.add_error(
                "closes_hours", _("It would never be on sale: it stops selling before it starts. Check both times.")
            )
        return data

    def _texts(self, prefix, existing):
        """`<prefix>_<lang>` inputs as {lang: text}; languages the form does not show keep their text."""
        shown = {code for code, _name in self.languages}
        texts = {code: text for code, text in (existing or {}).items() if code not in shown}
        for code in shown:
            text = (self.cleaned_data.get(f"{prefix}_{code}") or "").strip()
            if text:
                texts[code] = text
        return texts

    def upsell_attrs(self):
        """The cleaned input as keyword arguments of `save_upsell` (properties included)."""
        data, upsell = self.cleaned_data, self.instance
        attrs = {
            name: data[name]
            for name in (
                "image",
                "price",
                "currency",
                "pricing",
                "all_properties",
                "opens_days_before_arrival",
                "closes_hours",
                "closes_relative_to",
                "max_quantity",
                "needs_approval",
                "active",
            )
        }
        attrs["name"] = self._texts("name", upsell and upsell.name)
        attrs["description"] = self._texts("description", upsell and upsell.description)
        attrs["properties"] = [] if data["all_properties"] else list(data["properties"])
        return attrs


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", "up"), ("down", "down")], error_messages={"invalid_choice": _("Move an extra up or down.")}
    )


# --- Deposits -------------------------------------------------------------------------------------------


class DepositPolicyForm(forms.Form):
    amount = forms.CharField(label=_("Deposit"), max_length=20, widget=_amount_input())
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    authorise_days_before_arrival = forms.IntegerField(
        label=_("Ask for it (days before arrival)"),
        min_value=0,
        max_value=5,
        initial=2,
        help_text=_("0 to 5: a card hold lasts 7 days, so it can’t start earlier."),
    )
    release_days_after_checkout = forms.IntegerField(
        label=_("Release it (days after check-out)"),
        min_value=0,
        max_value=2,
        initial=1,
        help_text=_("0 to 2. Until then you can claim all or part of it for damage."),
    )
    active = forms.BooleanField(label=_("Ask guests for this deposit"), required=False, initial=True)

    def __init__(self, *args, policy=None, currency="eur", **kwargs):
        if "initial" not in kwargs:
            if policy is not None:
                kwargs["initial"] = {
                    "amount": major_text(policy.amount, policy.currency),
                    "currency": policy.currency,
                    "authorise_days_before_arrival": policy.authorise_days_before_arrival,
                    "release_days_after_checkout": policy.release_days_after_checkout,
                    "active": policy.active,
                }
            else:
                kwargs["initial"] = {"currency": currency}
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        currency = data.get("currency")
        if currency and "amount" in data:
            try:
                data["amount"] = _amount_between(
                    data["amount"], currency, lowest=LOWEST_DEPOSIT, highest=HIGHEST_AMOUNT
                )
            except ValidationError as error:
                self.add_error("amount", error)
        return data


# --- Orders ---------------------------------------------------------------------------------------------


class RequestKeyField(forms.UUIDField):
    """The hidden one-time key of a refund: two submits of one form are one refund."""

    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.HiddenInput,
            error_messages={
                "required": _("This form has expired: open the refund form again."),
                "invalid": _("This form has expired: open the refund form again."),
            },
            **kwargs,
        )

    def clean(self, value):
        return str(super().clean(value))


class OrderAmountForm(forms.Form):
    """An amount of one order, at most `most` (minor units), and why."""

    amount = forms.CharField(label=_("Amount"), max_length=20, widget=_amount_input())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Kept with the order."),
        error_messages={"required": _("Say why.")},
    )
    too_much = _("You can refund at most %(amount)s.")

    def __init__(self, *args, order, **kwargs):
        self.order = order
        kwargs.setdefault("auto_id", f"order{order.pk}-{self.prefix_name}-%s")
        super().__init__(*args, **kwargs)

    prefix_name = "amount"

    def most(self):
        raise NotImplementedError

    def clean_amount(self):
        order = self.order
        amount = parse_amount(self.cleaned_data["amount"], order.currency)
        if amount <= 0:
            raise ValidationError(_("Enter an amount above zero."))
        if amount > self.most():
            raise ValidationError(self.too_much, params={"amount": money(self.most(), order.currency)})
        return amount


class RefundForm(OrderAmountForm):
    prefix_name = "refund"
    request_key = RequestKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())
            self.initial.setdefault("amount", major_text(self.order.refundable, self.order.currency))

    def most(self):
        return self.order.refundable


class ClaimDepositForm(OrderAmountForm):
    prefix_name = "claim"
    too_much = _("You can claim at most %(amount)s.")

    def most(self):
        return self.order.amount


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Optional. Kept with the order."),
    )

    def __init__(self, *args, order, **kwargs):
        kwargs.setdefault("auto_id", f"order{order.pk}-decline-%s")
        super().__init__(*args, **kwargs)


# --- Revenue --------------------------------------------------------------------------------------------


def this_month(today):
    first = today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class RevenueForm(forms.Form):
    """A period of days (`from`, `to`, both included); this month when left out."""

    EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

    def __init__(self, data, *, today):
        first, last = this_month(today)
        data = data.copy()
        for key, default in (("from", first), ("to", last)):
            if not data.get(key):
                data[key] = default.isoformat()
        super().__init__(data, label_suffix="")
        for key, label in (("from", _("From")), ("to", _("to"))):
            self.fields[key] = forms.DateField(
                label=label,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": _("Enter a date like 2026-05-31.")},
            )

    def clean(self):
        data = super().clean()
        for key in ("from", "to"):
            day = data.get(key)
            if day and not self.EARLIEST <= day <= self.LATEST:
                self.add_error(key, _("Choose a date between 2000 and 2100."))
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The last day can’t be before the first."))
        return data

    def period(self):
        return self.cleaned_data["from"], self.cleaned_data["to"]
