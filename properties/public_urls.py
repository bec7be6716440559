"""The public guide: a property's shareable guide link and its printable QR code page."""

from django.urls import path

from properties import public_views as views

app_name = "guide"

urlpatterns = [
    path("<str:token>/", views.public, name="public"),
    path("<str:token>/print/", views.print_page, name="print"),
]
