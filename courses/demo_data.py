"""The demo academy's content, read from the TOML files in `courses/demo/`.

Text is kept as data so it can be edited without touching Python; `cpa_site.demo` loads it.
One file per module (`NN-slug.toml`, with its quiz), `academy.toml` (with the Academy
settings) and `pages.toml`.
"""

import tomllib
from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demo"
SOURCES_DIR = DEMO_DIR / "sources"


def _unwrap(text: str) -> str:
    """Join text wrapped over lines in a file: a line break reads as a space, but as nothing
    between ">" and "<", so HTML can go one block per line without gaining spaces."""
    if "\n" not in text:
        return text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined += line if joined.endswith(">") and line.startswith("<") else " " + line
    return joined


def _unwrapped(value):
    if isinstance(value, str):
        return _unwrap(value)
    if isinstance(value, dict):
        return {key: _unwrapped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unwrapped(item) for item in value]
    return value


def read(path: Path) -> dict:
    """One data file, its wrapped text joined; a syntax error names the file, which
    tomllib's own message does not."""
    with path.open("rb") as file:
        try:
            data = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path.name}: {error}") from error
    return _unwrapped(data)


def _blocks(body: list[dict]) -> list[tuple[str, object]]:
    """A body as the loader takes it: (block type, value) pairs."""
    return [(block["type"], block["value"]) for block in body]


def _source_quotes(quotes: list[str]) -> list[tuple[str, dict]]:
    """A module's quotes as Sources blocks: every one comes from the department's FAQ."""
    faq = {
        "source_title": FAQ_TITLE,
        "issuing_body": KCPD,
        "source_date": FAQ_DATE,
        "url": FAQ_URL,
    }
    return [("quote", {"quote": quote, **faq}) for quote in quotes]


def _module(data: dict) -> dict:
    quiz = [
        {**question, "choices": [tuple(choice) for choice in question["choices"]]}
        for question in data["quiz"]
    ]
    return {
        **data,
        "body": _blocks(data["body"]),
        "sources": _source_quotes(data.get("sources", [])),
        "quiz": quiz,
    }


def module_paths() -> list[Path]:
    """The module files, in file name order: `01-slug.toml` to `08-slug.toml`."""
    return sorted(DEMO_DIR.glob("[0-9][0-9]-*.toml"))


_academy = read(DEMO_DIR / "academy.toml")
ACADEMY = _academy["academy"]
CURRICULUM = _academy["curriculum"]
SETTINGS = _academy["settings"]  # the demo academy's Academy settings
# Their words in other languages: language code -> fields (translations/<code>/settings.toml).
SETTINGS_TRANSLATIONS = {
    path.parent.name: read(path)["settings"]
    for path in sorted((DEMO_DIR / "translations").glob("*/settings.toml"))
}
KCPD = _academy["source"]["department"]
FAQ_TITLE = _academy["source"]["faq_title"]
FAQ_DATE = _academy["source"]["faq_date"]
FAQ_URL = _academy["source"]["faq_url"]
FAQ_TEXT = SOURCES_DIR / _academy["source"]["faq_file"]  # the verbatim copy the quotes match

MODULES = sorted((_module(read(path)) for path in module_paths()), key=lambda m: m["number"])

PAGES = [{**page, "body": _blocks(page["body"])} for page in read(DEMO_DIR / "pages.toml")["pages"]]
