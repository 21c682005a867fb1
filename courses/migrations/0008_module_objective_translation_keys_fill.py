"""Step 2 of 3: every existing objective gets its own translation key and its page's locale."""

import uuid

from django.db import migrations


def objectives_fill(apps, schema_editor):
    ModuleObjective = apps.get_model("courses", "ModuleObjective")
    for objective in ModuleObjective.objects.filter(translation_key__isnull=True).select_related(
        "page"
    ):
        objective.translation_key = uuid.uuid4()
        objective.locale_id = objective.page.locale_id
        objective.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_module_objective_translatable_fields")]

    operations = [migrations.RunPython(objectives_fill, migrations.RunPython.noop)]
