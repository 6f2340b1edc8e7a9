# The open-due index also holds the unit, so a ranking's count of late dossiers per unit is
# read from the index alone (an index-only scan) rather than from the table's scattered rows.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quality', '0007_province_use'),
        ('units', '0003_organisation_review'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='indexopendue',
            name='index_open_due_when',
        ),
        migrations.AddIndex(
            model_name='indexopendue',
            index=models.Index(fields=['role', 'month', 'due_at'], include=('unit', 'count'), name='index_open_due_when'),
        ),
    ]
