"""Charts drawn on the server: valid SVG a screen reader can name, every figure in a bar's own
title, no inline style (the Content Security Policy forbids it), long names shortened."""

from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from enrollment.outcomes.charts import bar_chart, grouped_bar_chart, value_text

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> Element:
    return ElementTree.fromstring(svg)


def test_a_bar_chart_is_an_image_named_and_described_with_each_value_in_its_bar():
    svg = bar_chart(
        title="Session ratings",
        description="Mean rating of each session, out of 5.",
        bars=[("Week 1: How officers train", 4.25), ("Week 2 <talk>", None)],
        maximum=5,
    )
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Session ratings"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    bars = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert bars == ["Week 1: How officers train: 4.25", "Week 2 <talk>: -"]
    assert "<talk>" not in svg  # escaped
    assert "style=" not in svg


def test_a_grouped_chart_has_a_legend_and_a_bar_per_series_and_category():
    svg = grouped_bar_chart(
        title="Before and after",
        description="Mean agreement before and after the course.",
        categories=["I trust officers to explain their decisions. " * 3, "Short"],
        series=[("Before", [2.5, 3.0]), ("After", [4.0, 3.5])],
        maximum=5,
    )
    root = parse(svg)
    rects = list(root.iter(f"{SVG}rect"))
    assert len(rects) == 2 + 4  # two legend keys, four bars
    widths = [float(r.get("width")) for r in rects[2:]]
    assert widths[0] < widths[1], "a higher mean draws a longer bar"
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("I trust")]
    assert labels and labels[0].endswith("…") and len(labels[0]) <= 70
    assert [r.get("stroke-dasharray") for r in rects[2:]] == [None, "5 3", None, "5 3"]


def test_values_are_written_with_at_most_two_decimals():
    assert value_text(None) == "-"
    assert value_text(4.0) == "4"
    assert value_text(3.456) == "3.46"
    assert value_text(0.5, "%") == "0.50%"
