# The waiting parts of a unit's worklist read in due-time order from covering partial indexes
# (dossiers.worklist_sql.PARTS). The new indexes are built before the old ones go.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_catalogue_stamp'),
        ('dossiers', '0004_received_index'),
        ('units', '0003_organisation_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('state__in', ['awaiting_intake_supplement', 'awaiting_supplement'])), fields=['receiving_unit', 'due_at'], include=('id', 'state', 'holder_unit', 'holder_officer', 'applicant_name_folded', 'code', 'procedure', 'channel', 'competent_unit'), name='dossier_waiting_recv_due_idx'),
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('state__in', ['awaiting_intake_supplement', 'awaiting_supplement'])), fields=['competent_unit', 'due_at'], include=('id', 'state', 'holder_unit', 'holder_officer', 'applicant_name_folded', 'code', 'procedure', 'channel', 'receiving_unit'), name='dossier_waiting_comp_due_idx'),
        ),
        migrations.RemoveIndex(
            model_name='dossier',
            name='dossier_waiting_receiving_idx',
        ),
        migrations.RemoveIndex(
            model_name='dossier',
            name='dossier_waiting_competent_idx',
        ),
    ]
