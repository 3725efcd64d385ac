"""Pictures keep their proportions: a typed width or height moves the other side with it unless
"keep proportions" is off (saved per picture, format 3, old layouts unchanged); a design moved to
another paper size or orientation keeps its pictures undistorted and its background covering the
page. The PDF is read back to check where the pictures land."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from PIL import Image

from outreach.printing.certificates import (
    CertificatePage,
    ImageElement,
    LayoutError,
    RenderFonts,
    builtin_layouts,
    layout_to_data,
    parse_layout,
    picture_aspect,
    read_image_file,
    render_page_bytes,
    resized_picture,
)
from outreach.printing.fonts import register_bundled_fonts

MM = 72 / 25.4


def honour():
    return next(layout for layout in builtin_layouts() if layout.id == "honour")


@pytest.fixture(scope="module")
def fonts():
    registered = register_bundled_fonts()
    return RenderFonts(registered.regular, registered.bold)


@pytest.fixture
def wide_picture(tmp_path):
    """A 2:1 picture stored in the layout (as the designer stores it)."""
    path = tmp_path / "banner.png"
    Image.new("RGB", (200, 100), (30, 120, 60)).save(path)
    return read_image_file(path)


def with_picture(layout, stored, **box):
    ref, data, _info = stored
    element = ImageElement("banner", ref, **box)
    return layout.with_stored_image(ref, data).with_added(element)


# -- typing a size ----------------------------------------------------------------------------
def test_a_typed_width_or_height_keeps_the_picture_in_proportion():
    seal = ImageElement("seal", "seal.png", 10, 10, 40, 20)
    page = (297.0, 210.0)
    wider = resized_picture(seal, page, width=60, aspect=2.0)
    assert (wider.width, wider.height) == (60, 30)
    taller = resized_picture(seal, page, height=40, aspect=2.0)
    assert (taller.width, taller.height) == (80, 40)
    # The picture's own proportions win over a box that was stretched before.
    fixed = resized_picture(replace(seal, height=35), page, width=40, aspect=2.0)
    assert (fixed.width, fixed.height) == (40, 20)
    # Without a known picture the box's proportions are kept.
    assert resized_picture(seal, page, width=30).height == 15
    # A corner drag changes both: the side that changed more leads.
    dragged = resized_picture(seal, page, width=44, height=30, aspect=2.0)
    assert (dragged.width, dragged.height) == (60, 30)


def test_keep_proportions_off_lets_each_side_change_alone():
    seal = ImageElement("seal", "seal.png", 10, 10, 40, 20, keep_aspect=False)
    changed = resized_picture(seal, (297.0, 210.0), width=60, aspect=2.0)
    assert (changed.width, changed.height) == (60, 20)
    both = resized_picture(seal, (297.0, 210.0), width=50, height=50, aspect=2.0)
    assert (both.width, both.height) == (50, 50)


def test_a_size_that_would_leave_the_page_is_reduced_in_proportion():
    seal = ImageElement("seal", "seal.png", 200, 150, 40, 20)
    grown = resized_picture(seal, (297.0, 210.0), width=160, aspect=2.0)
    assert grown.x + grown.width <= 297 and grown.y + grown.height <= 210
    assert grown.width == pytest.approx(2 * grown.height, abs=0.1)
    assert (grown.width, grown.height) == (97, 48.5)


def test_picture_aspect_reads_stored_and_built_in_pictures(wide_picture):
    layout = with_picture(honour(), wide_picture, x=10, y=10, width=40, height=20)
    assert picture_aspect(layout, wide_picture[0]) == 2.0
    assert picture_aspect(layout, "seal.png") == 1.0
    assert picture_aspect(layout, "honour_background.png") == pytest.approx(297 / 210, abs=0.01)
    assert picture_aspect(layout, "missing.png") is None


# -- the file format --------------------------------------------------------------------------
def test_keep_proportions_is_saved_per_picture_and_old_layouts_load_unchanged(wide_picture):
    layout = with_picture(honour(), wide_picture, x=10, y=10, width=40, height=20)
    data = layout_to_data(layout)
    assert data["version"] == 2  # nothing new used: older programs still read it
    assert "keep_aspect" not in data["elements"][-1]
    images = dict(layout.stored_images)
    assert parse_layout(data, "again", images=images).element("banner").keep_aspect is True
    stretched = layout.with_element(replace(layout.element("banner"), keep_aspect=False))
    data = layout_to_data(stretched)
    assert data["version"] == 3 and data["elements"][-1]["keep_aspect"] is False
    assert parse_layout(data, "again", images=images) == stretched
    data["elements"][-1]["keep_aspect"] = "yes"
    with pytest.raises(LayoutError, match=r"\(banner\)\.keep_aspect"):
        parse_layout(data, "bad", images=images)


def test_background_fit_is_saved_and_checked():
    covered = replace(honour(), background_fit="cover")
    data = layout_to_data(covered)
    assert data["version"] == 3 and data["background"]["fit"] == "cover"
    assert parse_layout(data, "again").background_fit == "cover"
    assert "fit" not in layout_to_data(honour())["background"]
    assert honour().background_fit == "stretch"
    data["background"]["fit"] = "tile"
    with pytest.raises(LayoutError, match=r"background\.fit"):
        parse_layout(data, "bad")


# -- another paper size or orientation --------------------------------------------------------
def test_a_new_orientation_keeps_pictures_in_proportion_and_the_background_covering(
    wide_picture,
):
    layout = with_picture(honour(), wide_picture, x=0, y=0, width=297, height=210)
    portrait = layout.on_page("A4", "portrait")
    parse_layout(layout_to_data(portrait), "portrait", images=dict(layout.stored_images))
    assert portrait.background_fit == "cover"
    seal = portrait.element("seal")
    assert seal.width == seal.height  # a square seal stays square
    emblem = portrait.element("emblem")
    assert emblem.width == emblem.height
    # The full-page picture: the largest of its proportions that fits, centred on the page.
    full = portrait.element("banner")
    assert (full.x, full.width) == (0, 210)
    assert full.height == pytest.approx(210 * 210 / 297, abs=0.1)
    assert full.y == pytest.approx((297 - full.height) / 2, abs=0.1)
    # Back again: the page is covered as before, no distortion crept in.
    back = portrait.on_page("A4", "landscape")
    assert back.background_fit == "cover"
    assert back.element("banner").width == pytest.approx(297, abs=0.2)


def test_a_picture_that_is_allowed_to_stretch_still_scales_with_the_page(wide_picture):
    layout = with_picture(honour(), wide_picture, x=0, y=0, width=297, height=210)
    layout = layout.with_element(replace(layout.element("banner"), keep_aspect=False))
    portrait = layout.on_page("A4", "portrait")
    full = portrait.element("banner")
    assert (full.x, full.y, full.width, full.height) == (0, 0, 210, 297)


def test_the_same_proportions_keep_the_background_as_it_was():
    a3 = honour().on_page("A3", "landscape")
    assert a3.background_fit == "stretch"
    seal = a3.element("seal")
    assert seal.width == seal.height == round(42 * 420 / 297, 1)


# -- the PDF ----------------------------------------------------------------------------------
def image_boxes(data: bytes) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of every picture drawn on the first page."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        return [
            tuple(round(v, 1) for v in obj.get_bounds())
            for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=5)
        ]
    finally:
        pdf.close()


def test_the_pdf_covers_a_portrait_page_with_the_landscape_background(fonts):
    portrait = honour().on_page("A4", "portrait")
    data = render_page_bytes(portrait, CertificatePage({"name": "张三"}), fonts)
    width, height = 210 * MM, 297 * MM
    boxes = image_boxes(data)
    left, bottom, right, top = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    assert bottom == pytest.approx(0, abs=0.5) and top == pytest.approx(height, abs=0.5)
    # Wider than the page, centred, in the picture's own proportions.
    assert left < 0 and right > width
    assert left + right == pytest.approx(width, abs=0.5)
    assert (right - left) / (top - bottom) == pytest.approx(1403 / 992, abs=0.01)


def test_the_pdf_stretches_a_picture_only_when_told(fonts, wide_picture):
    layout = with_picture(honour(), wide_picture, x=10, y=10, width=60, height=60)
    kept = image_boxes(render_page_bytes(layout, CertificatePage({}), fonts))
    stretched_layout = layout.with_element(replace(layout.element("banner"), keep_aspect=False))
    stretched = image_boxes(render_page_bytes(stretched_layout, CertificatePage({}), fonts))
    top = (210 - 10) * MM
    kept_box = next(b for b in kept if b[3] < top + 1 and abs(b[0] - 10 * MM) < 1)
    stretched_box = next(b for b in stretched if abs(b[3] - top) < 1 and abs(b[0] - 10 * MM) < 1)
    assert kept_box[2] - kept_box[0] == pytest.approx(60 * MM, abs=0.5)
    assert kept_box[3] - kept_box[1] == pytest.approx(30 * MM, abs=0.5)
    assert stretched_box[3] - stretched_box[1] == pytest.approx(60 * MM, abs=0.5)


def test_contain_shows_the_whole_background(fonts):
    layout = replace(honour().on_page("A4", "portrait"), background_fit="contain")
    boxes = image_boxes(render_page_bytes(layout, CertificatePage({}), fonts))
    left, bottom, right, top = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    assert (left, right) == (pytest.approx(0, abs=0.5), pytest.approx(210 * MM, abs=0.5))
    assert bottom > 0 and bottom + top == pytest.approx(297 * MM, abs=0.5)
