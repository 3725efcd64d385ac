"""Edits of teams and members: one transaction each, returning what changed, undoable."""

from __future__ import annotations

import pytest

from outreach.competition import editing, roster
from outreach.competition.editing import EditError, EditHistory, UndoConflict
from outreach.competition.rules import team_status


def _dump(db):
    return (
        [tuple(r) for r in db.execute("SELECT * FROM teams ORDER BY id")],
        [tuple(r) for r in db.execute("SELECT * FROM members ORDER BY id")],
    )


def _team_with(db, history, count, captain=True):
    team_id = history.record(editing.add_team(db, "2024级保险学1班", "启明队")).focus_team_id
    for n in range(count):
        role = "captain" if captain and n == 0 else "member"
        history.record(
            editing.add_member(
                db, team_id, f"队员{'甲乙丙丁戊己庚'[n]}", f"20240101{n:02d}", "", role
            )
        )
    return team_id


def test_an_incomplete_team_is_saved_and_says_why(db):
    history = EditHistory()
    team_id = _team_with(db, history, 2)
    status = team_status(db, team_id)
    assert [p.key for p in status.problems] == ["competition.rule.too_few"]
    assert not status.eligible


def test_field_rules_refuse_the_write_and_write_nothing(db):
    history = EditHistory()
    team_id = _team_with(db, history, 1)
    before = _dump(db)
    with pytest.raises(EditError) as refused:
        editing.add_member(db, team_id, "", "x-1", "123", "member")
    assert {p.field for p in refused.value.problems} == {"name", "student_no", "phone"}
    with pytest.raises(EditError) as taken:
        editing.add_member(db, team_id, "张芳", "2024010100")
    assert taken.value.problems[0].field == "student_no"
    assert "队员甲" in taken.value.messages[0].render("zh_CN")
    assert _dump(db) == before


def test_full_width_digits_typed_by_an_input_method_are_folded(db):
    # A Chinese input method in full-width mode types "２０２４…": the importers fold it, the
    # dialog and the in-place edit refused it as "not letters and digits".
    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    change = editing.add_member(
        db, team_id, "张芳", "２０２４０１０２０１", "１３８ ０００ ０００１１"
    )
    member = roster.get_member(db, change.focus_member_id)
    assert (member.student_no, member.phone) == ("2024010201", "13800000011")
    with pytest.raises(EditError) as taken:
        editing.add_member(db, team_id, "李四", "２０２４０１０２０１")
    assert taken.value.problems[0].field == "student_no"
    editing.edit_member(db, member.id, student_no="２０２４ＡＢ０１")
    assert roster.get_member(db, member.id).student_no == "2024AB01"
    other = editing.add_team(db, "２０２４级保险学２班", "守护者队").focus_team_id
    assert roster.get_team(db, other).class_name == "2024级保险学2班"


def test_a_student_number_cannot_be_in_two_teams(db):
    a = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    b = editing.add_team(db, "2024级精算1班", "远航队").focus_team_id
    editing.add_member(db, a, "张芳", "2024010201")
    with pytest.raises(EditError):
        editing.add_member(db, b, "张芳", "2024010201")


def test_every_edit_undoes_and_redoes_exactly(db):
    history = EditHistory()
    empty = _dump(db)
    team_id = _team_with(db, history, 5)
    other = history.record(editing.add_team(db, "2024级精算1班", "远航队")).focus_team_id
    members = roster.list_members(db, team_id)
    steps = [
        lambda: editing.edit_team(db, team_id, name="启明星队", notes="周三训练"),
        lambda: editing.edit_member(db, members[1].id, name="阿依古丽·买买提", phone="13912345678"),
        lambda: editing.set_role(db, members[2].id, "captain"),
        lambda: editing.set_role(db, members[4].id, "alternate"),
        lambda: editing.move_member(db, members[3].id, other),
        lambda: editing.remove_member(db, members[1].id),
        lambda: editing.remove_team(db, team_id),
    ]
    states = [_dump(db)]
    for step in steps:
        history.record(step())
        states.append(_dump(db))
    for expected in reversed(states[:-1]):
        history.undo(db)
        assert _dump(db) == expected
    for expected in states[1:]:
        history.redo(db)
        assert _dump(db) == expected
    assert states[0] != empty


def test_undoing_a_move_focuses_the_team_the_member_is_back_in(db):
    # After undoing a move the page still showed the team the member had just left.
    history = EditHistory()
    home = _team_with(db, history, 4)
    away = editing.add_team(db, "2024级精算1班", "远航队").focus_team_id
    member = roster.list_members(db, home)[2]
    moved = history.record(editing.move_member(db, member.id, away))
    assert (moved.focus_team_id, moved.focus_member_id) == (away, member.id)
    undone = history.undo(db)
    assert (undone.focus_team_id, undone.focus_member_id) == (home, member.id)
    redone = history.redo(db)
    assert redone.focus_team_id == away


def test_setting_a_captain_demotes_the_old_one_in_the_same_change(db):
    history = EditHistory()
    team_id = _team_with(db, history, 4)
    members = roster.list_members(db, team_id)
    change = editing.set_role(db, members[2].id, "captain")
    assert [m.role for m in roster.list_members(db, team_id)].count("captain") == 1
    assert roster.get_member(db, members[0].id).role == "member"
    assert {s.id for s in change.after} == {members[0].id, members[2].id}
    assert change.description.render("en") == f"make {members[2].name} captain"


def test_moving_a_captain_into_a_team_with_a_captain_makes_them_a_member(db):
    history = EditHistory()
    a = _team_with(db, history, 4)
    b = history.record(editing.add_team(db, "2024级精算1班", "远航队")).focus_team_id
    history.record(editing.add_member(db, b, "周宁", "2024020101", role="captain"))
    captain = roster.list_members(db, a)[0]
    editing.move_member(db, captain.id, b)
    moved = roster.get_member(db, captain.id)
    assert (moved.team_id, moved.role) == (b, "member")


def test_undo_refuses_when_the_rows_changed_elsewhere(db):
    history = EditHistory()
    team_id = history.record(editing.add_team(db, "2024级保险学1班", "启明队")).focus_team_id
    db.execute("UPDATE teams SET name = '别处改过' WHERE id = ?", [team_id])
    with pytest.raises(UndoConflict):
        history.undo(db)
    assert roster.get_team(db, team_id).name == "别处改过"
    assert not history.can_undo


def test_a_new_edit_clears_redo(db):
    history = EditHistory()
    history.record(editing.add_team(db, "2024级保险学1班", "启明队"))
    history.undo(db)
    assert history.can_redo
    history.record(editing.add_team(db, "2024级精算1班", "远航队"))
    assert not history.can_redo


def test_removing_a_member_still_referenced_elsewhere_is_refused_cleanly(db):
    history = EditHistory()
    team_id = _team_with(db, history, 1)
    member = roster.list_members(db, team_id)[0]
    db.execute(
        "CREATE TABLE member_refs (id TEXT PRIMARY KEY, member_id TEXT REFERENCES members(id))"
    )
    db.execute("INSERT INTO member_refs VALUES ('s1', ?)", [member.id])
    with pytest.raises(EditError) as refused:
        editing.remove_member(db, member.id)
    assert refused.value.messages[0].key == "competition.error.in_use"
    for language in ("zh_CN", "en"):
        text = refused.value.messages[0].render(language)
        assert "FOREIGN KEY" not in text and "▸" in text, text
    assert roster.get_member(db, member.id) is not None


def test_a_seventh_member_is_refused_and_nothing_written(db):
    # DESIGN.md §1.1: 4 starters plus up to 2 alternates; a 7th was added and only flagged
    history = EditHistory()
    team_id = _team_with(db, history, 6)
    before = _dump(db)
    with pytest.raises(EditError) as refused:
        editing.add_member(db, team_id, "张芳", "2024019999")
    text = refused.value.messages[0].render("zh_CN")
    assert "已有 6 人" in text and "启明队" in text
    assert "at most 6 per team" in refused.value.messages[0].render("en")
    assert _dump(db) == before
    # a team still being built (fewer than 4) stays allowed
    small = editing.add_team(db, "2024级保险学2班", "晨光队").focus_team_id
    editing.add_member(db, small, "张芳", "2024019999")
    assert "competition.rule.too_few" in [p.key for p in team_status(db, small).problems]


def test_moving_into_a_full_team_is_refused(db):
    history = EditHistory()
    full = _team_with(db, history, 6)
    other = editing.add_team(db, "2024级保险学2班", "晨光队").focus_team_id
    member = editing.add_member(db, other, "张芳", "2024019999").focus_member_id
    before = _dump(db)
    with pytest.raises(EditError) as refused:
        editing.move_member(db, member, full)
    assert "at most 6 per team" in refused.value.messages[0].render("en")
    assert _dump(db) == before


def test_undo_does_not_bring_back_a_seventh_member(db):
    history = EditHistory()
    team_id = _team_with(db, history, 6)
    removed = history.record(editing.remove_member(db, roster.list_members(db, team_id)[-1].id))
    editing.add_member(db, team_id, "张芳", "2024019999")  # the team is full again
    before = _dump(db)
    with pytest.raises(EditError) as refused:
        history.undo(db)
    assert "more than 6" in refused.value.messages[0].render("en")
    assert _dump(db) == before
    assert history.next_undo() is removed  # kept: it can be undone once there is room


def test_student_numbers_compare_without_regard_to_case(db):
    # "2023a01" and "2023A01" were two students: one student could join two teams
    history = EditHistory()
    team_id = _team_with(db, history, 1)
    other = editing.add_team(db, "2024级保险学2班", "晨光队").focus_team_id
    change = editing.add_member(db, team_id, "张芳", "2023a01")
    assert roster.get_member(db, change.focus_member_id).student_no == "2023A01"
    before = _dump(db)
    with pytest.raises(EditError) as refused:
        editing.add_member(db, other, "张芳", "2023A01")
    assert refused.value.problems[0].field == "student_no"
    assert "张芳" in refused.value.messages[0].render("zh_CN")
    assert _dump(db) == before
    assert roster.member_by_student_no(db, "2023a01").name == "张芳"
