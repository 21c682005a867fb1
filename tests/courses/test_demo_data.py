"""The demo's data files: a slip in one would otherwise show only when the demo is loaded."""

import pytest

from courses import demo_data
from courses.blocks import ContentBodyBlock, ModuleBodyBlock

MODULE_KEYS = {
    "number",
    "slug",
    "title",
    "summary",
    "duration_minutes",
    "objectives",
    "sources",
    "body",
    "quiz",
}
QUESTION_KEYS = {"kind", "text", "choices", "explanation"}
PATHS = demo_data.module_paths()


@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_every_module_file_is_complete_and_named_after_its_number_and_slug(path):
    module = demo_data.read(path)
    assert module.keys() >= MODULE_KEYS
    assert path.name == f"{module['number']:02d}-{module['slug']}.toml"
    assert {block["type"] for block in module["body"]} <= ModuleBodyBlock().child_blocks.keys()
    for question in module["quiz"]:
        assert question.keys() >= QUESTION_KEYS, question["text"]
        assert all(isinstance(correct, bool) for _text, correct in question["choices"])


def test_modules_are_numbered_1_to_8_without_gaps():
    assert [module["number"] for module in demo_data.MODULES] == list(range(1, 9))


def test_content_pages_use_only_blocks_a_content_page_takes():
    for page in demo_data.PAGES:
        assert page.keys() >= {"slug", "title", "intro", "body"}
        assert {kind for kind, _value in page["body"]} <= ContentBodyBlock().child_blocks.keys()


def test_every_module_citing_the_faq_cites_it_as_academy_toml_does():
    """The modules repeat the FAQ's details; this keeps the copies from drifting apart."""
    for module in demo_data.MODULES:
        for kind, value in module["body"]:
            if kind == "policy_reference" and value["title"] == demo_data.FAQ_TITLE:
                assert value["issuing_body"] == demo_data.KCPD, module["slug"]
                assert value["effective_date"] == demo_data.FAQ_DATE, module["slug"]
                assert value["url"] == demo_data.FAQ_URL, module["slug"]
                assert value["link_label"] == "The department's FAQ page", module["slug"]


def test_a_policy_the_faq_only_mentions_is_described_in_the_faq_not_dated_by_it():
    """The FAQ's publish date is not the date of the policies it points to."""
    described = 0
    for module in demo_data.MODULES:
        for kind, value in module["body"]:
            if kind == "policy_reference" and value["title"] != demo_data.FAQ_TITLE:
                described += 1
                assert not value.get("effective_date"), value["title"]
                assert value["described_in"] == demo_data.FAQ_TITLE, value["title"]
                assert value["described_on"] == demo_data.FAQ_DATE, value["title"]
                assert value["link_label"], value["title"]
    assert described >= 3  # Response to Resistance, the budget, Annex D
