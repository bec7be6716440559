from django.urls import path

from reservations import views

app_name = "reservations"

urlpatterns = [
    path("", views.reservation_list, name="list"),
    path("new/", views.reservation_create, name="create"),
    path("<int:pk>/", views.reservation_detail, name="detail"),
    path("<int:pk>/edit/", views.reservation_edit, name="edit"),
]
