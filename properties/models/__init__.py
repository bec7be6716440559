from properties.models.guide import (
    GUIDE_PLACEHOLDERS,
    GUIDE_SECRET_PLACEHOLDERS,
    ICONS,
    KIND_ICONS,
    GuidePlace,
    GuideSection,
    SectionKind,
    Visibility,
)
from properties.models.property import FONT_STACKS, Brand, Font, Property, contrast_ratio, validate_timezone

__all__ = [
    "GUIDE_PLACEHOLDERS",
    "GUIDE_SECRET_PLACEHOLDERS",
    "contrast_ratio",
    "ICONS",
    "KIND_ICONS",
    "GuidePlace",
    "GuideSection",
    "SectionKind",
    "Visibility",
    "FONT_STACKS",
    "Brand",
    "Font",
    "Property",
    "validate_timezone",
]
