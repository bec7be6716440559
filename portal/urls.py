from django.urls import path

from portal import extras, views

app_name = "portal"

urlpatterns = [
    path("<str:token>/", views.home, name="home"),
    path("<str:token>/guide/", views.guide, name="guide"),
    path("<str:token>/stay.ics", views.calendar, name="calendar"),
    path("<str:token>/extras/", extras.extras, name="extras"),
    path("<str:token>/extras/checkout/", extras.checkout, name="checkout"),
    path("<str:token>/extras/deposit/", extras.deposit, name="deposit"),
    path("<str:token>/extras/return/", extras.extras_return, name="extras_return"),
    path("<str:token>/checkin/", views.start, name="start"),
    path("<str:token>/checkin/done/", views.done, name="done"),
    path("<str:token>/checkin/documents/upload/", views.upload, name="upload"),
    path("<str:token>/checkin/documents/<int:document_id>/", views.document, name="document"),
    path("<str:token>/checkin/documents/<int:document_id>/remove/", views.remove_document, name="remove_document"),
    path("<str:token>/checkin/<slug:slug>/", views.step, name="step"),
]
