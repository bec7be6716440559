from properties.models.checkin_form import CheckinForm, FieldScope, FieldType, FormField, FormVersion
from properties.models.property import FONT_STACKS, Brand, Font, Property, validate_timezone

__all__ = [
    "FONT_STACKS",
    "Brand",
    "CheckinForm",
    "FieldScope",
    "FieldType",
    "Font",
    "FormField",
    "FormVersion",
    "Property",
    "validate_timezone",
]
