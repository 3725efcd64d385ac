"""The Teams page driven as an organiser would: add a team, type a Chinese name through the
input method, see the rule message, undo and redo; edit in place, search, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from outreach import i18n
from outreach.competition import roster
from outreach.storage import open_programme
from ui.app import make_application
from ui.context import AppContext
from ui.pages.teams import TeamsPage
from ui.settings import AppSettings
from ui.teams_dialogs import ImportPreviewDialog, MemberDialog, TeamDialog

SAMPLE = Path("/work/shared/samples/roster_sample.csv")


def type_chinese(widget, text: str) -> None:
    """Chinese goes in through the input method: keyClicks("张") aborts the interpreter."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def page(qtbot, tmp_path):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"))
    programme = open_programme(tmp_path / "p.db")
    context.programme = programme
    widget = TeamsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    programme.close()


@pytest.fixture
def demo_page(page):
    from outreach.demo import fill_demo

    fill_demo(page.db)
    page.reload()
    return page


def _member_names(page):
    model = page.members_model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_add_a_team_and_a_member_see_the_rule_then_undo_and_redo(page, qtbot):
    qtbot.mouseClick(page.add_team_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TeamDialog)
    assert not dialog.ok_button.isEnabled()  # the class is required
    type_chinese(dialog.edits["class_name"], "2025级保险学3班")
    type_chinese(dialog.edits["name"], "新星队")
    assert dialog.edits["class_name"].text() == "2025级保险学3班"
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    (team,) = roster.list_teams(page.db)
    assert (team.class_name, team.name) == ("2025级保险学3班", "新星队")
    assert page.current_team().id == team.id
    # an empty team is saved and says why it is not eligible
    assert "人数不足：0 人，需要 4–6 人" in page.team_status.text()
    assert "没有队长" in page.team_status.text()

    qtbot.mouseClick(page.add_member_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, MemberDialog)
    type_chinese(dialog.edits["name"], "阿依古丽·买买提")
    qtbot.keyClicks(dialog.edits["student_no"], "2025030101")
    qtbot.keyClicks(dialog.edits["phone"], "138")
    assert dialog.problem_labels["phone"].isVisible()
    assert "11 位数字" in dialog.problem_labels["phone"].text()
    assert not dialog.ok_button.isEnabled()
    dialog.edits["phone"].clear()
    qtbot.keyClicks(dialog.edits["phone"], "13912345678")
    assert not dialog.problem_labels["phone"].isVisible()
    assert not dialog.problem_labels["name"].isVisible()  # the middle dot is fine
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("captain"))
    assert "人数不足：1 人" in dialog.team_preview.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert _member_names(page) == ["阿依古丽·买买提"]
    assert "人数不足：1 人" in page.team_status.text()
    assert "没有队长" not in page.team_status.text()
    assert page.undo_button.isEnabled()

    qtbot.keyClick(page.members_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roster.list_members(page.db) == []
    assert _member_names(page) == []
    qtbot.keyClick(page.teams_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roster.list_teams(page.db) == []
    assert not page.undo_button.isEnabled()
    qtbot.keyClick(page.teams_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.teams_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [m.name for m in roster.list_members(page.db)] == ["阿依古丽·买买提"]
    assert _member_names(page) == ["阿依古丽·买买提"]


def test_a_taken_student_number_is_refused_in_the_dialog(demo_page, qtbot):
    page = demo_page
    page.add_member()
    dialog = page.dialog
    type_chinese(dialog.edits["name"], "张芳")
    qtbot.keyClicks(dialog.edits["student_no"], "2024010201")
    assert "已属于" in dialog.problem_labels["student_no"].text()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def _edit_cell(page, qtbot, view, row: int, column: int, text: str) -> None:
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    editor.del_()
    type_chinese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_cells_edit_in_place_with_rules_and_undo(demo_page, qtbot):
    page = demo_page
    page.teams_view.selectRow(0)
    before = _member_names(page)
    _edit_cell(page, qtbot, page.members_view, 1, 0, "欧阳娜娜")
    qtbot.waitUntil(lambda: "欧阳娜娜" in _member_names(page))
    _edit_cell(page, qtbot, page.members_view, 1, 3, "12345")
    assert "应为 11 位数字" in page.notice.text()
    assert all(m.phone != "12345" for m in roster.list_members(page.db))
    page.undo()
    assert _member_names(page) == before


def test_search_as_you_type_finds_pinyin_initials(demo_page, qtbot):
    page = demo_page
    qtbot.keyClicks(page.search, "zf")
    assert _member_names(page) == ["张芳"]
    assert page.teams_model.rowCount() == 1
    assert "1" in page.search_count.text()
    page.search.clear()
    assert page.teams_model.rowCount() == 8


def test_move_set_role_and_remove(page, qtbot):
    from outreach.competition import editing

    db = page.db
    source = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    target = editing.add_team(db, "2024级精算1班", "远航队").focus_team_id
    editing.add_member(db, source, "陈晓", "2024010101", role="captain")
    member_id = editing.add_member(db, source, "林悦", "2024010102").focus_member_id
    page.reload()
    page._select_row(page.teams_view, source)
    page._select_row(page.members_view, member_id)
    member = page.current_member()
    assert member.name == "林悦"
    page._fill_move_menu()
    (target_action,) = page.move_menu.actions()
    target_action.trigger()
    assert roster.get_member(db, member_id).team_id == target
    assert page.current_team().id == target
    page.set_role("alternate")
    assert roster.get_member(db, member_id).role == "alternate"
    page.remove_member()
    assert roster.get_member(db, member_id) is None
    for _ in range(3):
        page.undo()
    assert roster.get_member(db, member_id) == member


def test_removing_a_member_with_exam_records_is_refused_with_a_reason(page):
    from outreach.competition import editing

    db = page.db
    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    member_id = editing.add_member(db, team_id, "陈晓", "2024010101").focus_member_id
    db.execute("CREATE TABLE t_refs (id TEXT PRIMARY KEY, member_id TEXT REFERENCES members(id))")
    db.execute("INSERT INTO t_refs VALUES ('r', ?)", [member_id])
    page.reload()
    page._select_row(page.members_view, member_id)
    page.remove_member()
    assert roster.get_member(db, member_id) is not None
    assert "仍在使用" in page.notice.text()


def test_import_previews_then_writes_off_the_gui_thread_and_undoes(page, qtbot, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(
        SAMPLE.read_text(encoding="utf-8-sig") + "2024级精算1班,远航队,何畅,2024020102,,队员\n",
        encoding="utf-8",
    )
    page.import_file(broken)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog), timeout=5000)
    assert not page.dialog.import_button.isEnabled()
    assert page.dialog.problems_model.rowCount() == 1
    (problem,) = page.dialog.problems_model.rows()
    assert problem.row == 11
    assert "2024020102" in str(problem.message)
    assert roster.list_members(page.db) == []
    page.dialog.reject()

    page.import_file(SAMPLE)
    qtbot.waitUntil(
        lambda: isinstance(page.dialog, ImportPreviewDialog) and page.dialog.plan.path == SAMPLE,
        timeout=5000,
    )
    dialog = page.dialog
    assert dialog.import_button.isEnabled()
    assert dialog.teams_model.rowCount() == 2
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.teams_model.rowCount() == 2, timeout=5000)
    assert len(roster.list_members(page.db)) == 9
    assert list((tmp_path / "p.db.backups").glob("*before-import*"))
    page.undo()
    assert roster.list_members(page.db) == []


def test_export_and_print_from_the_page(demo_page, qtbot, tmp_path):
    page = demo_page
    page.export("members", tmp_path / "m.xlsx")
    assert (tmp_path / "m.xlsx").exists()
    page.print_roster(tmp_path / "r.pdf")
    qtbot.waitUntil(
        lambda: (tmp_path / "r.pdf").exists() and "8" in page.notice.text(), timeout=10000
    )
    page.print_form(tmp_path / "f.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "f.pdf").exists(), timeout=10000)


def test_language_switch_relabels_the_page(demo_page):
    page = demo_page
    assert page.add_team_button.text() == "添加队伍…"
    page.context.set_language("en")
    try:
        assert page.add_team_button.text() == "Add team…"
        assert page.teams_model.headerData(0, Qt.Orientation.Horizontal, 0) == "Class"
        assert "eligible" in page.team_status.text()
    finally:
        page.context.set_language("zh_CN")
        i18n.set_language("zh_CN")


def test_opening_another_programme_forgets_the_undo_steps(page, tmp_path):
    from outreach.competition import editing

    page.run_edit(lambda: editing.add_team(page.db, "2024级保险学1班", "启明队"))
    assert page.history.can_undo
    other = open_programme(tmp_path / "other.db")
    old = page.context.programme
    page.context.programme = None
    page.context.replace_programme(other)
    assert not page.history.can_undo
    assert not page.undo_button.isEnabled()
    assert page.teams_model.rowCount() == 0
    old.close()


def test_the_search_count_reads_right_for_one_match_in_english(demo_page):
    # "1 members in 1 teams found"
    i18n.set_language("en")
    demo_page.retranslate()
    demo_page.search.setText("zf")
    text = demo_page.search_count.text()
    assert "1 members" not in text and "1 teams" not in text
    assert "1" in text


def test_a_full_team_refuses_a_seventh_member(page, qtbot):
    from outreach.competition import editing

    team_id = editing.add_team(page.db, "2024级保险学1班", "启明队").focus_team_id
    for n in range(6):
        editing.add_member(page.db, team_id, f"队员{'甲乙丙丁戊己'[n]}", f"20240101{n:02d}")
    page.reload()
    page._select_row(page.teams_view, team_id)
    page.dialog = None
    qtbot.mouseClick(page.add_member_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None  # no dialog to type into
    assert "已有 6 人" in page.notice.text()
    assert len(roster.list_members(page.db, team_id)) == 6


def test_export_and_print_add_an_extension_instead_of_replacing_one(
    demo_page, qtbot, tmp_path, monkeypatch
):
    """``report.v2`` was written as ``report.xlsx`` (the ``.v2`` taken for an extension)."""
    page = demo_page
    page.export("members", tmp_path / "report.v2")
    assert (tmp_path / "report.v2.xlsx").exists() and not (tmp_path / "report.xlsx").exists()
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda _p, _t, _s, filters, *a, **k: (str(tmp_path / "名单.2026"), "CSV 文件 (*.csv)"),
    )
    page.export("teams")
    assert (tmp_path / "名单.2026.csv").exists()
    page.print_roster(tmp_path / "roster.final")
    qtbot.waitUntil(lambda: (tmp_path / "roster.final.pdf").exists(), timeout=10000)
