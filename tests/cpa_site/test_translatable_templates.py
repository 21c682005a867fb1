"""Every word a person reads in a template goes through translation.

A scanner built on Django's template lexer reads each template of the project (nothing is
rendered, so every branch is seen) and reports, by file and line, English left outside
`{% translate %}` and `{% blocktranslate %}`: text between HTML tags, the attributes people
read or hear (alt, title, aria-label ...), and quoted words passed to tags and filters that are
not `_("...")`. Machine words (template and URL names, date format names, CSS classes) are
allowed by the small lists below, each with its reason.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.base import Lexer, TokenType

from cpa_site.formats import NAMES as FORMAT_NAMES

# Stands in the page's skeleton for a tag or a variable: it is never a letter.
MARK = "\ue000"

# Tags whose quoted arguments are compared with data and never shown.
COMPARING_TAGS = {
    "if": "operands of a comparison (a status, a block type, a field's widget)",
    "elif": "operands of a comparison",
}
# Tags whose first argument is a machine word (or, for translate, the message itself).
FIRST_ARGUMENT = {
    "extends": "a template name",
    "include": "a template name",
    "url": "a URL name",
    "static": "a static file's path",
    "translate": "the message to translate",
    "trans": "the message to translate",
}
# Tags whose later positional arguments are specifications, not words.
SPEC_ARGUMENTS = {"image": "a rendition spec (fill-80x80, max-1000x800)"}
# Keyword arguments whose values are machine words, whatever the tag.
MACHINE_KEYWORDS = {
    "class": "CSS classes",
    "classname": "CSS classes (Wagtail's admin tags)",
    "icon": "the name of a Wagtail admin icon",
    "id": "an element's id",
    "type": "a button's or input's type",
    "name": "a form field's name",
    "method": "an HTTP method",
}
TRANSLATION_TAGS = {"translate", "trans", "blocktranslate", "blocktrans"}
# Date formats: the named formats of cpa_site/formats, and ISO 8601 for <time datetime>.
DATE_FORMATS = {*FORMAT_NAMES, "c", "Y-m-d"}
DATE_FILTERS = {"date", "time"}
# Blocks whose content fills an attribute people do not read.
MACHINE_BLOCKS = {"body_class": "CSS classes of <body>"}

# Attributes people read or hear, on any element.
READ_ATTRIBUTES = {
    "alt",
    "title",
    "aria-label",
    "aria-description",
    "placeholder",
    "data-label",  # stacked tables on phones show it as each cell's heading (site.css)
}
# An <input>'s value is its label for these types; a <button>'s value is sent, not shown.
LABELLED_BY_VALUE = {"submit", "button", "reset"}

SKIP_REGIONS = {
    "comment": "endcomment",
    "verbatim": "endverbatim",
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
}
LETTER = re.compile(r"[^\W\d_]")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
LITERAL = re.compile(r"""(?P<marked>_\(\s*)?(?P<quoted>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
FILTER_BEFORE = re.compile(r"\|\s*(\w+)\s*:\s*$")
HIDDEN_ELEMENT = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
HTML_TAG = re.compile(
    r"<!?(?P<name>[a-zA-Z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|</[^>]*>"
)
ATTRIBUTE = re.compile(
    rf"(?P<name>[^\s=/\"'>{MARK}]+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?"
)


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    kind: str
    text: str

    def __str__(self):
        return f"{self.template}:{self.line}: {self.kind}: {self.text!r}"


def has_words(text: str) -> bool:
    return bool(LETTER.search(ENTITY.sub("", text.replace(MARK, ""))))


def literal_allowed(tag: str | None, bits: list[str], index: int, before: str, text: str) -> bool:
    """Whether a quoted string at bits[index] (after `before` in its bit) is a machine word."""
    if tag in COMPARING_TAGS:
        return True
    if found := FILTER_BEFORE.search(before):
        return found[1] in DATE_FILTERS and text in DATE_FORMATS
    if before == "" and index == 1 and tag in FIRST_ARGUMENT:
        return True
    if before == "" and index > 1 and tag in TRANSLATION_TAGS and bits[index - 1] == "context":
        return True  # a message's context, as in {% translate "May" context "month" %}
    if before == "" and index > 1 and tag in SPEC_ARGUMENTS:
        return True
    keyword = re.fullmatch(r"(\w+)=", before)
    return bool(keyword and keyword[1] in MACHINE_KEYWORDS)


def literal_findings(token, template: str) -> list[Finding]:
    """Quoted words with letters in a {% tag %} or {{ variable }}, not marked with _()."""
    if token.token_type is TokenType.BLOCK:
        bits = token.split_contents()
        tag = bits[0]
    else:
        bits, tag = [token.contents], None
    findings = []
    for index, bit in enumerate(bits):
        for match in LITERAL.finditer(bit):
            text = match["quoted"][1:-1]
            if match["marked"] or not has_words(text):
                continue
            if not literal_allowed(tag, bits, index, bit[: match.start()], text):
                findings.append(Finding(template, token.lineno, "quoted words in a tag", text))
    return findings


def skeleton(source: str, template: str) -> tuple[str, list[int], list[Finding]]:
    """The template's text with each tag and variable as MARK (translated regions, comments
    and machine blocks left out), the line of each character, and the tags' unmarked words."""
    chars, lines, findings = [], [], []
    closing = None
    blocks = []
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.COMMENT:
            continue
        if closing:
            if token.token_type is TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type is TokenType.TEXT:
            if any(name in MACHINE_BLOCKS for name in blocks):
                continue
            line = token.lineno
            for char in token.contents:
                chars.append(char)
                lines.append(line)
                line += char == "\n"
            continue
        findings += literal_findings(token, template)
        chars.append(MARK)
        lines.append(token.lineno)
        if token.token_type is TokenType.BLOCK:
            words = token.contents.split()
            if words[0] in SKIP_REGIONS:
                closing = SKIP_REGIONS[words[0]]
            elif words[0] == "block":
                blocks.append(words[1])
            elif words[0] == "endblock" and blocks:
                blocks.pop()
    return "".join(chars), lines, findings


def attribute_findings(match, lines: list[int], template: str) -> list[Finding]:
    """Read attributes of one HTML tag written as literal words."""
    element = match["name"].lower()
    attributes = {}
    for attribute in ATTRIBUTE.finditer(match["attrs"] or ""):
        value = attribute["value"] or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        attributes[attribute["name"].lower()] = (value, match.start("attrs") + attribute.start())
    read = {name for name in attributes if name in READ_ATTRIBUTES}
    if element == "input" and attributes.get("type", ("",))[0].lower() in LABELLED_BY_VALUE:
        read.add("value")
    if element == "meta" and attributes.get("name", ("",))[0].lower() == "description":
        read.add("content")
    return [
        Finding(template, lines[attributes[name][1]], f"{name} attribute", attributes[name][0])
        for name in sorted(read)
        if has_words(attributes[name][0])
    ]


def scan(source: str, template: str = "<string>", *, html: bool = True) -> list[Finding]:
    """Every piece of visible English outside translation tags, with its line."""
    text, lines, findings = skeleton(source, template)

    def blank(match):
        return re.sub(r"[^\n]", " ", match[0])

    if html:
        text = HIDDEN_ELEMENT.sub(blank, text)
        for match in HTML_TAG.finditer(text):
            if match["name"]:
                findings += attribute_findings(match, lines, template)
        text = HTML_TAG.sub(blank, text)
    for chunk in re.finditer(r"[^\n]+", text):
        if has_words(chunk[0]):
            first_letter = chunk.start() + LETTER.search(chunk[0]).start()
            words = " ".join(chunk[0].replace(MARK, "{…}").split())
            findings.append(Finding(template, lines[first_letter], "text", words))
    return sorted(findings, key=lambda finding: finding.line)


def project_templates() -> list[Path]:
    roots = {Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]}
    roots |= {folder for folder in Path(settings.BASE_DIR).glob("*/templates") if folder.is_dir()}
    return sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in (".html", ".txt") and path.is_file()
    )


def test_every_template_has_its_words_marked_for_translation():
    templates = project_templates()
    assert any(path.name == "base.html" for path in templates), "found no templates"
    findings = []
    for path in templates:
        name = str(path.relative_to(settings.BASE_DIR))
        findings += scan(path.read_text(), name, html=path.suffix == ".html")
    assert not findings, "Words not marked for translation:\n" + "\n".join(map(str, findings))


def test_every_template_compiles_with_the_tags_it_loads():
    """A {% translate %} without {% load i18n %} fails only when its branch is rendered."""
    engine = engines["django"].engine
    for path in project_templates():
        try:
            engine.from_string(path.read_text())
        except TemplateSyntaxError as error:
            raise AssertionError(f"{path.relative_to(settings.BASE_DIR)}: {error}") from error


def test_scanner_reports_an_unmarked_word_between_tags_with_its_line():
    findings = scan("{% load i18n %}\n<main>\n    <p>Hello {{ name }}</p>\n</main>")
    assert [(finding.line, finding.kind) for finding in findings] == [(3, "text")]
    assert "Hello" in findings[0].text


def test_scanner_accepts_the_same_words_marked():
    assert scan('{% load i18n %}<p>{% translate "Hello" %}</p>') == []
    assert (
        scan(
            "<p>{% blocktranslate trimmed with name=user.name %}\n  Hello {{ name }}\n"
            "{% endblocktranslate %}</p>"
        )
        == []
    )
    counted = "{% blocktranslate count counter=n %}{{ counter }} seat{% plural %}"
    assert scan(counted + "{{ counter }} seats{% endblocktranslate %}") == []


def test_scanner_reports_read_attributes_written_as_words():
    findings = scan(
        '<nav aria-label="Main"><img src="a.png" alt="A badge"><input type="submit" value="Go">'
        '<input type="hidden" name="step" value="review"><meta name="description" content="Hi">'
        '<td data-label="Place"></td></nav>'
    )
    kinds = sorted(finding.kind for finding in findings)
    assert kinds == [
        "alt attribute",
        "aria-label attribute",
        "content attribute",
        "data-label attribute",
        "value attribute",
    ]
    marked = (
        '<nav aria-label="{% translate \'Main\' %}" class="site-nav"{% if x %} hidden{% endif %}>'
    )
    assert scan(marked + "</nav>") == []


def test_scanner_reports_quoted_words_passed_to_tags_and_filters():
    findings = scan(
        '{% include "components/box.html" with label="Your name" %}'
        '{{ person.name|default:"(no name)" }}{% element button type="submit" title="Go" %}'
    )
    assert [finding.text for finding in findings] == ["Your name", "(no name)", "Go"]
    assert (
        scan(
            '{% include "components/box.html" with label=_("Your name") icon="form" %}'
            "{{ person.name|default:_(\"(no name)\") }}{{ day|date:'DATE_FORMAT' }}"
            "{% url 'my_academy' %}{% if status == \"held\" %}{% endif %}"
            '{% translate "May" context "month" %}{% image photo fill-80x80 class="photo" %}'
        )
        == []
    )
    assert [finding.text for finding in scan('{{ day|date:"l jS F" }}')] == ["l jS F"]


def test_scanner_ignores_comments_scripts_styles_entities_and_machine_blocks():
    source = (
        "{# A note for developers #}{% comment %}Why this is so{% endcomment %}"
        "<!-- markup note --><script>const label = 'Menu';</script>"
        "<style>p { font: Arial; }</style>"
        "<!DOCTYPE html><p>&nbsp;&middot; {{ a }} &#8212; 42%</p>"
        "{% block body_class %}page-home{% endblock %}"
    )
    assert scan(source) == []


def test_scanner_reads_a_plain_text_email_as_words():
    findings = scan("{% autoescape off %}Hello,\n\nSee {{ url }}{% endautoescape %}", html=False)
    assert [(finding.line, finding.text) for finding in findings] == [
        (1, "{…}Hello,"),
        (3, "See {…}{…}"),
    ]
