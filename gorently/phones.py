"""Phone numbers as people read and dial them: `+34 600 12 34 56`, `tel:+34600123456`.

Numbers are stored as the guest or host typed them (reservations keep E.164, check-in
answers the typed text). Shown to people they are in the international format, grouped
the way the number's country groups them; a value that is no possible number is shown
as it is, and not linked.
"""

import phonenumbers


def parsed(value):
    """The number in `value` (a PhoneNumber or text with its country code), else None."""
    if isinstance(value, phonenumbers.PhoneNumber):
        number = value
    else:
        text = str(value or "").strip()
        if not text or len(text) > 40:
            return None
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            return None
    # Possible (the right length for its country), not necessarily valid: a range newer than the
    # library's metadata is still a number to call.
    return number if phonenumbers.is_possible_number(number) else None


def international(value):
    """`+34 600 12 34 56`; the value as it is when it is no valid number ("" for none)."""
    number = parsed(value)
    if number is None:
        return str(value or "").strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(value):
    """`tel:+34600123456` for a valid number, else ""."""
    number = parsed(value)
    if number is None:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid(value):
    """A number a reservation can store (PhoneNumberField's own test: valid, not only possible)."""
    number = parsed(value)
    return number is not None and phonenumbers.is_valid_number(number)
