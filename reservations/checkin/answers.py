"""Validation of a guest's answers against a frozen field (a `FieldSpec`).

Pure functions: a raw value from a form post in, a clean value or a ValidationError
(in the guest's language) out. Files are checked in `uploads`.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django_countries import countries

from reservations.checkin.fields import FieldType, host_pattern

TEXT_LIMITS = {FieldType.TEXT: 200, FieldType.TEXTAREA: 2000}
TRUE_VALUES = {"on", "yes", "true", "1"}


def is_blank(value):
    return value is None or value == "" or value == [] or value is False


def clean_answer(spec, raw):
    """The stored value for one answer; None when left blank (and allowed)."""
    kind = spec.type
    if kind == FieldType.MULTICHOICE:
        values = [str(v).strip() for v in (raw or []) if str(v).strip()] if isinstance(raw, list) else []
        if not values:
            return _require(spec, [])
        unknown = set(values) - set(spec.option_values())
        if unknown:
            raise ValidationError(_("Choose from the options shown."))
        return values
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    text = str(raw if raw is not None else "").strip()
    if kind == FieldType.AGREEMENT:
        if text.lower() in TRUE_VALUES:
            return True
        if spec.required:
            raise ValidationError(_("You need to accept the agreement to check in."))
        return False
    if not text:
        return _require(spec, None)
    cleaner = CLEANERS.get(kind)
    if cleaner is None:
        raise ValidationError(_("This question cannot be answered here."))
    return cleaner(spec, text)


def _require(spec, empty):
    if spec.required:
        raise ValidationError(_("This field is required."))
    return empty


def _text(spec, text):
    if "\x00" in text:
        raise ValidationError(_("Remove the invisible characters from this answer."))
    limit = min(spec.max or TEXT_LIMITS[spec.type], TEXT_LIMITS[spec.type])
    if len(text) > limit:
        raise ValidationError(_("Use at most %(n)d characters.") % {"n": limit})
    if spec.min and len(text) < spec.min:
        raise ValidationError(_("Use at least %(n)d characters.") % {"n": spec.min})
    if spec.pattern:
        try:
            matches = host_pattern(spec.pattern).fullmatch(text)
        except ValueError:
            matches = True  # A pattern RE2 refuses (saved before it checked) is the host's problem, never the guest's.
        if not matches:
            raise ValidationError(_("This doesn’t look right. Check the format and try again."))
    return text


def _email(spec, text):
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(_("Enter an email address like name@example.com.")) from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def _phone(spec, text):
    if not text.startswith("+") and not text.startswith("00"):
        raise ValidationError(_("Start with the country code, e.g. +44."))
    try:
        number = phonenumbers.parse("+" + text[2:] if text.startswith("00") else text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number with its country code."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _date(spec, text):
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Enter a date like 2026-07-31.")) from None
    if not date(1900, 1, 1) <= value <= date(2100, 12, 31):
        raise ValidationError(_("Enter a real date."))
    return value.isoformat()


def _number(spec, text):
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not value.is_finite() or value.copy_abs() > Decimal(10) ** 12:  # copy_abs: no context, no Overflow
        raise ValidationError(_("Enter a number."))
    if spec.min is not None and value < spec.min:
        raise ValidationError(_("Enter %(n)s or more.") % {"n": spec.min})
    if spec.max is not None and value > spec.max:
        raise ValidationError(_("Enter %(n)s or less.") % {"n": spec.max})
    return int(value) if value == value.to_integral_value() else str(value)


def _country(spec, text):
    code = text.upper()
    if code not in countries:
        raise ValidationError(_("Choose a country from the list."))
    return code


def _choice(spec, text):
    if text not in spec.option_values():
        raise ValidationError(_("Choose from the options shown."))
    return text


def _yesno(spec, text):
    if text.lower() in ("yes", "no"):
        return text.lower() == "yes"
    raise ValidationError(_("Answer yes or no."))


CLEANERS = {
    FieldType.TEXT: _text,
    FieldType.TEXTAREA: _text,
    FieldType.EMAIL: _email,
    FieldType.PHONE: _phone,
    FieldType.DATE: _date,
    FieldType.NUMBER: _number,
    FieldType.COUNTRY: _country,
    FieldType.CHOICE: _choice,
    FieldType.YESNO: _yesno,
}
