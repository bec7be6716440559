"""Check-in becomes an app of its own: its five models move here from `properties` and `reservations`.

Nothing changes in the database here: the models are taken over as they are, on
their old tables (0002 renames them). See properties 0005 and reservations 0003.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import gorently.fields
import gorently.storage
import reservations.checkin.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_organization_languages"),
        ("properties", "0004_guide"),
        ("reservations", "0003_move_checkin_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CheckinForm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('is_default', models.BooleanField(default=False, help_text='Used by every property that has no form of its own.', verbose_name='default form')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkin_forms', to='accounts.organization')),
                    ],
                    options={
                        'db_table': 'properties_checkinform',
                        'ordering': ['-is_default', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='FormField',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('key', models.CharField(max_length=50, validators=[django.core.validators.RegexValidator('^[a-z][a-z0-9_]{0,49}$', 'Use lowercase letters, digits and underscores, starting with a letter.')], verbose_name='key')),
                        ('type', models.CharField(choices=[('text', 'Short text'), ('textarea', 'Long text'), ('email', 'Email'), ('phone', 'Phone'), ('date', 'Date'), ('number', 'Number'), ('country', 'Country'), ('choice', 'Single choice'), ('multichoice', 'Multiple choice'), ('yesno', 'Yes / no'), ('document', 'Identity document (front and back)'), ('signature', 'Signature'), ('agreement', 'Rental agreement acceptance')], max_length=20, verbose_name='type')),
                        ('label', models.JSONField(default=dict, verbose_name='label')),
                        ('help_text', models.JSONField(blank=True, default=dict, verbose_name='help text')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('scope', models.CharField(choices=[('reservation', 'Once per reservation'), ('main_guest', 'Main guest only'), ('every_guest', 'Every guest in the party')], default='main_guest', max_length=20, verbose_name='asked')),
                        ('options', models.JSONField(blank=True, default=list, verbose_name='options')),
                        ('min_value', models.IntegerField(blank=True, null=True, verbose_name='minimum')),
                        ('max_value', models.IntegerField(blank=True, null=True, verbose_name='maximum')),
                        ('pattern', models.CharField(blank=True, max_length=200, verbose_name='pattern (regular expression)')),
                        ('file_types', models.JSONField(blank=True, default=list, verbose_name='allowed files')),
                        ('max_file_mb', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='largest file (MB)')),
                        ('agreement_text', models.JSONField(blank=True, default=dict, verbose_name='agreement text')),
                        ('sensitive', models.BooleanField(default=False, help_text='Deleted with the documents after the retention period.', verbose_name='identity data')),
                        ('guesty_custom_field_id', models.CharField(blank=True, max_length=64, verbose_name='Guesty custom field id')),
                        ('form', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fields', to='checkin.checkinform')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
                    ],
                    options={
                        'db_table': 'properties_formfield',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='FormVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('schema', models.JSONField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='checkin.checkinform')),
                    ],
                    options={
                        'db_table': 'properties_formversion',
                        'ordering': ['form', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckinSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('answers', gorently.fields.EncryptedJSONField(default=dict)),
                        ('party_size', models.PositiveSmallIntegerField(default=1)),
                        ('step', models.CharField(blank=True, max_length=40)),
                        ('language', models.CharField(default='en', max_length=8)),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('reopened_at', models.DateTimeField(blank=True, null=True)),
                        ('purged_at', models.DateTimeField(blank=True, null=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
                        ('reservation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='checkin', to='reservations.reservation')),
                        ('form_version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='checkin.formversion')),
                    ],
                    options={
                        'db_table': 'reservations_checkinsubmission',
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='GuestDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('guest_index', models.PositiveSmallIntegerField(blank=True, help_text='None for the reservation.', null=True)),
                        ('field_key', models.CharField(max_length=50)),
                        ('kind', models.CharField(choices=[('front', 'Front'), ('back', 'Back'), ('signature', 'Signature')], max_length=20)),
                        ('file', models.FileField(max_length=200, storage=gorently.storage.private_storage, upload_to=reservations.checkin.models.document_path)),
                        ('content_type', models.CharField(max_length=100)),
                        ('size', models.PositiveIntegerField()),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='checkin.checkinsubmission')),
                    ],
                    options={
                        'db_table': 'reservations_guestdocument',
                        'ordering': ['guest_index', 'field_key', 'kind'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='checkinform',
                    constraint=models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('organization',), name='one_default_checkin_form'),
                ),
                migrations.AddConstraint(
                    model_name='formfield',
                    constraint=models.UniqueConstraint(fields=('form', 'key'), name='unique_field_key_per_form'),
                ),
                migrations.AddConstraint(
                    model_name='formversion',
                    constraint=models.UniqueConstraint(fields=('form', 'number'), name='unique_form_version'),
                ),
            ],
        ),
    ]
