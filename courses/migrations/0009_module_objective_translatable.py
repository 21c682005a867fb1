"""Step 3 of 3: the translation key and locale are required, one objective per key and locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("courses", "0008_module_objective_translation_keys_fill")]

    operations = [
        migrations.AlterField(
            model_name="moduleobjective",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="moduleobjective",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="moduleobjective", unique_together={("translation_key", "locale")}
        ),
    ]
