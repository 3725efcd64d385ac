"""The designer keeps pictures in proportion as Word and Canva do: typing a width brings the
height along (and back), "keep proportions" can be switched off per picture and is saved, the
corner handle on the page follows the same rule, and the background picture's fit is chosen from
a menu; every one of these is an undo step."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from outreach.awards.certificate_batch import get_layout
from outreach.i18n import set_language
from tests.designer_fixtures import open_designer


@pytest.fixture
def designer(programme, qtbot):
    return open_designer(programme, qtbot)


@pytest.fixture
def banner(designer, tmp_path):
    """A 2:1 picture added to the honour layout (40 × 20 mm), selected."""
    path = tmp_path / "banner.png"
    Image.new("RGB", (200, 100), (30, 120, 60)).save(path)
    element = designer.add_picture_file(str(path))
    assert (element.width, element.height) == (40, 20)
    return element


def box(designer, element_id: str) -> tuple[float, float]:
    element = designer.layout_.element(element_id)
    return element.width, element.height


def test_typing_a_width_keeps_the_proportions_until_switched_off(designer, banner):
    row_visible = designer.form.isRowVisible(designer.keep_aspect_check)
    assert row_visible and designer.keep_aspect_check.isChecked()
    assert designer.form_labels["keep_aspect"].text() == "保持比例"
    designer.width_spin.setValue(60)
    assert box(designer, banner.id) == (60, 30)
    assert designer.height_spin.value() == 30  # the form shows the height that followed
    designer.height_spin.setValue(10)
    assert box(designer, banner.id) == (20, 10)
    # Switched off: each side on its own (the picture stretches in the PDF).
    designer.keep_aspect_check.setChecked(False)
    assert designer.layout_.element(banner.id).keep_aspect is False
    designer.height_spin.setValue(30)
    assert box(designer, banner.id) == (20, 30)
    # Switched on again: back in the picture's proportions, the width kept.
    designer.keep_aspect_check.setChecked(True)
    assert box(designer, banner.id) == (20, 10)
    # Every step undoes on its own.
    designer.undo()
    assert box(designer, banner.id) == (20, 30) and not designer.keep_aspect_check.isChecked()
    designer.undo()
    designer.undo()
    assert box(designer, banner.id) == (20, 10)
    assert designer.layout_.element(banner.id).keep_aspect is True
    designer.redo()
    designer.redo()
    assert designer.save()
    saved = get_layout(designer.db, "honour").element(banner.id)
    assert saved.keep_aspect is False and (saved.width, saved.height) == (20, 30)


def test_the_keep_proportions_row_is_only_for_pictures_and_speaks_english(designer, banner):
    designer._select_element("title")
    assert not designer.form.isRowVisible(designer.keep_aspect_check)
    set_language("en")
    try:
        designer.retranslate()
        assert designer.form_labels["keep_aspect"].text() == "Keep proportions"
        assert designer.fit_menu.title() == "Fit the background picture"
    finally:
        set_language("zh_CN")
        designer.retranslate()


def drag_handle(qtbot, designer, element_id: str, dx: int, dy: int) -> None:
    designer._select_element(element_id)
    canvas = designer.canvas
    start = canvas.handle_rect(designer.layout_.element(element_id)).center().toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(dx, dy))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, dy))


def test_dragging_the_corner_keeps_a_picture_in_proportion_and_resizes_others_freely(
    designer, banner, qtbot
):
    x, y = designer.layout_.element(banner.id).x, designer.layout_.element(banner.id).y
    scale = designer.canvas._scale()
    drag_handle(qtbot, designer, banner.id, round(20 * scale), round(2 * scale))
    width, height = box(designer, banner.id)
    assert width == pytest.approx(60, abs=0.5) and height == pytest.approx(width / 2, abs=0.1)
    moved = designer.layout_.element(banner.id)
    assert (moved.x, moved.y) == (x, y)  # the corner moved, not the picture
    designer.undo()
    assert box(designer, banner.id) == (40, 20)
    # Without "keep proportions" the corner stretches it.
    designer.keep_aspect_check.setChecked(False)
    drag_handle(qtbot, designer, banner.id, 0, round(20 * scale))
    width, height = box(designer, banner.id)
    assert width == 40 and height == pytest.approx(40, abs=0.5)
    # A text box follows the corner on both sides.
    before = designer.layout_.element("closing")
    drag_handle(qtbot, designer, "closing", round(-10 * scale), round(4 * scale))
    after = designer.layout_.element("closing")
    assert after.width == pytest.approx(before.width - 10, abs=0.5)
    assert after.height == pytest.approx(before.height + 4, abs=0.5)
    # The QR code stays square.
    drag_handle(qtbot, designer, "qr", round(4 * scale), 0)
    assert designer.layout_.element("qr").size == pytest.approx(30, abs=0.5)


def test_turning_the_page_covers_it_with_the_background_and_the_fit_is_a_menu_choice(designer):
    assert designer.fit_actions["stretch"].isChecked()
    designer.orientation_combo.setCurrentIndex(designer.orientation_combo.findData("portrait"))
    assert designer.layout_.background_fit == "cover"
    assert designer.fit_actions["cover"].isChecked()
    seal = designer.layout_.element("seal")
    assert seal.width == seal.height
    designer.fit_actions["contain"].trigger()
    assert designer.layout_.background_fit == "contain"
    designer.undo()
    assert designer.layout_.background_fit == "cover" and designer.fit_actions["cover"].isChecked()
    designer.undo()
    assert designer.layout_.orientation == "landscape"
    assert designer.layout_.background_fit == "stretch"


def test_a_background_of_other_proportions_covers_the_page(designer, tmp_path):
    tall = tmp_path / "tall.png"
    Image.new("RGB", (100, 300), (240, 230, 200)).save(tall)
    assert designer.set_background_file(str(tall))
    assert designer.layout_.background_fit == "cover"
    near = tmp_path / "near.png"
    Image.new("RGB", (1400, 1000), (240, 230, 200)).save(near)
    designer.fit_actions["stretch"].trigger()
    assert designer.set_background_file(str(near))
    assert designer.layout_.background_fit == "stretch"  # near enough: kept whole
    designer.remove_background()
    assert not designer.fit_menu.isEnabled()


def test_a_replaced_picture_brings_its_own_proportions(designer, banner, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    square = tmp_path / "square.png"
    Image.new("RGB", (50, 50), (200, 0, 0)).save(square)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(square), ""))
    designer.replace_picture()
    assert box(designer, banner.id) == (40, 40)


def test_the_orientation_choices_are_capitalised_in_english(designer):
    set_language("en")
    try:
        designer.retranslate()
        combo = designer.orientation_combo
        assert [combo.itemText(i) for i in range(combo.count())] == ["Landscape", "Portrait"]
    finally:
        set_language("zh_CN")
        designer.retranslate()
