from django.urls import path

from properties import views

app_name = "properties"

urlpatterns = [
    path("", views.property_list, name="list"),
    path("new/", views.property_create, name="create"),
    path("<int:pk>/", views.property_detail, name="detail"),
    path("<int:pk>/edit/", views.property_edit, name="edit"),
    path("<int:pk>/archive/", views.property_archive, name="archive"),
    path("<int:pk>/branding/", views.property_branding, name="branding"),
    path("<int:pk>/branding/reset/", views.property_branding_reset, name="branding_reset"),
    path("branding/", views.branding, name="account_branding"),
    path("branding/preview/", views.branding_preview, name="branding_preview"),
]
