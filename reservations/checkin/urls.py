from django.urls import path

from reservations.checkin.views import builder, documents, record

app_name = "checkin"

urlpatterns = [
    # The account's check-in forms and their builder.
    path("forms/", builder.form_list, name="forms"),
    path("forms/new/", builder.form_create, name="form_create"),
    path("forms/<int:pk>/", builder.form_builder, name="form_builder"),
    path("forms/<int:pk>/preview/", builder.form_preview, name="form_preview"),
    path("forms/<int:pk>/rename/", builder.form_rename, name="form_rename"),
    path("forms/<int:pk>/duplicate/", builder.form_duplicate, name="form_duplicate"),
    path("forms/<int:pk>/default/", builder.form_make_default, name="form_make_default"),
    path("forms/<int:pk>/fields/add/", builder.field_add, name="field_add"),
    path("forms/<int:pk>/fields/standard/", builder.field_add_standard, name="field_add_standard"),
    path("forms/<int:pk>/fields/<int:field_pk>/", builder.field_edit, name="field_edit"),
    path("forms/<int:pk>/fields/<int:field_pk>/move/", builder.field_move, name="field_move"),
    path("forms/<int:pk>/fields/<int:field_pk>/remove/", builder.field_remove, name="field_remove"),
    # One reservation's check-in: the printable record, actions on it, and its documents.
    path("reservations/<int:pk>/print/", record.checkin_print, name="print"),
    path("reservations/<int:pk>/reopen/", record.checkin_reopen, name="reopen"),
    path("reservations/<int:pk>/purge/", record.checkin_purge, name="purge"),
    path("reservations/<int:pk>/documents/<int:document_id>/", documents.document, name="document"),
]
