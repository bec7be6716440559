from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("<str:token>/", views.home, name="home"),
    path("<str:token>/guide/", views.guide, name="guide"),
    path("<str:token>/stay.ics", views.calendar, name="calendar"),
    path("<str:token>/checkin/", views.start, name="start"),
    path("<str:token>/checkin/done/", views.done, name="done"),
    path("<str:token>/checkin/documents/upload/", views.upload, name="upload"),
    path("<str:token>/checkin/documents/<int:document_id>/", views.document, name="document"),
    path("<str:token>/checkin/documents/<int:document_id>/remove/", views.remove_document, name="remove_document"),
    path("<str:token>/checkin/<slug:slug>/", views.step, name="step"),
]
