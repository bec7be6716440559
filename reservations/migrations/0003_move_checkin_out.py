"""Check-ins and their documents now belong to the `checkin` app (see checkin 0001): state only, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reservations", "0002_reservation_portal_revoked_at_checkinsubmission_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="guestdocument", name="submission"),
                migrations.RemoveField(model_name="guestdocument", name="organization"),
                migrations.DeleteModel(name="CheckinSubmission"),
                migrations.DeleteModel(name="GuestDocument"),
            ],
        ),
    ]
