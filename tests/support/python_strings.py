"""The scanner behind tests/cpa_site/test_translatable_python.py: text people read that the
Python code writes without marking it for translation.

An `ast` walk (no code runs) finds text with letters where people read it and reports each piece
not wrapped in gettext, gettext_lazy, pgettext, ngettext, gettext_noop or format_lazy, by name
or imported as `_` (makemessages extracts no other alias: text in `_lazy(...)` would never reach
the catalogues, so it counts as unmarked): (a) the message of ValidationError and of every
exception class the project defines,
(b) messages.<level>(...), add_error(...), (c) label=, help_text=, verbose_name=, heading=,
empty_label=, placeholder=, menu_label=, message= and any keyword ending in _label or _message,
(d) a model or form field's first argument, (e) choices and TextChoices labels, (f) class
attributes Wagtail or Django show (menu_label, page_title, verbose_name, label, display_name ...),
(g) register_action's labels, (h) dicts named like SUBJECTS, HEADINGS, COLUMNS, LABELS or errors,
dict keys "label"/"placeholder"/"aria-label", and what functions named like get_page_title,
get_trail or *_message return. f-strings, "..." % x, "...".format() and concatenation there count
as unmarked text. Names are followed to what the module or the function assigns them.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path


def _words(text: str) -> set[str]:
    return set(text.split())


ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cpa_site", "courses", "enrollment")

TRANSLATION_FUNCTIONS = _words(
    """
    gettext gettext_lazy pgettext pgettext_lazy ngettext ngettext_lazy npgettext npgettext_lazy
    gettext_noop format_lazy _
    """
)
# Calls that hand their first argument on to the page as it is: the text inside must be marked.
PASS_THROUGH = {"format_html", "mark_safe", "str", "SafeString"}
# Each allowed construct, with the reason it is not translated.
OPERATOR_EXCEPTIONS = {
    "AcademyStartRefused": "read by the operator at a terminal (manage.py start_academy)",
    "DemoRefused": "read by the developer at a terminal (manage.py load_demo_academy)",
    "DemoTranslationError": "a demo data file that does not fit its page, read by the developer",
}
TECHNICAL_CLASS_ATTRIBUTES = {
    ("AppConfig", "label"): "an app label is an identifier, not a word",
}
TECHNICAL_FUNCTIONS = {
    "axes_log_label": "the name django-axes logs a sign-in attempt under, for the audit log",
}
TERMINAL_TABLES = {
    "ROLE_LABELS": "demo accounts printed at the terminal by manage.py load_demo_academy",
}
# Sample content, not the admin's words: a block's preview in the block picker.
SAMPLE_CONTENT = {"preview_value"}

KEYWORDS = _words(
    """
    label help_text verbose_name verbose_name_plural heading empty_label placeholder menu_label
    message success_message error_messages labels help_texts
    """
)
CLASS_ATTRIBUTES = _words(
    """
    menu_label page_title page_subtitle header_title verbose_name verbose_name_plural label
    help_text heading empty_label display_name aria_label success_message error_message
    page_description description labels help_texts error_messages
    """
)
# A dict (or list) of text for pages or emails, by its name: SUBJECTS, HEADINGS, COLUMNS ...
TEXT_TABLE = re.compile(
    r"(subject|heading|column|label|title|message|verb|error|notice|caption)s?$", re.IGNORECASE
)
# Keyword arguments (and parameters' defaults) named like these carry text too.
TEXT_KEYWORD = re.compile(r"^(?!.*__)(?!app_label$).*_(label|message)$")
# Keys of a literal dict that hold text: HTML attributes people read, and labels.
TEXT_KEYS = {"placeholder", "aria-label", "label", "heading", "help_text"}
# What a function named like this returns is text for a page: a title, a breadcrumb trail, a
# message, a label, a refusal ("why not").
TEXT_FUNCTION = re.compile(r"(title|trail|message|label|heading|refusal|clash|wording)s?$")
RELATION_FIELDS = _words(
    """
    ForeignKey OneToOneField ManyToManyField ParentalKey ParentalManyToManyField
    GenericRelation StreamField
    """
)
# Wagtail's search index declarations end in Field too; their argument is a field name.
NOT_MODEL_FIELDS = {"SearchField", "FilterField", "AutocompleteField"}
# Wagtail admin widgets whose first argument is the label a coordinator reads.
LABEL_FIRST = _words(
    """
    MenuItem SubmenuMenuItem AdminOnlyMenuItem Button ListingButton PageListingButton
    HeaderButton ButtonWithDropdown SearchArea
    """
)
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
LETTERS = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    rule: str
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.rule}: {self.text!r}"


def _name(node) -> str:
    """The last part of a dotted name (`models.CharField` -> CharField), '' for the rest."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _assigned_names(statements) -> dict[str, list[ast.expr]]:
    """Each plain name assigned among `statements` (or nodes), with every value it is given."""
    names: dict[str, list[ast.expr]] = {}
    for node in statements:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                names.setdefault(target.id, []).append(node.value)
    return names


class Scanner(ast.NodeVisitor):
    """Collects the unmarked text of one module; `exceptions` are the project's error classes."""

    def __init__(self, path: str, tree: ast.Module, exceptions: set[str]):
        self.path = path
        self.exceptions = exceptions
        self.hits: list[Hit] = []
        self.markers = set(TRANSLATION_FUNCTIONS)
        self.unseen_markers: set[str] = set()
        self.scopes: list[dict[str, list[ast.expr]]] = []
        self.seen: set[tuple[int, int]] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in (
                "django.utils.translation",
                "django.utils.text",
            ):
                for alias in node.names:
                    if alias.asname and alias.name in TRANSLATION_FUNCTIONS:
                        if alias.asname == "_":
                            self.markers.add(alias.asname)
                        else:  # marked for no one: makemessages does not see this name
                            self.unseen_markers.add(alias.asname)
        self.constants = _assigned_names(tree.body)
        self.visit(tree)

    def resolve(self, name: str) -> list[ast.expr]:
        """What a name may hold: its assignments in the enclosing function, else the module's."""
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return self.constants.get(name, [])

    # What counts as unmarked text.
    def unmarked(self, node, seen=()) -> list[ast.AST]:
        if isinstance(node, ast.Constant):
            text = node.value
            if isinstance(text, str) and LETTERS.search(text):
                return [node]
            return []
        if isinstance(node, ast.JoinedStr):
            literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            return [node] if LETTERS.search(literal) else []
        if isinstance(node, ast.BinOp):
            found = self.unmarked(node.left, seen)
            return (
                found + self.unmarked(node.right, seen) if isinstance(node.op, ast.Add) else found
            )
        if isinstance(node, ast.IfExp):
            return self.unmarked(node.body, seen) + self.unmarked(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return [hit for value in node.values for hit in self.unmarked(value, seen)]
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [hit for item in node.elts for hit in self.unmarked(item, seen)]
        if isinstance(node, ast.Dict):
            return [hit for value in node.values for hit in self.unmarked(value, seen)]
        if isinstance(node, ast.Call):
            function = _name(node.func)
            if function in self.markers:
                return []
            if function in self.unseen_markers and node.args:
                return self.unmarked(node.args[0], seen)
            if function == "format" and isinstance(node.func, ast.Attribute):
                return self.unmarked(node.func.value, seen)
            if function in PASS_THROUGH and node.args:
                return self.unmarked(node.args[0], seen)
            return []
        if isinstance(node, ast.Name) and node.id not in seen:
            return [
                hit
                for value in self.resolve(node.id)
                for hit in self.unmarked(value, (*seen, node.id))
            ]
        return []

    def check(self, node, rule: str) -> None:
        for found in self.unmarked(node):
            if (found.lineno, found.col_offset) in self.seen:
                continue  # one construct may match two rules: report it once
            self.seen.add((found.lineno, found.col_offset))
            text = ast.unparse(found) if not isinstance(found, ast.Constant) else found.value
            self.hits.append(Hit(self.path, found.lineno, rule, text))

    def check_choices(self, node, rule: str) -> None:
        """The label (last item) of each (value, label) pair of a literal list of choices."""
        if isinstance(node, ast.Name):
            for value in self.resolve(node.id):
                self.check_choices(value, rule)
        elif isinstance(node, (ast.List, ast.Tuple)):
            for pair in node.elts:
                if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) >= 2:
                    self.check(pair.elts[-1], rule)

    # Where people read text.
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {_name(base) for base in node.bases}
        is_choices = any(base.endswith("Choices") for base in bases)
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets, value = [statement.target], statement.value
            else:
                continue
            for target in targets:
                attribute = _name(target) if isinstance(target, ast.Name) else ""
                if is_choices and isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                    self.check(value.elts[-1], "choice label")
                elif attribute in CLASS_ATTRIBUTES and not any(
                    (base, attribute) in TECHNICAL_CLASS_ATTRIBUTES for base in bases
                ):
                    self.check(value, f"class attribute {attribute}")
                elif attribute == "preview_modes" or attribute.upper().endswith("CHOICES"):
                    self.check_choices(value, f"{attribute} label")
        self.generic_visit(node)

    def visit_FunctionDef(self, node) -> None:
        self.scopes.append(_assigned_names(ast.walk(node)))
        arguments = node.args.posonlyargs + node.args.args
        defaults = list(
            zip(
                arguments[len(arguments) - len(node.args.defaults) :],
                node.args.defaults,
                strict=True,
            )
        )
        defaults += [
            (a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True) if d
        ]
        for argument, default in defaults:
            if argument.arg in KEYWORDS or TEXT_KEYWORD.search(argument.arg):
                self.check(default, f"default of {argument.arg}")
        if TEXT_FUNCTION.search(node.name) and node.name not in TECHNICAL_FUNCTIONS:
            for statement in ast.walk(node):
                if isinstance(statement, ast.Return) and statement.value is not None:
                    self.check(statement.value, f"what {node.name}() returns")
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        names = {_name(target) for target in node.targets}
        if names & SAMPLE_CONTENT:
            return
        for target in node.targets:
            name = _name(target)
            if name in TERMINAL_TABLES:
                continue
            if name and TEXT_TABLE.search(name) and isinstance(node.value, ast.Dict):
                self.check(node.value, f"text table {name}")
            # errors["field"] = "..." into a dict named like a table of text
            if isinstance(target, ast.Subscript) and TEXT_TABLE.search(_name(target.value)):
                self.check(node.value, f"text table {_name(target.value)}")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in TEXT_KEYS:
                self.check(value, f"{key.value} attribute")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = _name(node.func)
        receiver = _name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
        if function in self.exceptions and function not in OPERATOR_EXCEPTIONS:
            for arg in positional[:1]:
                self.check(arg, f"{function} message")
            for keyword in node.keywords:
                if keyword.arg in ("message", "errors"):
                    self.check(keyword.value, f"{function} {keyword.arg}")
        elif receiver == "messages" and function in MESSAGE_LEVELS:
            for arg in positional[1:2]:
                self.check(arg, f"messages.{function}")
        elif receiver == "messages" and function == "add_message":
            for arg in positional[2:3]:
                self.check(arg, "messages.add_message")
        elif function == "add_error":
            for arg in positional[1:2]:
                self.check(arg, "add_error message")
        elif function == "register_action":
            for arg in positional[1:3]:
                self.check(arg, "log action label")
        elif function.endswith("Field") and function not in RELATION_FIELDS | NOT_MODEL_FIELDS:
            for arg in positional[:1]:
                self.check(arg, f"{function} verbose name")
        elif function in LABEL_FIRST:
            for arg in positional[:1]:
                self.check(arg, f"{function} label")
        elif function in ("display", "action"):  # @admin.display(description=...)
            for keyword in node.keywords:
                if keyword.arg == "description":
                    self.check(keyword.value, f"{function} description")
        elif function == "HelpPanel":
            for keyword in node.keywords:
                if keyword.arg == "content":
                    self.check(keyword.value, "HelpPanel content")
        for keyword in node.keywords:
            if keyword.arg is None or function in self.exceptions:
                continue
            if keyword.arg in KEYWORDS or TEXT_KEYWORD.search(keyword.arg):
                self.check(keyword.value, f"{keyword.arg}=")
            elif keyword.arg == "choices":
                self.check_choices(keyword.value, "choices label")
        self.generic_visit(node)


def source_files(root: Path = ROOT) -> list[Path]:
    """The project's Python files, migrations and tests left out."""
    return sorted(
        path
        for package in PACKAGES
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def project_exceptions(trees: list[ast.Module]) -> set[str]:
    """ValidationError and every exception class the project defines, however deep."""
    classes = {
        node.name: {_name(base) for base in node.bases}
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    found = {"ValidationError"}
    changed = True
    while changed:
        changed = False
        for name, bases in classes.items():
            if name not in found and any(
                base in found or base.endswith(("Error", "Exception")) for base in bases
            ):
                found.add(name)
                changed = True
    return found


def scan(sources: dict[str, str]) -> list[Hit]:
    """Unmarked text in each of `sources` (path -> Python source), found together so that an
    exception class defined in one counts in the others."""
    trees = {path: ast.parse(text, filename=path) for path, text in sources.items()}
    exceptions = project_exceptions(list(trees.values()))
    return [hit for path, tree in trees.items() for hit in Scanner(path, tree, exceptions).hits]


def scan_project(root: Path = ROOT) -> list[Hit]:
    return scan({str(path.relative_to(root)): path.read_text() for path in source_files(root)})
