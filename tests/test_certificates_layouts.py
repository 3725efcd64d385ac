"""Certificate layouts: the built-in designs load, bad layouts are rejected with messages that
name the element and field, a saved layout round-trips, fitting and file names."""

from __future__ import annotations

import json
import shutil

import pytest

from outreach.printing.certificates import (
    LAYOUTS_DIR,
    CertificateRenderer,
    LayoutError,
    RenderFonts,
    TextElement,
    builtin_layouts,
    layout_to_json,
    load_layout_file,
    parse_layout,
    parse_layout_text,
    qr_rectangles,
    safe_file_name,
    unique_file_name,
)
from outreach.printing.fonts import register_bundled_fonts


def minimal(**overrides) -> dict:
    data = {
        "id": "t",
        "name": "测试",
        "page": {"size": "A4", "orientation": "landscape"},
        "elements": [
            {
                "id": "name",
                "type": "text",
                "text": "{name}",
                "x": 10,
                "y": 10,
                "width": 100,
                "height": 20,
            }
        ],
    }
    data.update(overrides)
    return data


def problems(data: dict, language: str = "en") -> str:
    with pytest.raises(LayoutError) as caught:
        parse_layout(data, "bad.json")
    return caught.value.render(language)


def test_both_built_in_designs_load():
    layouts = {layout.id: layout for layout in builtin_layouts()}
    assert {"honour", "volunteer"} <= set(layouts)
    honour = layouts["honour"]
    assert honour.page_mm == (297.0, 210.0)
    assert honour.background_image == "honour_background.png"
    assert honour.element("qr") is not None and honour.element("seal") is not None
    volunteer = layouts["volunteer"]
    assert volunteer.orientation == "portrait" and volunteer.serial_prefix == "ZY"
    assert "{hours}" in volunteer.element("body").text


def test_unknown_placeholder_is_named_with_the_element():
    data = minimal()
    data["elements"][0]["text"] = "{nmae} 同学"
    text = problems(data)
    assert "bad.json" in text
    assert "elements[0] (name).text" in text
    assert "{nmae}" in text and "{name}" in text  # says what is known


def test_every_problem_is_reported_at_once_in_chinese_too():
    data = minimal(page={"size": "A9", "orientation": "sideways"})
    data["elements"][0].update(colour="red", size="big", align="middle")
    data["elements"].append({"id": "name", "type": "circle", "x": 1, "y": 1})
    text = problems(data)
    for fragment in (
        "page.size",
        "'A9'",
        "page.orientation",
        "colour 'red'",
        "size",
        "'middle'",
        "elements[1] (name).type",
        "'circle'",
    ):
        assert fragment in text, fragment
    chinese = problems(data, "zh_CN")
    assert "证书版式 bad.json" in chinese and "颜色 'red' 无效" in chinese


def test_element_off_the_page_and_missing_image_and_bad_json():
    data = minimal()
    data["elements"][0]["x"] = 250  # 250 + 100 > 297 mm
    data["elements"].append(
        {
            "id": "logo",
            "type": "image",
            "image": "nope.png",
            "x": 1,
            "y": 1,
            "width": 5,
            "height": 5,
        }
    )
    text = problems(data)
    assert "elements[0] (name)" in text and "outside the page (297×210 mm)" in text
    assert "nope.png does not exist" in text
    with pytest.raises(LayoutError, match=r"line 1, column 2"):
        parse_layout_text("{,}", "broken.json")
    with pytest.raises(LayoutError, match="unbalanced braces"):
        data = minimal()
        data["elements"][0]["text"] = "{name"
        parse_layout(data, "x.json")


def test_unknown_fields_are_rejected_not_ignored():
    data = minimal()
    data["elements"][0]["colour_hex"] = "#FF0000"
    assert "elements[0] (name).colour_hex: unknown field" in problems(data)


def test_layout_round_trips_through_json(tmp_path):
    for layout in builtin_layouts():
        again = parse_layout_text(layout_to_json(layout), layout.id)
        assert again.elements == layout.elements
        assert again.page_mm == layout.page_mm
    # A copy in another folder with its images still loads.
    for name in ("honour.json", "honour_background.png", "seal.png", "emblem.png"):
        shutil.copy(LAYOUTS_DIR / name, tmp_path / name)
    assert load_layout_file(tmp_path / "honour.json").id == "honour"
    data = json.loads((tmp_path / "honour.json").read_text(encoding="utf-8"))
    assert data["elements"]


def test_long_text_shrinks_to_fit_and_wraps_within_its_box():
    fonts = register_bundled_fonts()
    layout = builtin_layouts()[0]
    renderer = CertificateRenderer(layout, RenderFonts(fonts.regular, fonts.bold))
    element = TextElement("n", "{name}", 10, 10, 60, 12, size=28, min_size=6, weight="bold")
    short_size, _ = renderer.fitted_lines(element, "张芳")
    long_size, lines = renderer.fitted_lines(element, "阿依古丽·买买提·艾买提江·库尔班")
    assert short_size == 28
    assert 6 <= long_size < 28 and len(lines) == 1
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth(lines[0], fonts.bold, long_size) <= 60 * 72 / 25.4 + 0.01
    wrapped = TextElement("b", "", 0, 0, 50, 30, size=20, min_size=8, wrap=True)
    size, lines = renderer.fitted_lines(
        wrapped, "在2026年“保险知识进社区”保险知识竞赛中表现优异，荣获"
    )
    assert len(lines) > 1
    assert len(lines) * size * wrapped.line_spacing <= 30 * 72 / 25.4 + 0.01


def test_qr_rectangles_cover_exactly_the_dark_modules():
    import segno

    matrix = segno.make("2026-QZ-0001 ABCDEF", error="m", micro=False, mask=0).matrix
    covered = set()
    for x, y, w, h in qr_rectangles(matrix):
        cells = {(x + i, y + j) for i in range(w) for j in range(h)}
        assert not cells & covered  # no overlaps
        covered |= cells
    dark = {(x, y) for y, row in enumerate(matrix) for x, v in enumerate(row) if v}
    assert covered == dark
    assert len(qr_rectangles(matrix)) < len(dark) / 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-QZ-0001_张芳", "2026-QZ-0001_张芳"),
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("name. ", "name"),
        ("", "_"),
    ],
)
def test_file_names_are_safe_on_windows(text, expected):
    assert safe_file_name(text) == expected


def test_file_names_are_unique_ignoring_case():
    used: set[str] = set()
    assert unique_file_name("Zhang Fang", used) == "Zhang Fang"
    assert unique_file_name("zhang fang", used) == "zhang fang (2)"
