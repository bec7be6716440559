"""Guest documents record whether their stored file is encrypted. Existing rows are not (False);
`manage.py encrypt_guest_documents` encrypts their files after the deploy, and new uploads are
written encrypted.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('checkin', '0003_queued_tasks_follow'),
    ]

    operations = [
        migrations.AddField(
            model_name='guestdocument',
            name='encrypted',
            field=models.BooleanField(default=False, help_text='The stored file is a Fernet token (FIELD_ENCRYPTION_KEY). False for files stored before encryption until `manage.py encrypt_guest_documents` encrypts them.'),
        ),
    ]
