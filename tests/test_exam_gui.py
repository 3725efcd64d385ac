"""The exam page driven as a person would: filter the bank, edit a question, import, type
answer sheets with Enter, see results and settle a tie, switch language."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlite_utils import Database

from outreach.demo import fill_demo
from outreach.exam.answers import format_key, list_sheets
from outreach.exam.exams import Exam, exam_by_name, save_exam
from outreach.exam.papers import paper
from outreach.exam.questions import Question, list_questions
from outreach.storage import Programme, memory_programme
from ui.app import make_application
from ui.context import AppContext
from ui.exam_dialogs import QuestionDialog, SettleDialog
from ui.pages.exam import ExamPage
from ui.settings import AppSettings


@pytest.fixture(scope="module")
def demo_template():
    """The demo programme built once per module; each test gets its own copy (fast)."""
    template = memory_programme()
    fill_demo(template.db)
    yield template
    template.close()


@pytest.fixture
def programme(demo_template):
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    demo_template.db.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    copy = Programme(Database(conn), None)
    yield copy
    copy.close()


@pytest.fixture
def demo_db(programme):
    return programme.db


def make_page(qtbot, tmp_path, demo_db_programme):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "s.ini"), demo_db_programme)
    page = ExamPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_the_bank_lists_and_filters(qtbot, tmp_path, programme, demo_db):
    page = make_page(qtbot, tmp_path, programme)
    bank = page.bank
    total = len(list_questions(demo_db))
    assert bank.model.rowCount() == total >= 30
    bank.kind_box.setCurrentIndex(bank.kind_box.findData("truefalse"))
    assert 0 < bank.model.rowCount() < total
    assert all(q.kind == "truefalse" for q in bank.model.rows())
    bank.usage_box.setCurrentIndex(bank.usage_box.findData("tiebreak"))
    assert all(q.reserved for q in bank.model.rows()) and bank.model.rowCount() >= 1
    bank.usage_box.setCurrentIndex(0)
    bank.kind_box.setCurrentIndex(0)
    bank.search_edit.setText("代位")
    assert bank.model.rowCount() >= 1
    bank.table.selectRow(0)
    assert "代位" in bank.detail.text()


def test_the_question_dialog_checks_as_you_type(qtbot, tmp_path, programme, demo_db):
    page = make_page(qtbot, tmp_path, programme)
    dialog = QuestionDialog(demo_db, None, ["理赔"], page)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.stem_edit.setPlainText("理赔时效从哪天开始计算？")
    dialog.options_edit.setPlainText("出险之日\n知道或应当知道保险事故发生之日")
    qtbot.keyClicks(dialog.answer_edit, "C")
    assert not ok.isEnabled() and "C" in dialog.problems_label.text()
    dialog.answer_edit.clear()
    qtbot.keyClicks(dialog.answer_edit, "b")
    assert ok.isEnabled()
    page.bank._save(dialog.question(), new=True)
    assert any(
        q.stem == "理赔时效从哪天开始计算？" and q.answer == "B" for q in list_questions(demo_db)
    )
    # a duplicate of a bank question is refused as typed
    again = QuestionDialog(demo_db, None, [], page)
    qtbot.addWidget(again)
    again.stem_edit.setPlainText("理赔时效 从哪天开始计算")
    assert "已有" in again.problems_label.text()


def test_import_preview_then_import(qtbot, tmp_path, programme, demo_db, monkeypatch):
    page = make_page(qtbot, tmp_path, programme)
    source = tmp_path / "new.txt"
    source.write_text(
        "1、新的题目（ ）\nA. 甲\nB. 乙\n【答案】B\n2、另一题\n【答案】错\n", encoding="gb18030"
    )
    monkeypatch.setattr("ui.exam_dialogs.ImportPreviewDialog.exec", lambda self: 1)
    before = len(list_questions(demo_db))
    assert page.bank.import_file(str(source))
    assert page.bank.last_preview_dialog.import_button.isEnabled()
    assert len(list_questions(demo_db)) == before + 2
    assert page.bank.model.rowCount() == before + 2
    # importing the same file again: the preview names the duplicates and nothing is added
    assert not page.bank.import_file(str(source))
    dialog = page.bank.last_preview_dialog
    assert not dialog.import_button.isEnabled()
    assert dialog.problem_list.count() == 2
    assert "new.txt 第 1 行" in dialog.problem_list.item(0).text()


def test_typing_sheets_with_enter(qtbot, tmp_path, programme, demo_db):
    page = make_page(qtbot, tmp_path, programme)
    db = demo_db
    exam = save_exam(db, Exam(**{**exam_by_name(db, "初赛").__dict__, "name": "初赛"}))
    db.execute("DELETE FROM answer_sheets")
    page.reload(select=exam.id)
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    students = [
        r[0] for r in db.execute("SELECT student_no FROM members ORDER BY student_no LIMIT 3")
    ]
    key = format_key(paper(db, exam.id, "B").items)
    entry.version_edit.clear()
    qtbot.keyClicks(entry.student_edit, students[0])
    qtbot.keyClick(entry.student_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.version_edit, "b")
    assert entry.version_edit.text() == "B"
    qtbot.keyClick(entry.version_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.answer_edit, key[:5] + "X")
    assert "X" in entry.check_label.text() and entry.answer_edit.styleSheet()
    qtbot.keyClick(entry.answer_edit, Qt.Key.Key_Return)
    assert list_sheets(db, exam.id) == []  # a flagged sheet is not saved
    entry.answer_edit.clear()
    qtbot.keyClicks(entry.answer_edit, key)
    assert "✓" in entry.check_label.text()
    qtbot.keyClick(entry.answer_edit, Qt.Key.Key_Return)
    assert len(list_sheets(db, exam.id)) == 1
    assert entry.student_edit.text() == "" and entry.version_edit.text() == "B"
    # the next sheet: the version is kept (Enter) or replaced (a letter); an unknown student
    # is flagged as typed
    qtbot.keyClicks(entry.student_edit, "0000")
    assert entry.student_edit.styleSheet()
    entry.student_edit.clear()
    qtbot.keyClicks(entry.student_edit, students[1])
    qtbot.keyClick(entry.student_edit, Qt.Key.Key_Return)
    assert entry.version_edit.selectedText() == "B"  # Enter keeps it, a letter replaces it
    qtbot.keyClick(entry.version_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.answer_edit, key)
    qtbot.keyClick(entry.answer_edit, Qt.Key.Key_Return)
    assert len(list_sheets(db, exam.id)) == 2
    assert entry.model.rowCount() == 2
    # alternating papers: typing the other letter replaces the kept one, nothing leaks into
    # the answers
    key_a = format_key(paper(db, exam.id, "A").items)
    qtbot.keyClicks(entry.student_edit, students[2])
    qtbot.keyClick(entry.student_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.version_edit, "a")
    qtbot.keyClick(entry.version_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.answer_edit, key_a)
    assert entry.answer_edit.text() == key_a
    qtbot.keyClick(entry.answer_edit, Qt.Key.Key_Return)
    saved = db.execute(
        "SELECT a.version FROM answer_sheets a JOIN members m ON m.id = a.member_id "
        "WHERE m.student_no = ?",
        [students[2]],
    ).fetchone()
    assert saved == ("A",)
    assert (
        page.results.people_model.rows()[0].score == page.results.people_model.rows()[0].max_score
    )


def test_a_student_who_already_has_a_sheet_is_flagged_before_enter_replaces_it(
    qtbot, tmp_path, programme, demo_db
):
    # A mistyped student number silently replaced another student's sheet: the catalog had
    # the warning ("already entered: Enter replaces the sheet") but the page never showed it.
    page = make_page(qtbot, tmp_path, programme)
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    member_id, student_no = demo_db.execute(
        "SELECT m.id, m.student_no FROM answer_sheets a JOIN members m ON m.id = a.member_id"
        " LIMIT 1"
    ).fetchone()
    qtbot.keyClicks(entry.student_edit, student_no)
    assert "已录入过" in entry.who_label.text()
    assert "#8a5a00" in entry.who_label.styleSheet()
    demo_db.execute("DELETE FROM answer_sheets WHERE member_id = ?", [member_id])
    entry.student_edit.clear()
    qtbot.keyClicks(entry.student_edit, student_no)
    assert "已录入过" not in entry.who_label.text()


def test_answer_problems_are_joined_in_the_ui_language(qtbot, tmp_path, programme, demo_db):
    from outreach import i18n

    page = make_page(qtbot, tmp_path, programme)
    entry = page.entry
    i18n.set_language("en")
    entry.version_edit.setText("A")
    entry.answer_edit.setText("XY")
    text = entry.check_label.text()
    assert "; " in text and "；" not in text and "　" not in text


def test_results_show_a_cut_line_tie_and_settling_it(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    db = demo_db
    exam = exam_by_name(db, "初赛")
    # everyone answers everything right: all teams tie at the top
    db.execute("DELETE FROM answer_sheets")
    from outreach.exam.answers import save_sheet

    key = format_key(paper(db, exam.id, "A").items)
    for (student,) in db.execute("SELECT student_no FROM members").fetchall():
        save_sheet(db, exam.id, student, "A", key)
    page = make_page(qtbot, tmp_path, programme)
    results = page.results
    assert "⚠" in results.finalist_label.text()
    assert results.settle_button.isEnabled()
    result = results.current_finalists
    chosen = list(result.tied_ids[: result.slots_for_tied])

    def accept(dialog):
        for row in range(dialog.list.count()):
            item = dialog.list.item(row)
            ref = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if ref in chosen else Qt.CheckState.Unchecked)
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.note_edit.setText("抽签")
        return 1

    monkeypatch.setattr(SettleDialog, "exec", accept)
    results.settle()
    assert "⚠" not in results.finalist_label.text()
    assert results.current_finalists.settled
    assert sorted(results.current_finalists.finalist_ids) == sorted(chosen)


def test_language_switch_relabels_the_page(qtbot, tmp_path, programme, demo_db):
    page = make_page(qtbot, tmp_path, programme)
    assert page.tabs.tabText(0) == "题库"
    page.context.set_language("en")
    assert page.tabs.tabText(0) == "Question bank"
    assert page.entry.student_label.text() == "Student no."
    assert page.results.tabs.tabText(3) == "Question statistics"
    page.context.set_language("zh_CN")
    assert page.tabs.tabText(3) == "成绩与排名"


def test_a_new_exam_from_the_page(qtbot, tmp_path, programme, demo_db, monkeypatch):
    page = make_page(qtbot, tmp_path, programme)
    monkeypatch.setattr("ui.pages.exam.QInputDialog.getText", lambda *a, **k: ("复赛", True))
    exam = page.new_exam()
    assert exam is not None and page.exam_box.currentText() == "复赛"
    assert page.setup.name_edit.text() == "复赛"
    page.setup.points_spins["single"].setValue(5)
    assert page.setup.save_settings()
    assert exam_by_name(demo_db, "复赛").points_single == 5
    assert isinstance(list_questions(demo_db)[0], Question)


def test_printing_papers_runs_off_the_gui_thread_and_exports_work(
    qtbot, tmp_path, programme, demo_db
):
    page = make_page(qtbot, tmp_path, programme)
    target = tmp_path / "papers.pdf"
    task = page.setup.print_pdf("papers", str(target))
    qtbot.waitUntil(lambda: target.exists() and task.result is not None, timeout=60000)
    assert target.read_bytes().startswith(b"%PDF")
    keys = tmp_path / "keys.pdf"
    task = page.setup.print_pdf("keys", str(keys))
    qtbot.waitUntil(lambda: keys.exists() and task.result is not None, timeout=60000)
    rows = page.results.export("results", str(tmp_path / "results.xlsx"))
    assert rows == len(page.results.people_model.rows()) > 0
    assert page.results.export("standings", str(tmp_path / "standings.csv")) >= 1


def test_the_answer_key_save_dialog_is_titled_for_keys_and_named_in_the_print_language(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    page = make_page(qtbot, tmp_path, programme)
    asked = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda _parent, title, suggested, _filter: asked.append((title, suggested)) or ("", ""),
    )
    page.context.set_print_language("en")
    page.setup.print_pdf("keys")
    page.setup.print_pdf("papers")
    name = page.setup.exam.name
    assert asked == [
        ("打印参考答案…", f"{name}-answer keys.pdf"),
        ("打印试卷和答题卡…", f"{name}-papers.pdf"),
    ]


def test_exam_setup_choices_are_not_cut_in_english(qtbot, tmp_path, programme, demo_db):
    # "Partial credit for a correct s" on a 1280-pixel-wide window
    from outreach import i18n

    i18n.set_language("en")
    page = make_page(qtbot, tmp_path, programme)
    font = page.font()
    font.setPointSize(11)  # the size the screenshots under Xvfb are taken at, roughly
    page.setFont(font)
    page.retranslate()
    page.resize(1100, 700)
    page.tabs.setCurrentWidget(page.setup)
    qtbot.waitExposed(page)
    for box in (page.setup.mode_box, page.setup.finalist_mode_box):
        box.setCurrentIndex(box.findData("partial") if box is page.setup.mode_box else 0)
        longest = max(
            box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count())
        )
        assert box.width() >= longest + 20, (box.currentText(), box.width(), longest)


def test_exam_settings_typed_but_not_saved_are_not_dropped(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    # Points typed into the form were silently reset by any reload (a roster change, a new
    # version) and by choosing another exam; printing used the old points.
    page = make_page(qtbot, tmp_path, programme)
    page.tabs.setCurrentWidget(page.setup)
    setup = page.setup
    exam = exam_by_name(demo_db, "初赛")
    setup.points_spins["single"].setValue(5)
    page.context.notify("teams")  # someone edits a roster meanwhile
    assert setup.points_spins["single"].value() == 5 and setup.has_unsaved_settings()
    printed = []
    monkeypatch.setattr(
        "ui.exam_setup.print_papers", lambda path, exam, *a, **k: printed.append(exam) or path
    )
    task = setup.print_pdf("papers", str(tmp_path / "papers.pdf"))
    qtbot.waitUntil(lambda: bool(printed), timeout=5000)
    assert task is not None and printed[0].points_single == 5
    assert exam_by_name(demo_db, "初赛").points_single == 5
    # typed, then another exam chosen: kept for the exam it was typed for
    other = save_exam(demo_db, Exam(id="", name="复赛"))
    page.reload(select=exam.id)
    setup.duration_spin.setValue(75)
    page.exam_box.setCurrentIndex(page.exam_box.findData(other.id))
    assert exam_by_name(demo_db, "初赛").duration_minutes == 75
    assert setup.exam.id == other.id and not setup.has_unsaved_settings()
    assert page.may_leave_programme()


def test_a_question_whose_type_is_not_recognised_says_so_in_the_preview(qtbot, demo_db):
    # the type column showed a bare "?"
    from outreach.exam.question_import import preview_text
    from ui.exam_dialogs import ImportPreviewDialog

    preview = preview_text("1、题干（ ）\nA. 甲\nB. 乙\n【答案】F\n")
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    assert model.index(0, 1).data() == "未识别"
    assert dialog.table.verticalHeader().isHidden()


def test_the_exam_date_is_checked_and_stored_as_iso(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    # The date was free text: "下周五" or "2026-13-01" printed on every paper.
    page = make_page(qtbot, tmp_path, programme)
    warnings = []
    monkeypatch.setattr(
        "ui.exam_setup.QMessageBox.warning", lambda _parent, _title, text: warnings.append(text)
    )
    name = page.setup.exam.name
    before = exam_by_name(demo_db, name).exam_date
    page.setup.date_edit.setText("2026-13-01")
    assert not page.setup.save_settings()
    assert "2026-13-01" in warnings[-1] and "2026年12月4日" in warnings[-1]
    assert exam_by_name(demo_db, name).exam_date == before
    page.setup.date_edit.setText("2026年12月4日")
    assert page.setup.save_settings()
    assert exam_by_name(demo_db, name).exam_date == "2026-12-04"
    assert page.setup.date_edit.text() == "2026-12-04"


def test_the_paper_version_is_remembered_per_exam(qtbot, tmp_path, programme, demo_db, monkeypatch):
    # The letter typed for one exam stayed when another was created or chosen, and sheets
    # were keyed against the other exam's version of that letter (or one it does not have).
    page = make_page(qtbot, tmp_path, programme)
    first = exam_by_name(demo_db, "初赛")
    page.reload(select=first.id)
    entry = page.entry
    entry.version_edit.setText("B")
    monkeypatch.setattr("ui.pages.exam.QInputDialog.getText", lambda *a, **k: ("复赛", True))
    second = page.new_exam()
    assert entry.exam.id == second.id
    assert entry.version_edit.text() == ""  # 复赛 has no paper versions yet
    entry.version_edit.setText("A")
    page.reload(select=first.id)
    assert entry.version_edit.text() == "B"
    page.reload(select=second.id)
    assert entry.version_edit.text() == "A"
    page.reload()  # a reload of the same exam keeps what was typed
    assert entry.version_edit.text() == "A"


def test_printing_papers_gives_the_sheet_boxes_for_the_longest_student_number(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    from outreach.competition import editing

    team = editing.add_team(demo_db, "2024级精算2班", "长号队").focus_team_id
    editing.add_member(demo_db, team, "欧阳长名", "2024XJ0201ABCDEFGHIJ")
    page = make_page(qtbot, tmp_path, programme)
    page.tabs.setCurrentWidget(page.setup)
    asked = []
    monkeypatch.setattr("ui.exam_setup.print_papers", lambda path, *a, **k: asked.append(k) or path)
    page.setup.print_pdf("papers", str(tmp_path / "papers.pdf"))
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked[0]["student_no_boxes"] == 20


def test_exports_and_prints_of_the_exam_page_add_the_missing_extension(
    qtbot, tmp_path, programme, demo_db, monkeypatch
):
    page = make_page(qtbot, tmp_path, programme)
    page.context.set_language("en")
    suggested = []

    def dialog(_parent, _title, name, filters, *a, **k):
        suggested.append(name)
        return str(tmp_path / f"out{len(suggested)}.v2"), filters.split(";;")[0]

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", dialog)
    assert page.results.export("results") > 0
    assert (tmp_path / "out1.v2.xlsx").exists()
    assert "成绩" not in suggested[0] and suggested[0].endswith("-results.xlsx")
    page.bank.export_file()
    assert (tmp_path / "out2.v2.xlsx").exists()
    task = page.setup.print_pdf("keys")
    qtbot.waitUntil(lambda: (tmp_path / "out3.v2.pdf").exists() and task.result is not None)


def test_the_bank_says_a_tiebreak_use_in_the_language_in_force(qtbot, tmp_path, programme):
    # A question a tie-break round used read "备用（附加赛）" as if only kept in reserve, and its
    # label kept the round's name in the language in force when the question was opened.
    from outreach.exam.questions import record_usage
    from outreach.final.rounds import tiebreak_code, usage_label

    question = list_questions(programme.db)[0]
    record_usage(programme.db, question.id, "tiebreak", "round-x", usage_label(tiebreak_code(2), 3))
    page = make_page(qtbot, tmp_path, programme)
    bank = page.bank
    row = bank.model.rows().index(question)
    column = bank.model.columnCount() - 1

    def used() -> str:
        return bank.model.data(bank.model.index(row, column))

    assert "附加赛（抢答） 2 · 3" in used()
    page.context.set_language("en")
    try:
        assert "Tie-break (buzz-in) 2 · 3" in used() and "附加赛" not in used()
    finally:
        page.context.set_language("zh_CN")
