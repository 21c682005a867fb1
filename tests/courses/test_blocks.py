import datetime

import pytest
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from courses.blocks import (
    CalloutBlock,
    ImageBlock,
    KeyFactsBlock,
    ModuleBodyBlock,
    PolicyReferenceBlock,
    ScenarioBlock,
    SourceQuoteBlock,
    VideoBlock,
)


def render(block, raw):
    return block.render(block.to_python(raw))


def test_key_facts_render_as_a_description_list():
    html = render(
        KeyFactsBlock(),
        {"heading": "Key facts", "facts": [{"figure": "3 days", "label": "of training a year"}]},
    )
    assert "<dt>3 days</dt>" in html
    assert "<dd>of training a year</dd>" in html


def test_policy_reference_shows_issuer_date_and_link():
    html = render(
        PolicyReferenceBlock(),
        {
            "title": "Response to resistance",
            "issuing_body": "Police department",
            "effective_date": "2020-05-29",
            "summary": "",
            "url": "https://example.org/p",
            "document": None,
        },
    )
    assert "Response to resistance" in html
    assert '<time datetime="2020-05-29">May 29, 2020</time>' in html
    assert 'href="https://example.org/p"' in html


def test_policy_reference_without_link_or_document_is_refused_at_the_link_field():
    block = PolicyReferenceBlock()
    value = block.to_python(
        {"title": "T", "issuing_body": "B", "effective_date": "2020-05-29", "summary": ""}
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "url" in excinfo.value.block_errors
    assert "Give a link or choose a document" in str(excinfo.value.block_errors["url"])


def test_image_without_alt_text_is_refused():
    block = ImageBlock()
    value = block.to_python({"image": None, "alt_text": "", "caption": ""})
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "alt_text" in excinfo.value.block_errors


def test_video_is_a_link_with_transcript_and_loads_nothing_from_elsewhere():
    html = render(
        VideoBlock(),
        {"title": "Scene", "url": "https://video.example.org/1", "transcript": "Hi"},
    )
    assert 'href="https://video.example.org/1"' in html
    assert "<iframe" not in html
    assert "Read the transcript" in html


def test_scenario_lists_questions_and_escapes_html():
    html = render(
        ScenarioBlock(),
        {"title": "Street", "situation": "<script>x</script>", "questions": ["What first?"]},
    )
    assert "<li>What first?</li>" in html
    assert "<script>" not in html


def test_callout_carries_its_tone():
    html = render(CalloutBlock(), {"tone": "important", "heading": "Note", "text": "<p>Hi</p>"})
    assert "callout--important" in html


def test_every_block_has_icon_template_and_the_module_stream_validates_dates():
    stream = ModuleBodyBlock()
    for name, child in stream.child_blocks.items():
        assert child.meta.icon, name
        assert getattr(child.meta, "template", None), name
    with pytest.raises((StreamBlockValidationError, StructBlockValidationError)):
        value = stream.to_python(
            [
                {
                    "type": "policy_reference",
                    "value": {"title": "", "issuing_body": "", "effective_date": None},
                }
            ]
        )
        stream.clean(value)
    assert isinstance(PolicyReferenceBlock().meta.preview_value["effective_date"], datetime.date)


def test_policy_reference_shows_its_own_date_when_known_and_the_link_label():
    html = render(
        PolicyReferenceBlock(),
        {
            "title": "Questions about the policies?",
            "issuing_body": "Police department",
            "effective_date": "2020-05-29",
            "described_in": "",
            "described_on": None,
            "url": "https://example.org/faq",
            "link_label": "The department's FAQ page",
        },
    )
    assert 'Dated <time datetime="2020-05-29">May 29, 2020</time>' in html
    assert "Described in" not in html
    assert (
        '<a href="https://example.org/faq" rel="noopener">The department&#x27;s FAQ page</a>'
        in html
    )
    assert "issuer" not in html


def test_policy_reference_without_its_own_date_says_where_it_is_described_and_when():
    html = render(
        PolicyReferenceBlock(),
        {
            "title": "Response to Resistance policy",
            "issuing_body": "Police department",
            "effective_date": None,
            "described_in": "Questions about the policies?",
            "described_on": "2020-05-29",
            "url": "https://example.org/faq",
            "link_label": "The FAQ page, which says where the policy is published",
        },
    )
    assert (
        'Described in “Questions about the policies?” on <time datetime="2020-05-29">May 29, '
        "2020</time>" in html
    )
    assert "Dated" not in html
    assert "The FAQ page, which says where the policy is published</a>" in html


def test_a_policy_reference_stored_before_the_new_fields_still_renders():
    """StreamField JSON saved without described_in, described_on or link_label."""
    html = render(
        PolicyReferenceBlock(),
        {
            "title": "Old reference",
            "issuing_body": "Police department",
            "effective_date": "2020-05-29",
            "summary": "",
            "url": "https://example.org/old",
            "document": None,
        },
    )
    assert '<time datetime="2020-05-29">May 29, 2020</time>' in html
    assert '<a href="https://example.org/old" rel="noopener">https://example.org/old</a>' in html


def test_policy_reference_needs_a_date_or_the_source_that_describes_it_and_a_link_label():
    block = PolicyReferenceBlock()
    value = block.to_python(
        {"title": "T", "issuing_body": "B", "url": "https://example.org/p", "summary": ""}
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    errors = excinfo.value.block_errors
    assert {"described_in", "described_on", "link_label"} <= errors.keys()
    assert "name the source that describes it" in str(errors["described_in"])
    assert "Say what the link leads to" in str(errors["link_label"])
    described = block.to_python(
        {
            "title": "T",
            "issuing_body": "B",
            "described_in": "The FAQ",
            "described_on": "2020-05-29",
            "url": "https://example.org/p",
            "link_label": "The FAQ page",
        }
    )
    assert block.clean(described)["described_in"] == "The FAQ"


def test_source_quote_shows_the_quote_and_cites_its_source():
    html = render(
        SourceQuoteBlock(),
        {
            "quote": "Officers undergo three days of in-service training every year.",
            "source_title": "Questions about the policies?",
            "issuing_body": "Police department",
            "source_date": "2020-05-29",
            "url": "https://example.org/faq",
        },
    )
    assert '<blockquote cite="https://example.org/faq">' in html
    assert "<p>Officers undergo three days of in-service training every year.</p>" in html
    assert "<cite>Questions about the policies?</cite>" in html
    assert '<time datetime="2020-05-29">May 29, 2020</time>' in html
