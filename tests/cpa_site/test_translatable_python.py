"""Every string a person reads that the Python code writes is marked for translation.

The scanner (tests/support/python_strings.py) walks the source of cpa_site/, courses/ and
enrollment/ (not migrations, not tests) and names file and line of each unmarked piece of text
in an error message, messages.*, a label, help text, verbose name, choice, Wagtail title or
menu label, log action, or a dict of subjects, headings or columns. The small sources below
show what it catches and what it lets through.
"""

import textwrap

import pytest

from tests.support.python_strings import scan, scan_project


@pytest.fixture(scope="module")
def hits():
    return scan_project()


def report(found) -> str:
    lines = "\n".join(map(str, found))
    return f"Mark these for translation (gettext_lazy, gettext, ngettext):\n{lines}"


def test_every_string_people_read_in_python_is_marked_for_translation(hits):
    assert not hits, report(hits)


def found_in(source: str, *others: str) -> list[str]:
    """The unmarked text the scanner finds in `source` (the first of the modules given)."""
    modules = {f"m{n}.py": textwrap.dedent(text) for n, text in enumerate((source, *others))}
    return [hit.text for hit in scan(modules) if hit.path == "m0.py"]


@pytest.mark.parametrize(
    ("unmarked", "marked"),
    [
        (
            'raise ValidationError("Too early.")',
            'raise ValidationError(_("Too early."))',
        ),
        (
            'raise ValidationError({"ends_on": "Too early."})',
            'raise ValidationError({"ends_on": _("Too early.")})',
        ),
        (
            'raise EnrollmentError("Full.", errors={"seat": "Full."})',
            'raise EnrollmentError(_("Full."), errors={"seat": _("Full.")})',
        ),
        (
            'messages.success(request, f"Saved {n} marks.")',
            'messages.success(request, ngettext("Saved %(n)s mark.", "Saved %(n)s marks.", n))',
        ),
        (
            'form.add_error(None, "Wait an hour.")',
            'form.add_error(None, gettext("Wait an hour."))',
        ),
        (
            'name = models.CharField("meeting place", help_text="Where.")',
            'name = models.CharField(_("meeting place"), help_text=_("Where."))',
        ),
        (
            'f = forms.CharField(label="Reason", error_messages={"required": "Say why."})',
            'f = forms.CharField(label=_("Reason"), error_messages={"required": _("Say why.")})',
        ),
        (
            'MultiFieldPanel([], heading="Dates")',
            'MultiFieldPanel([], heading=_("Dates"))',
        ),
        (
            'status = models.CharField(choices=[("open", "Open")])',
            'status = models.CharField(choices=[("open", _("Open"))])',
        ),
        (
            'class Status(models.TextChoices):\n    OPEN = "open", "Open"',
            'class Status(models.TextChoices):\n    OPEN = "open", _("Open")',
        ),
        (
            'class Cohorts(SnippetViewSet):\n    menu_label = "Cohorts"',
            'class Cohorts(SnippetViewSet):\n    menu_label = _("Cohorts")',
        ),
        (
            'class Meta:\n    verbose_name = "module"',
            'class Meta:\n    verbose_name = _("module")',
        ),
        (
            'actions.register_action("x.accept", "Accept", "Accepted")',
            'actions.register_action("x.accept", _("Accept"), _("Accepted"))',
        ),
        (
            'SUBJECTS = {"welcome": "Welcome to {cohort}"}',
            'SUBJECTS = {"welcome": _("Welcome to %(cohort)s")}',
        ),
        (
            'def get_page_title(self):\n    return f"Roster: {self.cohort}"',
            'def get_page_title(self):\n    return _("Roster: %(c)s") % {"c": self.cohort}',
        ),
        (
            'def clean(self):\n    errors = {}\n    errors["ends_at"] = "Too early."',
            'def clean(self):\n    errors = {}\n    errors["ends_at"] = _("Too early.")',
        ),
        (
            'def check():\n    message = "Too late."\n    raise EnrollmentError(message)',
            'def check():\n    message = _("Too late.")\n    raise EnrollmentError(message)',
        ),
        (
            'HELP = "Say why."\nfield = forms.CharField(help_text=HELP)',
            'HELP = gettext_lazy("Say why.")\nfield = forms.CharField(help_text=HELP)',
        ),
        (
            # makemessages does not extract an alias other than `_`: never translated.
            'field = forms.CharField(help_text=_lazy("Say why."))',
            'field = forms.CharField(help_text=gettext_lazy("Say why."))',
        ),
    ],
)
def test_the_scanner_finds_unmarked_text_and_passes_marked_text(unmarked, marked):
    imports = (
        "from django.utils.translation import gettext, ngettext, gettext as _\n"
        "from django.utils.translation import gettext_lazy, gettext_lazy as _lazy\n"
    )
    exceptions = "class EnrollmentError(Exception):\n    pass\n"
    assert found_in(imports + unmarked, exceptions), f"not caught: {unmarked}"
    assert found_in(imports + marked, exceptions) == [], f"caught though marked: {marked}"


def test_an_exception_class_of_the_project_counts_however_deep_it_derives():
    errors = "class QuizError(Exception):\n    pass\n\nclass LateError(QuizError):\n    pass\n"
    assert found_in('raise LateError("Too late.")', errors) == ["Too late."]


def test_text_for_the_operator_or_no_words_at_all_is_let_through():
    source = """
        class CpaConfig(AppConfig):
            label = "cpa_site"
        raise AcademyStartRefused("The academy name is needed.")
        messages.success(request, f"{count}: {name}")
        errors["code"] = "-"
        ROLE_LABELS = {None: "Resident"}
        logger.warning("Could not purge the page cache")
    """
    exceptions = "class AcademyStartRefused(Exception):\n    pass\n"
    assert found_in(source, exceptions) == []
