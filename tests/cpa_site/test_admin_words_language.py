"""The admin's words stay in each person's language after a process's first work is in another.

Wagtail writes a few admin words once, when the URLconf is first imported (the page chooser's
"Choose a page (Module)"). A worker whose first job is a Spanish email used to freeze them in
Spanish for every coordinator; cpa_site.languages.in_language imports the URLconf first in the
site's own language. A fresh process is needed: in this one the URLconf is long imported.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

FIRST_WORK_IN_SPANISH = """
import django
django.setup()
from django.urls import resolve, reverse
from cpa_site.languages import in_language
with in_language("es"):
    reverse("healthz")
add_cohort = resolve("/admin/snippets/enrollment/cohort/add/").func
form_class = add_cohort.view_initkwargs["form_class"]
session_form = form_class.formsets["sessions"].form
print(str(session_form.base_fields["module"].widget.choose_one_text))
"""


def test_a_first_address_reversed_in_spanish_leaves_the_admin_choosers_in_english():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", "cpa_site.settings.test")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", FIRST_WORK_IN_SPANISH],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert settings.LANGUAGE_CODE == "en"
    assert result.stdout.strip().splitlines()[-1] == "Choose a page (Module)"
