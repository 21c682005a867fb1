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
