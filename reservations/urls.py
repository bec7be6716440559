from django.urls import path

from reservations import documents, views

app_name = "reservations"

urlpatterns = [
    path("", views.reservation_list, name="list"),
    path("new/", views.reservation_create, name="create"),
    path("<int:pk>/", views.reservation_detail, name="detail"),
    path("<int:pk>/edit/", views.reservation_edit, name="edit"),
    path("<int:pk>/checkin/print/", views.reservation_checkin_print, name="checkin_print"),
    path("<int:pk>/checkin/reopen/", views.checkin_reopen, name="checkin_reopen"),
    path("<int:pk>/checkin/purge/", views.checkin_purge, name="checkin_purge"),
    path("<int:pk>/portal-link/regenerate/", views.portal_link_regenerate, name="portal_link_regenerate"),
    path("<int:pk>/portal-link/revoke/", views.portal_link_revoke, name="portal_link_revoke"),
    path("<int:pk>/documents/<int:document_id>/", documents.document, name="document"),
]
