"""Teams page: a team's notes edit in place (undoable, one transaction, both languages), and a
member row dragged onto a team moves the member with the Move menu's rules and undo; a drop
that breaks a rule is refused with the reason shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from outreach import i18n
from outreach.competition import editing, roster
from outreach.competition.editing import EditError
from tests import test_teams_page
from ui.teams_models import MEMBER_MIME, member_ids

page = test_teams_page.page  # the same page fixture: a TeamsPage on a fresh file
type_chinese = test_teams_page.type_chinese


def _notes_column(page) -> int:
    model = page.teams_model
    return next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        in ("备注", "Notes")
    )


def _team_row(page, team_id: str) -> int:
    proxy = page.teams_view.model()
    return next(
        r
        for r in range(proxy.rowCount())
        if proxy.data(proxy.index(r, 0), Qt.ItemDataRole.UserRole + 2).id == team_id
    )


def _two_teams(db, sizes=(2, 0)):
    a = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    b = editing.add_team(db, "2024级精算1班", "远航队").focus_team_id
    for team_id, size, base in ((a, sizes[0], 2024010100), (b, sizes[1], 2024020100)):
        for k in range(size):
            role = "captain" if k == 0 else "member"
            editing.add_member(db, team_id, f"队员{'甲乙丙丁戊己庚'[k]}", str(base + k), role=role)
    return a, b


# -- domain -----------------------------------------------------------------------------------
def test_notes_are_trimmed_limited_and_undone_exactly(db):
    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    change = editing.edit_team(db, team_id, notes="  指导老师：王老师\n周三下午训练 ")
    assert roster.get_team(db, team_id).notes == "指导老师：王老师 周三下午训练"
    assert change.description.render("zh_CN") == "修改 启明队 的备注"
    assert change.description.render("en") == "edit the notes of 启明队"
    with pytest.raises(EditError) as caught:
        editing.edit_team(db, team_id, notes="备" * 201)
    assert "200" in caught.value.problems[0].message.render("zh_CN")
    assert roster.get_team(db, team_id).notes == "指导老师：王老师 周三下午训练"
    editing.revert(db, change)
    assert roster.get_team(db, team_id).notes is None
    editing.edit_team(db, team_id, notes="x")
    editing.edit_team(db, team_id, notes="   ")  # clearing the notes
    assert roster.get_team(db, team_id).notes is None


def test_moving_into_the_own_team_or_a_full_team_is_refused(db):
    a, b = _two_teams(db, sizes=(2, 6))
    member = roster.list_members(db, a)[1]
    with pytest.raises(EditError) as caught:
        editing.move_member(db, member.id, a)
    assert "已在" in caught.value.messages[0].render("zh_CN")
    with pytest.raises(EditError) as caught:
        editing.move_member(db, member.id, b)
    assert "6" in caught.value.messages[0].render("zh_CN")
    assert roster.get_member(db, member.id).team_id == a


# -- window -----------------------------------------------------------------------------------
def test_team_notes_edit_in_place_undo_and_language(page, qtbot):
    db = page.db
    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    page.reload()
    column = _notes_column(page)
    index = page.teams_view.model().index(_team_row(page, team_id), column)
    page.teams_view.setCurrentIndex(index)
    page.teams_view.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_chinese(editor, "指导老师：王老师")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "备注" in page.notice.text())
    assert roster.get_team(db, team_id).notes == "指导老师：王老师"
    proxy = page.teams_view.model()
    assert proxy.data(proxy.index(_team_row(page, team_id), column)) == "指导老师：王老师"
    assert page.undo_button.isEnabled()

    page.undo()
    assert roster.get_team(db, team_id).notes is None
    page.redo()
    assert roster.get_team(db, team_id).notes == "指导老师：王老师"

    page.context.set_language("en")
    try:
        assert _notes_column(page) == column
        header = page.teams_model.headerData(column, Qt.Orientation.Horizontal)
        assert header == "Notes"
    finally:
        page.context.set_language("zh_CN")
        i18n.set_language("zh_CN")


def _drag_data(page, member_id: str):
    assert page._select_row(page.members_view, member_id)
    proxy = page.members_view.model()
    row = page.members_view.selectionModel().currentIndex().row()
    indexes = [proxy.index(row, c) for c in range(proxy.columnCount())]
    data = proxy.mimeData(indexes)
    assert member_ids(data) == [member_id]
    return data


def _drop_on_team(page, data, team_id: str) -> None:
    """The events a mouse drag delivers to the teams view: enter, move over the team's row,
    drop there (a real QDrag cannot run on the offscreen platform)."""
    viewport = page.teams_view.viewport()
    rect = page.teams_view.visualRect(page.teams_view.model().index(_team_row(page, team_id), 1))
    where = rect.center()
    move, left = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(where, move, data, left, none),
        QDragMoveEvent(where, move, data, left, none),
    ):
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    QApplication.sendEvent(viewport, QDropEvent(QPointF(where), move, data, left, none))


def test_drag_a_member_onto_a_team_moves_them_with_undo(page, qtbot):
    db = page.db
    a, b = _two_teams(db, sizes=(3, 1))
    page.reload()
    page._select_row(page.teams_view, a)
    page._team_selection_changed()
    captain = roster.list_members(db, a)[0]
    assert captain.role == "captain"
    flags = page.members_view.model().flags(page.members_view.model().index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled

    _drop_on_team(page, _drag_data(page, captain.id), b)
    moved = roster.get_member(db, captain.id)
    # the Move rules: a captain joining a team with a captain becomes a member
    assert (moved.team_id, moved.role) == (b, "member")
    assert page.current_team().id == b and page.current_member().id == captain.id
    assert "远航队" in page.notice.text()

    page.undo()
    assert roster.get_member(db, captain.id) == captain
    page.redo()
    assert roster.get_member(db, captain.id).team_id == b

    # through the model as well (the view's handler calls this)
    other = roster.list_members(db, a)[0]
    page._select_row(page.teams_view, a)
    page._team_selection_changed()
    proxy = page.teams_view.model()
    target = proxy.index(_team_row(page, b), 0)
    data = _drag_data(page, other.id)
    assert proxy.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert roster.get_member(db, other.id).team_id == b


def test_a_drop_that_breaks_a_rule_is_refused_with_the_reason(page, qtbot):
    db = page.db
    a, b = _two_teams(db, sizes=(2, 6))
    page.reload()
    page._select_row(page.teams_view, a)
    page._team_selection_changed()
    member = roster.list_members(db, a)[1]
    history_before = page.history.next_undo()

    _drop_on_team(page, _drag_data(page, member.id), b)  # full team
    assert roster.get_member(db, member.id).team_id == a
    assert "远航队 已有 6 人" in page.notice.text()
    _drop_on_team(page, _drag_data(page, member.id), a)  # its own team
    assert roster.get_member(db, member.id).team_id == a
    assert f"{member.name} 已在" in page.notice.text()
    assert page.history.next_undo() == history_before  # nothing recorded

    # what is not a member, or a read-only file, is not accepted at all
    proxy = page.teams_view.model()
    target = proxy.index(_team_row(page, b), 0)

    text_only = QMimeData()
    text_only.setText("张芳")
    assert not proxy.canDropMimeData(text_only, Qt.DropAction.MoveAction, -1, -1, target)
    page.teams_model.editable = False
    assert not proxy.canDropMimeData(
        _drag_data(page, member.id), Qt.DropAction.MoveAction, -1, -1, target
    )
    assert MEMBER_MIME in proxy.mimeTypes()
