from django.urls import path

from properties.views import guide, public_guide
from properties.views import properties as views

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
    # The guidebook: a property's guide, the account's shared sections, and actions on one section.
    path("<int:pk>/guide/", guide.guide, name="guide"),
    path("<int:pk>/guide/preview/", guide.guide_preview, name="guide_preview"),
    path("<int:pk>/guide/add/", guide.section_add, name="guide_section_add"),
    path("guide/shared/", guide.shared_guide, name="shared_guide"),
    path("guide/shared/preview/", guide.shared_guide_preview, name="shared_guide_preview"),
    path("guide/shared/add/", guide.shared_section_add, name="shared_section_add"),
    path("guide/sections/<int:pk>/", guide.section_edit, name="guide_section_edit"),
    path("guide/sections/<int:pk>/move/", guide.section_move, name="guide_section_move"),
    path("guide/sections/<int:pk>/remove/", guide.section_remove, name="guide_section_remove"),
    path("guide/sections/<int:pk>/places/add/", guide.place_add, name="guide_place_add"),
    path("guide/sections/<int:pk>/places/<int:place_pk>/", guide.place_edit, name="guide_place_edit"),
    path("guide/sections/<int:pk>/places/<int:place_pk>/remove/", guide.place_remove, name="guide_place_remove"),
]

# The public guide at /guide/<token>/: a property's shareable guide link and its printable QR code page.
public_urlpatterns = [
    path("<str:token>/", public_guide.public, name="public"),
    path("<str:token>/print/", public_guide.print_page, name="print"),
]
