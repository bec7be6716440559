from properties.models.checkin_form import CheckinForm, FieldScope, FieldType, FormField, FormVersion
from properties.models.guide import ICONS, KIND_ICONS, GuidePlace, GuideSection, SectionKind, Visibility
from properties.models.property import FONT_STACKS, Brand, Font, Property, validate_timezone

__all__ = [
    "ICONS",
    "KIND_ICONS",
    "GuidePlace",
    "GuideSection",
    "SectionKind",
    "Visibility",
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
