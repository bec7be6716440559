from django.urls import path

from reservations import views

app_name = "reservations"

urlpatterns = [
    path("", views.reservation_list, name="list"),
    path("new/", views.reservation_create, name="create"),
    path("<int:pk>/", views.reservation_detail, name="detail"),
    path("<int:pk>/edit/", views.reservation_edit, name="edit"),
    path("<int:pk>/portal-link/regenerate/", views.portal_link_regenerate, name="portal_link_regenerate"),
    path("<int:pk>/portal-link/revoke/", views.portal_link_revoke, name="portal_link_revoke"),
    path("of-property/<int:pk>/", views.property_stays, name="property_stays"),
]
