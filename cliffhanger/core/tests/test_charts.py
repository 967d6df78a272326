"""The SVG charts: accessible, escaped, and their table holds the drawn numbers."""

import html
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from cliffhanger.core.charts import (
    Series,
    Span,
    TimelineRow,
    _num,
    column_chart,
    line_chart,
    nice_ceiling,
    text,
    timeline_chart,
)

HOSTILE = "</title><script>alert(1)</script>\"' onload=x & \x07bell"


def parse(markup: str) -> ET.Element:
    """The chart is well-formed XML: a stray `<` or quote from a label would not be."""
    return ET.fromstring(str(markup))


def table_rows(figure: ET.Element) -> list[list[str]]:
    table = figure.find(".//table")
    return [
        ["".join(cell.itertext()) for cell in row]
        for row in table.iter("tr")
        if row.find("td") is not None
    ]


def table_head(figure: ET.Element) -> list[str]:
    return ["".join(cell.itertext()) for cell in figure.find(".//table/thead/tr")]


def line(**overrides):
    arguments = {
        "chart_id": "forecast",
        "title": "Will it be renewed?",
        "description": "Shares by day.",
        "labels": ["1 May", "2 May", "3 May"],
        "series": [Series("Yes", [50, 60, 55]), Series("No", [50, 40, 45])],
        "y_max": 100,
        "unit": "%",
    }
    return line_chart(**{**arguments, **overrides})


class TestAccessibility:
    def test_svg_is_an_image_named_by_its_title_and_description(self):
        figure = parse(line())
        svg = figure.find("svg")

        assert figure.tag == "figure" and figure.get("id") == "forecast"
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "forecast-title forecast-desc"
        assert svg.find("title").get("id") == "forecast-title"
        assert svg.find("title").text == "Will it be renewed?"
        assert svg.find("desc").get("id") == "forecast-desc"

    def test_scales_to_the_column_width(self):
        svg = parse(line()).find("svg")

        assert svg.get("width") == "100%"
        assert svg.get("viewBox").startswith("0 0 ")
        assert svg.get("height") is None  # from the viewBox's proportions

    def test_table_is_hidden_from_sight_with_a_caption_and_headers(self):
        figure = parse(line())
        table = figure.find(".//table")

        assert figure.find("div").get("class") == "chart__data visually-hidden"
        assert table.find("caption").text == "Will it be renewed?"
        assert table_head(figure) == ["Day", "Yes", "No"]
        scopes = [th.get("scope") for th in table.iter("th")]
        assert scopes == ["col"] * 3 + ["row"] * 3

    def test_another_hidden_class_for_the_admin(self):
        wrapper = parse(line(table_class="w-sr-only")).find("div")

        assert wrapper.get("class") == "chart__data w-sr-only"
        assert wrapper.find("table") is not None

    def test_no_style_attributes_for_the_content_security_policy(self):
        markup = str(line()) + str(
            timeline_chart(
                chart_id="t",
                title="T",
                description="D",
                start=date(2022, 1, 1),
                end=date(2022, 3, 1),
                rows=[
                    TimelineRow(
                        "S1", "Season 1", [Span(date(2022, 1, 1), None, "x", "X")]
                    )
                ],
            )
        )

        assert " style=" not in markup and "<style" not in markup


class TestNumbers:
    def test_line_table_holds_every_value(self):
        figure = parse(line())

        assert table_rows(figure) == [
            ["1 May", "50%", "50%"],
            ["2 May", "60%", "40%"],
            ["3 May", "55%", "45%"],
        ]

    def test_line_points_follow_the_values(self):
        svg = parse(line(y_max=100)).find("svg")
        yes, no = svg.findall("polyline")
        ys = [float(point.split(",")[1]) for point in yes.get("points").split()]

        assert ys[1] < ys[2] < ys[0]  # 60 is drawn highest, then 55, then 50
        assert len(no.get("points").split()) == 3

    def test_notes_add_a_last_column(self):
        figure = parse(line(notes=("Votes so far", ["2", "5", "9"])))

        assert table_head(figure)[-1] == "Votes so far"
        assert [row[-1] for row in table_rows(figure)] == ["2", "5", "9"]

    def test_columns_one_bar_per_value_and_the_table(self):
        figure = parse(
            column_chart(
                chart_id="views",
                title="Views per day",
                description="D",
                labels=["1 May", "2 May", "3 May"],
                series=Series("Views", [3, 0, 7]),
            )
        )
        bars = figure.find("svg").findall("rect")
        heights = [float(bar.get("height")) for bar in bars]

        assert table_rows(figure) == [["1 May", "3"], ["2 May", "0"], ["3 May", "7"]]
        assert len(bars) == 3 and heights[1] == 0 and heights[2] > heights[0]

    def test_timeline_lists_each_span(self):
        figure = parse(
            timeline_chart(
                chart_id="status",
                title="Partner Track",
                description="D",
                start=date(2022, 8, 26),
                end=date(2022, 11, 8),
                rows=[
                    TimelineRow(
                        "S1",
                        "Season 1",
                        [
                            Span(
                                date(2022, 8, 26), date(2022, 9, 26), "airing", "Airing"
                            ),
                            Span(date(2022, 11, 8), None, "cancelled", "Cancelled"),
                        ],
                    ),
                    TimelineRow(
                        "S2",
                        "Season 2",
                        [
                            Span(
                                date(2022, 10, 1),
                                date(2022, 11, 8),
                                "renewed",
                                "Renewed",
                                until="now",
                            )
                        ],
                    ),
                ],
            )
        )
        rects = [r for r in figure.find("svg").iter("rect")]

        assert table_rows(figure) == [
            ["Season 1", "Airing", "26 Aug 2022", "26 Sep 2022"],
            ["Season 1", "Cancelled", "8 Nov 2022", ""],
            ["Season 2", "Renewed", "1 Oct 2022", "now"],
        ]
        assert [r.get("class") for r in rects] == [
            "chart__span chart__span--airing",
            "chart__span chart__span--cancelled",
            "chart__span chart__span--renewed",
        ]
        # Drawn to scale: a month of airing is narrower than five weeks renewed.
        assert float(rects[0].get("width")) < float(rects[2].get("width"))

    @pytest.mark.parametrize(
        ("value", "ceiling"),
        [(0, 1), (0.4, 0.5), (7, 10), (12, 20), (230, 250), (1000, 1000)],
    )
    def test_nice_ceiling(self, value, ceiling):
        assert nice_ceiling(value) == ceiling


class TestHostileLabels:
    def test_every_label_is_escaped(self):
        markup = str(
            line(
                title=HOSTILE,
                description=HOSTILE,
                labels=[HOSTILE, "2 May", "3 May"],
                series=[Series(HOSTILE, [1, 2, 3]), Series("No", [3, 2, 1])],
            )
        )
        figure = parse(markup)  # would fail on an unescaped tag or quote

        assert "<script>" not in markup and "\x07" not in markup
        assert figure.find("svg/title").text == HOSTILE.replace("\x07", "")
        assert table_head(figure)[1] == HOSTILE.replace("\x07", "")
        assert table_rows(figure)[0][0] == HOSTILE.replace("\x07", "")

    def test_timeline_labels_and_kinds_are_escaped(self):
        markup = str(
            timeline_chart(
                chart_id='x" onclick="y',
                title=HOSTILE,
                description="D",
                start=date(2022, 1, 1),
                end=date(2023, 1, 1),
                rows=[
                    TimelineRow(
                        HOSTILE,
                        HOSTILE,
                        [Span(date(2022, 2, 1), None, '"><script>', HOSTILE)],
                    )
                ],
            )
        )
        figure = parse(markup)

        assert "<script>" not in markup
        assert figure.get("id") == 'x" onclick="y'  # one attribute, value intact
        assert figure.find("svg/rect").get("class") == "chart__span chart__span--script"


@pytest.mark.parametrize(
    "label",
    ["21 Oct 2022", "64%", 42, "", "Who's next?", "a & b", HOSTILE, "\x9f\u200f\u00e9"],
)
def test_a_label_is_its_text_escaped_without_control_characters(label):
    controls = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    assert text(label) == html.escape(controls.sub("", str(label)), quote=True)


def test_coordinates_have_one_decimal_at_most_and_no_negative_zero():
    values = [0, 5, -0.04, 0.04, 0.05, 0.15, 1.45, 2.675, 99.95, 123.456, -12.34]
    values += [step / 20 for step in range(-400, 400)]
    for value in values:
        rounded = round(value, 1)
        expected = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
        assert _num(value) == expected, value
