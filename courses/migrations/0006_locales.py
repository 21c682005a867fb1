"""A Wagtail locale for every content language (English exists since Wagtail's own migration),
so that coordinators can translate pages into Spanish and Vietnamese from the start."""

from django.conf import settings
from django.db import migrations


def locales_create(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_module_sources_policy_dates"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(locales_create, migrations.RunPython.noop)]
