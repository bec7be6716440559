from django.contrib import admin

from reservations.models import Guest, Reservation


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0
    exclude = ["organization"]


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = [
        "confirmation_code",
        "guest_name",
        "property",
        "organization",
        "check_in",
        "check_out",
        "status",
        "checkin_status",
        "channel",
    ]
    list_filter = ["status", "checkin_status", "channel", "check_in"]
    search_fields = ["confirmation_code", "guest_name", "guest_email", "external_id", "organization__name"]
    list_select_related = ["property", "organization"]
    autocomplete_fields = ["organization", "property"]
    date_hierarchy = "check_in"
    readonly_fields = ["portal_token", "checkin_completed_at", "created_at", "updated_at"]
    inlines = [GuestInline]

    def save_formset(self, request, form, formset, change):
        for guest in formset.save(commit=False):
            guest.organization = form.instance.organization
            guest.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reservation", "is_main", "email", "phone"]
    list_filter = ["is_main"]
    search_fields = ["first_name", "last_name", "email", "reservation__confirmation_code"]
    list_select_related = ["reservation"]
    autocomplete_fields = ["organization", "reservation"]
