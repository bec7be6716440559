from django.urls import path

from reservations.views import exports, pages

app_name = "reservations"

urlpatterns = [
    path("", pages.reservation_list, name="list"),
    path("export.<str:file_format>", exports.reservation_export, name="export"),
    path("guest-register/", exports.guest_register_page, name="guest_register"),
    path("guest-register/export.<str:file_format>", exports.guest_register_export, name="guest_register_export"),
    path("new/", pages.reservation_create, name="create"),
    path("<int:pk>/", pages.reservation_detail, name="detail"),
    path("<int:pk>/edit/", pages.reservation_edit, name="edit"),
    path("<int:pk>/portal-link/regenerate/", pages.portal_link_regenerate, name="portal_link_regenerate"),
    path("<int:pk>/portal-link/revoke/", pages.portal_link_revoke, name="portal_link_revoke"),
    path("of-property/<int:pk>/", pages.property_stays, name="property_stays"),
]
