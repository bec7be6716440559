import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from properties.models import Brand, Property

MAX_IMAGE_BYTES = 5 * 1024 * 1024
TIMEZONE_CHOICES = [("", "---------")] + [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


def _limit_image_size(upload):
    if upload and getattr(upload, "size", 0) > MAX_IMAGE_BYTES:
        raise ValidationError(_("Images must be 5 MB or smaller."))
    return upload


class PropertyForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES)

    class Meta:
        model = Property
        fields = [
            "name",
            "address",
            "city",
            "country",
            "timezone",
            "check_in_time",
            "check_out_time",
            "max_guests",
            "cover_photo",
            "guesty_listing_id",
        ]
        widgets = {
            "check_in_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "check_out_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"guesty_listing_id": _("Filled in when you connect Guesty; leave blank otherwise.")}

    def clean_cover_photo(self):
        return _limit_image_size(self.cleaned_data.get("cover_photo"))


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["primary_color", "accent_color", "font", "logo"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "accent_color": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo(self):
        return _limit_image_size(self.cleaned_data.get("logo"))
