from django.contrib import admin

from properties.models import Brand, Property


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "city", "country", "timezone", "max_guests", "archived_at"]
    list_filter = ["country", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "address", "city", "organization__name", "guesty_listing_id"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "property", "primary_color", "accent_color", "font"]
    list_filter = ["font"]
    search_fields = ["organization__name", "property__name"]
    list_select_related = ["organization", "property"]
    autocomplete_fields = ["organization", "property"]
