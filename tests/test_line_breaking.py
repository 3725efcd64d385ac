"""Chinese line-breaking rules (禁则) for text the program wraps itself, measured here one unit
per character so each break is predictable."""

from __future__ import annotations

import pytest

from outreach.printing.line_breaking import CANNOT_END, CANNOT_START, wrap_text


def width(text: str) -> float:
    return len(text)


@pytest.mark.parametrize(
    ("text", "box", "expected"),
    [
        # a bare break would end the first line on “
        ("表现突出，荣获“优秀志愿者”称号。", 8, ["表现突出，荣获", "“优秀志愿者”称", "号。"]),
        # …and start the second one on ，
        ("服务社区，表现突出", 4, ["服务社", "区，表现", "突出"]),
        ("参加《保险法》讲座。", 6, ["参加《保险", "法》讲座。"]),
        ("他说：“好的。”然后", 6, ["他说：“好", "的。”然后"]),
        # —— and …… are never split
        ("等待——好", 3, ["等待", "——好"]),
        ("好的……是", 3, ["好", "的……", "是"]),
    ],
)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text, box, expected):
    lines = wrap_text(text, width, box)
    assert lines == expected
    for line in lines:
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END


def test_latin_words_stay_whole_and_newlines_are_kept():
    assert wrap_text("Outstanding volunteer (community) service", width, 12) == [
        "Outstanding",
        "volunteer",
        "(community)",
        "service",
    ]
    assert wrap_text("累计服务 7.5 小时\n特发此证", width, 6) == [
        "累计服务",
        "7.5 小时",
        "特发此证",
    ]


def test_a_piece_wider_than_the_box_gets_its_own_line():
    assert wrap_text("短 Supercalifragilistic 词", width, 5) == ["短", "Supercalifragilistic", "词"]


def test_answer_blanks_are_glued_for_screens():
    from outreach.printing.line_breaking import glued_blanks

    assert glued_blanks("投保人对保险标的应当具有（ ）。") == "投保人对保险标的应当具有（\u00a0）。"
    assert glued_blanks("fill in ( ) and (\u3000\u3000)") == "fill in (\u00a0) and (\u00a0\u00a0)"
    assert glued_blanks("（保险法）与 ( a )") == "（保险法）与 ( a )"  # only empty blanks
