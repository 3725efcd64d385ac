"""The certificate designer driven as a person would: add a text with a field, a picture and a
line, remove and duplicate, bring forward, undo and redo (buttons and keys), refuse a file that
is not a picture, and ask before unsaved changes are left behind."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from outreach.awards.certificate_batch import get_layout, is_customised
from outreach.printing.certificates import ImageElement, LineElement, TextElement
from tests.designer_fixtures import open_designer
from ui.context import AppContext
from ui.settings import AppSettings

Button = QMessageBox.StandardButton


@pytest.fixture
def designer(programme, qtbot):
    return open_designer(programme, qtbot)


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    return shown


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def listed_ids(designer) -> list[str]:
    rows = range(designer.element_list.count())
    return [designer.element_list.item(r).data(Qt.ItemDataRole.UserRole) for r in rows]


def test_add_text_with_a_field_then_remove_undo_and_redo(designer, qtbot):
    before = designer.layout_
    designer.add_actions["text"].trigger()
    added = designer.selected_element()
    assert isinstance(added, TextElement) and added.id == "text"
    assert listed_ids(designer)[0] == "text"  # topmost first in the list
    designer.text_edit.setText("班级：")
    designer.text_edit.setCursorPosition(3)
    # The insert-field menu lists every placeholder with what it means.
    labels = [a.text() for a in designer.insert_menu.actions()]
    assert "{class}  班级" in labels and len(labels) == 11
    next(a for a in designer.insert_menu.actions() if a.text().startswith("{class}")).trigger()
    assert designer.layout_.element("text").text == "班级：{class}"
    # Enter starts a second printed line; leaving the box is one edit.
    designer.text_edit.setFocus()
    designer.text_edit.moveCursor(designer.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClick(designer.text_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(designer.text_edit, "Class 2301")
    qtbot.keyClick(designer.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert designer.layout_.element("text").text == "班级：{class}\nClass 2301"
    designer.render_preview()
    text = pdf_text(designer.last_pdf)
    assert "班级：" + "金融2301班" in text and "Class 2301" in text  # the sample recipient
    assert designer.dirty
    designer.remove_action.trigger()
    assert designer.layout_.element("text") is None
    designer.undo_action.trigger()
    assert designer.layout_.element("text").text == "班级：{class}\nClass 2301"
    designer.undo_action.trigger()
    assert designer.layout_.element("text").text == "班级：{class}"
    # Undo back to the start: nothing left to save.
    while designer.undo_action.isEnabled():
        designer.undo_action.trigger()
    assert designer.layout_ == before and not designer.dirty
    assert designer.redo_action.isEnabled()
    designer.redo_action.trigger()
    assert designer.layout_.element("text") is not None and designer.dirty
    # The keyboard works while the page has focus.
    designer.canvas.setFocus()
    qtbot.keyClick(designer.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert designer.layout_.element("text") is None


def test_picture_line_duplicate_and_order_are_saved_in_the_programme(designer, tmp_path, qtbot):
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (200, 100), (30, 90, 160)).save(logo)
    picture = designer.add_picture_file(str(logo))
    assert isinstance(picture, ImageElement) and (picture.width, picture.height) == (40, 20)
    logo.unlink()  # copied in: the file is no longer needed
    designer.add_actions["line"].trigger()
    line = designer.selected_element()
    assert isinstance(line, LineElement)
    designer.move_selected(175.0, 169.0)
    # Arrow keys nudge by half a millimetre, with Shift by five.
    designer.canvas.setFocus()
    qtbot.keyClick(designer.canvas, Qt.Key.Key_Down)
    qtbot.keyClick(designer.canvas, Qt.Key.Key_Down)
    qtbot.keyClick(designer.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert (designer.layout_.element("line").x, designer.layout_.element("line").y) == (170, 170)
    designer.duplicate_action.trigger()
    assert designer.selected_element().id == "line2"
    assert designer.layout_.element("line2").y == 175.0
    order = [e.id for e in designer.layout_.elements]
    designer._select_element("logo")
    designer.forward_action.trigger()
    designer.forward_action.trigger()
    moved = [e.id for e in designer.layout_.elements]
    assert moved.index("logo") == order.index("logo") + 2
    assert not designer.forward_action.isEnabled()  # now on top
    assert designer.add_actions["qr"].isEnabled() is False  # the honour layout has its QR
    assert designer.save() and not designer.dirty
    saved = get_layout(designer.db, "honour")
    assert saved.element("line") == designer.layout_.element("line")
    assert saved.elements[-1].id == "logo"
    assert saved.stored_images[saved.element("logo").image][:3] == b"\xff\xd8\xff"  # JPEG
    assert is_customised(designer.db, "honour")


def test_a_file_that_is_not_a_picture_is_refused_by_name(designer, tmp_path, warnings):
    fake = tmp_path / "公章.png"
    fake.write_bytes(b"%PDF-1.4 not a png")
    before = designer.layout_
    assert designer.add_picture_file(str(fake)) is None
    assert len(warnings) == 1 and "公章.png" in warnings[0]
    assert designer.layout_ == before and not designer.undo_action.isEnabled()
    assert not designer.set_background_file(str(fake))
    assert "公章.png" in warnings[1]


def test_leaving_with_unsaved_changes_asks_first(designer):
    designer._select_element("title")
    designer.remove_action.trigger()
    assert designer.dirty
    designer.ask_unsaved = lambda: Button.Cancel
    designer.select_layout("volunteer")
    assert designer.layout_.id == "honour" and designer.layout_combo.currentData() == "honour"
    assert designer.layout_.element("title") is None  # still the edited copy
    designer.ask_unsaved = lambda: Button.Save
    designer.select_layout("volunteer")
    assert designer.layout_.id == "volunteer"
    assert get_layout(designer.db, "honour").element("title") is None
    # Closing the window asks too; Cancel keeps it open with the changes.
    designer._select_element("subtitle")
    designer.remove_action.trigger()
    designer.ask_unsaved = lambda: Button.Cancel
    window = designer.window()
    assert not window.close()
    assert window.isVisible() and designer.dirty
    designer.ask_unsaved = lambda: Button.Discard
    assert window.close()
    assert not window.isVisible()


def test_reset_to_another_built_in_design_keeps_the_name(designer):
    designer.select_layout("volunteer")
    designer.reset("honour")
    assert designer.layout_.id == "volunteer" and designer.layout_.orientation == "landscape"
    assert designer.layout_.element("award") is not None
    assert designer.layout_.name["zh_CN"] == "志愿服务证书（简洁）"
    designer.undo()
    assert designer.layout_.orientation == "portrait" and not designer.dirty


def test_save_as_a_new_layout_leaves_the_original_alone(designer):
    designer._select_element("reissue")
    designer.remove_action.trigger()
    assert designer.save_copy_as("校级荣誉证书")
    copy = designer.layout_
    assert copy.id.startswith("custom-") and copy.title() == "校级荣誉证书"
    assert copy.element("reissue") is None and not designer.dirty
    assert designer.layout_combo.currentData() == copy.id
    assert get_layout(designer.db, "honour").element("reissue") is not None
    assert not is_customised(designer.db, "honour")


def test_unsaved_edits_never_slip_into_another_programme_file(designer):
    from outreach.storage import memory_programme

    designer._select_element("reissue")
    designer.remove_action.trigger()
    messages: list[str] = []
    designer.context.status.connect(messages.append)
    other = memory_programme()
    try:
        designer.context.replace_programme(other)
        designer.reload(keep_layout=True)  # what the Print page does for a new file
        assert designer.layout_.element("reissue") is not None and not designer.dirty
        assert designer.layout_combo.currentData() == "honour"
        assert any("未保存的修改已放弃" in m for m in messages)
    finally:
        designer.context.replace_programme(None)


def test_another_paper_size_scales_the_design_and_the_preview(designer):
    designer.paper_combo.setCurrentIndex(designer.paper_combo.findData("A5"))
    assert designer.layout_.page_mm == (210.0, 148.0) and designer.dirty
    designer.render_preview()
    pdf = pdfium.PdfDocument(designer.last_pdf)
    width, height = pdf[0].get_size()
    pdf.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 148)
    designer.orientation_combo.setCurrentIndex(designer.orientation_combo.findData("portrait"))
    assert designer.layout_.page_mm == (148.0, 210.0)
    assert designer.save()
    designer.undo()
    designer.undo()
    assert designer.layout_.page_mm == (297.0, 210.0)
    assert designer.paper_combo.currentData() == "A4"
    assert designer.orientation_combo.currentData() == "landscape"


def test_a_picture_dropped_on_the_page_lands_where_it_was_let_go(designer, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    seal = tmp_path / "seal.png"
    Image.new("RGBA", (100, 100), (200, 0, 0, 255)).save(seal)
    # The page point 150 mm, 100 mm in widget pixels.
    canvas = designer.canvas
    page, scale = canvas._page_rect(), canvas._scale()
    point = QPointF(page.x() + 150 * scale, page.y() + 100 * scale)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seal))])
    event = QDropEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    canvas.dropEvent(event)
    dropped = designer.layout_.element("seal2")  # the layout has a "seal" already
    assert isinstance(dropped, ImageElement) and dropped.width == dropped.height == 40
    assert dropped.x == pytest.approx(130, abs=0.2) and dropped.y == pytest.approx(80, abs=0.2)
    assert designer.selected_element() == dropped


def test_a_read_only_file_cannot_be_saved_into_and_says_so(qtbot, tmp_path, monkeypatch):
    from outreach.storage import open_programme
    from ui.certificate_designer import CertificateDesigner

    path = tmp_path / "p.db"
    open_programme(path).close()
    programme = open_programme(path, read_only=True)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    widget = CertificateDesigner(AppContext(AppSettings(), programme))
    qtbot.addWidget(widget)
    widget.ask_unsaved = lambda: Button.Discard
    widget.select_layout("honour")
    assert not widget.save_button.isEnabled() and not widget.import_button.isEnabled()
    widget.add_actions["line"].trigger()  # designing and exporting still work
    assert not widget.save() and told and ("read-only" in told[0] or "只读" in told[0])
    assert not is_customised(programme.db, "honour")
    programme.close()
