"""The Print page driven as a person would: awards listed, the designer's preview is the real PDF,
dragging and typing millimetres move an element, a batch prints in the background, a scanned
serial verifies, the font doctor lists a missing character, direct printing paints every page."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QPoint, Qt

from outreach import i18n
from outreach.awards.awards import Recipient, add_manual_award, list_awards, tier_by_name
from outreach.awards.certificate_batch import BatchRequest, get_layout
from outreach.awards.register import list_certificates
from ui.context import AppContext
from ui.settings import AppSettings

NAMES = ("张芳", "阿依古丽·买买提", "李想")


@pytest.fixture
def page(programme, qtbot):
    from ui.pages.print_page import PrintPage

    tier = tier_by_name(programme.db, "一等奖")
    for name in NAMES:
        add_manual_award(programme.db, tier.id, Recipient(name, "金融2301班", "一队"))
    context = AppContext(AppSettings(), programme)
    widget = PrintPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def pdf_text(data) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_awards_are_listed_and_relabelled_on_language_change(page):
    assert page.awards_view.rows_model.rowCount() == 3
    assert page.tabs.tabText(0) == "获奖与奖金"
    page.context.set_language("en")
    assert page.tabs.tabText(0) == "Awards"
    header = page.awards_view.rows_model.headerData(1, Qt.Orientation.Horizontal, 0)
    assert header == "Name"
    # The bundled font's row was still labelled in Chinese (随程序附带) after the switch.
    fonts = page.fonts_view.rows_model
    families = [fonts.data(fonts.index(r, 0)) for r in range(fonts.rowCount())]
    assert any("(bundled)" in family for family in families), families
    assert not any("随程序附带" in family for family in families)
    i18n.set_language("zh_CN")


def test_designer_preview_is_the_real_pdf_for_the_chosen_recipient(page, qtbot):
    designer = page.designer
    page.tabs.setCurrentWidget(designer)
    award = next(a for a in list_awards(page.context.db) if a.name == "阿依古丽·买买提")
    designer.select_award(award.id)
    designer.render_preview()
    assert designer.canvas.image is not None and not designer.canvas.image.isNull()
    text = pdf_text(designer.last_pdf)
    assert "阿依古丽·买买提" in text and "一等奖" in text


def test_typing_millimetres_and_dragging_move_an_element_then_save(page, qtbot):
    designer = page.designer
    page.tabs.setCurrentWidget(designer)
    designer.select_layout("honour")
    designer._select_element("name")
    designer.move_selected(60.0, 70.0)
    assert designer.layout_.element("name").x == 60.0
    assert designer.layout_.element("name").y == 70.0
    assert designer.dirty
    # Drag the QR code 20 px to the right on the canvas.
    qr = designer.layout_.element("qr")
    rect = designer.canvas.element_rect(qr)
    start = rect.center().toPoint()
    qtbot.mousePress(designer.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(designer.canvas, start + QPoint(20, 0))
    qtbot.mouseRelease(designer.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(20, 0))
    moved = designer.layout_.element("qr")
    assert moved.x > qr.x and moved.y == qr.y
    assert designer.canvas.selected == "qr"
    # Editing a text changes the preview.
    designer._select_element("closing")
    designer.text_edit.setText("特此表彰。")
    designer.text_edit.editingFinished.emit()
    designer.render_preview()
    assert "特此表彰。" in pdf_text(designer.last_pdf)
    assert designer.save()
    saved = get_layout(page.context.db, "honour")
    assert saved.element("name").x == 60.0 and saved.element("qr").x == moved.x
    designer.reset()  # back to the built-in design: an edit like any other, until saved
    assert designer.dirty and designer.layout_.element("name").x != 60.0
    assert designer.save()
    assert get_layout(page.context.db, "honour").element("name").x != 60.0
    assert not designer.dirty


def test_batch_prints_in_the_background_and_fills_the_register(page, qtbot, tmp_path):
    target = tmp_path / "c.pdf"
    request = BatchRequest("honour", target, award_ids=[a.id for a in page.awards])
    task = page.run_batch(request, direct=False)
    qtbot.waitUntil(
        lambda: target.exists() and page.register_view.rows_model.rowCount() == 3, timeout=20000
    )
    assert task.error is None
    text = pdf_text(str(target))
    assert all(name in text for name in NAMES)
    # Verify a scanned code: the scanner types the text and presses Enter.
    certificate = list_certificates(page.context.db)[1]
    page.tabs.setCurrentIndex(2)
    page.verify_edit.setText(f"{certificate.serial} {certificate.verify_code}")
    page.verify_edit.returnPressed.emit()
    assert certificate.recipient_name in page.verify_result.text()
    assert "✔" in page.verify_result.text()
    page.verify_edit.setText(f"{certificate.serial} ZZZZZZ")
    page.verify_edit.returnPressed.emit()
    assert "✘" in page.verify_result.text()


def test_font_doctor_lists_the_missing_character_with_the_name(page):
    tier = tier_by_name(page.context.db, "二等奖")
    add_manual_award(page.context.db, tier.id, Recipient("王𠇔", "金融2302班"))
    page.reload()
    missing = page.check_names()
    assert [(m.char, m.owners) for m in missing] == [("𠇔", ("王𠇔",))]
    assert page.missing_view.rows_model.rowCount() == 1
    assert page.tabs.currentIndex() == 3


def test_direct_printing_paints_every_page(qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from outreach.printing.certificates import (
        CertificatePage,
        RenderFonts,
        builtin_layouts,
        render_certificates,
    )
    from outreach.printing.fonts import register_bundled_fonts
    from ui.certificate_pdf import print_pdf

    fonts = register_bundled_fonts()
    layout = builtin_layouts()[0]
    source = tmp_path / "in.pdf"
    pages = [CertificatePage({"name": n}, f"2026-QZ-000{i} ABCDEF") for i, n in enumerate(NAMES)]
    render_certificates(source, layout, pages, RenderFonts(fonts.regular, fonts.bold))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    assert print_pdf(printer, source) == 3
    printed = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    assert len(printed) == 3
    printed.close()


def test_rule_dialogs_preview_and_grant_from_the_demo(qtbot, demo_db):
    from ui.certificate_dialogs import RuleDialog

    final = RuleDialog(None, demo_db, "final")
    qtbot.addWidget(final)
    assert final.proposals and all(p.duplicate for p in final.proposals)  # the demo granted them
    from outreach.awards.awards import add_tier

    add_tier(demo_db, "笔试优胜奖", 0)
    exam = RuleDialog(None, demo_db, "exam")
    qtbot.addWidget(exam)
    exam.by_score.setChecked(True)
    band = next(b for b in exam.bands if b[0].name == "笔试优胜奖")
    top = max(c.score for c in exam.candidates())
    band[3].setValue(top)  # 笔试优胜奖 for the best score (the demo's answers vary)
    exam.refresh()
    assert exam.proposals and all(p.recipient.score >= top for p in exam.proposals)
    before = len(list_awards(demo_db))
    granted = exam.save()
    assert len(list_awards(demo_db)) == before + len(granted) > before
    assert {(a.source, a.tier_name) for a in granted} == {("exam", "笔试优胜奖")}


@pytest.mark.parametrize("source", ["final", "exam"])
def test_rule_dialog_on_a_new_programme_repeats_why_instead_of_failing(qtbot, db, source):
    # Preview and OK with no final (or exam) yet raised "No final “None”" as an internal error.
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.certificate_dialogs import RuleDialog

    dialog = RuleDialog(None, db, source)
    qtbot.addWidget(dialog)
    dialog.show()
    reason = dialog.error_label.text()
    assert reason and dialog.error_label.isVisible()
    dialog.preview_button.click()
    assert dialog.proposals == [] and dialog.error_label.text() == reason
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.error_label.text() == reason
    assert list_awards(db) == []


def test_manual_award_dialog_names_the_hours_it_refuses(qtbot, db):
    from ui.certificate_dialogs import ManualAwardDialog

    dialog = ManualAwardDialog(None, db)
    qtbot.addWidget(dialog)
    dialog.tier.setCurrentIndex(dialog.tier.findData(tier_by_name(db, "优秀志愿者").id))
    dialog.name.setText("王小明")
    assert dialog.hours.text() == "不填"  # 0 shows as "none", not as 0 hours
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted and list_awards(db) == []
    assert "志愿时长" in dialog.error_label.text() and dialog.error_label.isVisibleTo(dialog)
    dialog.hours.setValue(12.5)
    dialog._accept()
    assert [a.recipient.hours for a in list_awards(db)] == [12.5]


def test_signoff_sheet_warns_before_printing_a_name_the_font_lacks(page, monkeypatch, tmp_path):
    """吉𠮷 printed as 吉□ on the prize sign-off sheet, silently: the user is now asked first,
    with the character and the name, and nothing is written unless they go on."""
    from PySide6.QtWidgets import QMessageBox

    from ui.pages import print_page

    tier = tier_by_name(page.context.db, "二等奖")
    add_manual_award(page.context.db, tier.id, Recipient("吉𠮷", "金融2302班"))
    page.reload()
    target = tmp_path / "sheet.pdf"
    warned, asked = [], []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text) or answer
    )
    monkeypatch.setattr(print_page, "ask_save_path", lambda *a, **k: asked.append(1) or str(target))
    page.print_signoff()
    assert len(warned) == 1 and "𠮷" in warned[0] and "吉𠮷" in warned[0]
    assert asked == [] and not target.exists()

    answer = QMessageBox.StandardButton.Yes
    page.print_signoff()
    assert asked == [1] and target.exists()

    # names the font draws: no question
    warned.clear()
    page.awards_view.select_where(lambda a: a.name == "张芳")
    assert [a.name for a in page.selected_awards()] == ["张芳"]
    page.print_signoff()
    assert warned == []


def test_batch_warns_of_a_text_too_long_for_its_box(page, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    tier = tier_by_name(page.context.db, "二等奖")
    long_class = "2024级保险学（中外合作办学）国际精算与风险管理方向实验班"
    add_manual_award(
        page.context.db,
        tier.id,
        Recipient("王芳", long_class, "The Unstoppable Risk Managers of Class 2024"),
    )
    page.reload()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    target = tmp_path / "c.pdf"
    page.run_batch(BatchRequest("honour", target, award_ids=[a.id for a in page.awards]), False)
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)
    assert "王芳" in warned[0] and "张芳" not in warned[0] and target.exists()


def test_volunteer_wording_is_edited_beside_the_competition_name(page, qtbot):
    from outreach.awards.awards import event_name, volunteer_event_name

    assert page.volunteer_event_edit.text() == volunteer_event_name(page.db)
    assert page.volunteer_event_edit.text() != page.event_edit.text()
    page.volunteer_event_edit.setText("社区保险宣传志愿服务")  # keyClicks types ASCII only
    page.volunteer_event_edit.editingFinished.emit()
    assert volunteer_event_name(page.db) == "社区保险宣传志愿服务"
    assert event_name(page.db) == page.event_edit.text()
    volunteer = tier_by_name(page.db, "优秀志愿者")
    award = add_manual_award(page.db, volunteer.id, Recipient("王小明", hours=8))
    assert award.event_name == "社区保险宣传志愿服务"


def test_exam_rule_dialog_offers_the_merit_prize_to_ranks_7_to_12(qtbot, demo_db):
    from ui.certificate_dialogs import RuleDialog

    dialog = RuleDialog(None, demo_db, "exam")
    qtbot.addWidget(dialog)
    merit = next(b for b in dialog.bands if b[0].name == "优秀奖")
    assert (merit[1].value(), merit[2].value()) == (7, 12)
    assert dialog.proposals and max(p.recipient.rank for p in dialog.proposals) <= 12


def test_a_second_batch_asks_before_printing_certificates_printed_before(
    page, qtbot, tmp_path, monkeypatch
):
    # The Certificates PDF… button printed every chosen certificate again (a reprint under
    # the same serial) with nothing said, as the command line did.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    import ui.pages.print_page as print_page

    targets = iter([tmp_path / "first.pdf", tmp_path / "second.pdf", tmp_path / "third.pdf"])

    class Accepting:
        def __init__(self, *args, **kwargs):
            self.result_value = BatchRequest("honour", next(targets))

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_page, "BatchDialog", Accepting)
    first = page.awards[:2]
    page.print_batch(False, first)
    qtbot.waitUntil(lambda: page.register_view.rows_model.rowCount() == 2, timeout=20000)
    asked = []
    monkeypatch.setattr(page, "_ask_printed_before", lambda *a: asked.append(a) or "new")
    page.print_batch(False, list(page.awards))
    qtbot.waitUntil(lambda: (tmp_path / "second.pdf").exists(), timeout=20000)
    assert asked == [(2, 3, 1)]
    text = pdf_text(str(tmp_path / "second.pdf"))
    left = {a.name for a in page.awards} - {a.name for a in first}
    assert [name for name in NAMES if name in text] == list(left)
    assert all(c.prints == 1 for c in list_certificates(page.context.db))
    # cancelled: nothing printed
    monkeypatch.setattr(page, "_ask_printed_before", lambda *a: None)
    page.print_batch(False, list(page.awards))
    assert not (tmp_path / "third.pdf").exists()
    monkeypatch.undo()
    # the question itself, as shown
    shots = []

    def look():
        box = page.printed_before_box
        shots.append(box.grab())
        box.reject()

    QTimer.singleShot(200, look)
    assert page._ask_printed_before(2, 3, 1) is None
    shots[0].save(str(tmp_path / "box.png"))
