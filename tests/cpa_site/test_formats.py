"""Dates and times as each language writes them: every named format in every language, and
every format name the templates use is one of them."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from cpa_site.formats import NAMES

THURSDAY_EVENING = datetime.datetime(2026, 12, 3, 18, 30)


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_every_language_defines_every_named_format(code):
    module = importlib.import_module(f"cpa_site.formats.{code}.formats")
    missing = [name for name in NAMES if not hasattr(module, name)]
    assert not missing, f"{code} lacks {missing}"


def test_each_language_writes_a_class_time_its_own_way():
    written = {}
    for code in ("en", "es", "vi"):
        with translation.override(code):
            written[code] = formats.date_format(THURSDAY_EVENING, "WEEKDAY_DATETIME_FORMAT")
    assert written["en"] == "Thursday, December 3, 2026, 6:30 PM"
    assert written["es"] == "jueves, 3 de diciembre de 2026, 18:30"
    assert written["vi"] == "Thứ 5, ngày 3 tháng 12 năm 2026, 18:30"


def test_templates_use_only_named_formats_or_machine_ones():
    used = set()
    for path in Path(settings.BASE_DIR, "templates").rglob("*"):
        if path.suffix in (".html", ".txt"):
            used |= set(re.findall(r'\|(?:date|time):"([^"]+)"', path.read_text()))
    unknown = used - set(NAMES) - {"Y-m-d", "c"}
    assert not unknown, f"not a named format (cpa_site/formats): {unknown}"
