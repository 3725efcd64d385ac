"""The competition schema, the read API other concepts use, and the demo teams."""

from __future__ import annotations

import sqlite3

import pytest

from outreach.competition import roster
from outreach.competition.rules import team_statuses
from outreach.demo import summary


def _columns(db, table):
    return {row[1]: (row[2], row[3], row[5]) for row in db.execute(f"PRAGMA table_info({table})")}


def test_migration_creates_the_agreed_tables(db):
    teams = _columns(db, "teams")
    assert teams["id"] == ("TEXT", 0, 1)
    assert teams["class_name"] == ("TEXT", 1, 0)
    assert teams["name"] == ("TEXT", 1, 0)
    assert {"notes", "created_at", "updated_at"} <= set(teams)
    members = _columns(db, "members")
    for column in ("team_id", "name", "student_no", "role"):
        assert members[column][1] == 1, column
    assert {"class_name", "phone", "created_at", "updated_at"} <= set(members)
    foreign = db.execute("PRAGMA foreign_key_list(members)").fetchall()
    assert [(f[2], f[3], f[4]) for f in foreign] == [("teams", "team_id", "id")]


def test_schema_refuses_bad_roles_duplicate_numbers_and_orphans(db):
    db["teams"].insert({"id": "t1", "class_name": "2024级保险学1班", "name": "启明队"})
    row = {"id": "m1", "team_id": "t1", "name": "陈晓", "student_no": "1", "role": "captain"}
    db["members"].insert(row)
    with pytest.raises(sqlite3.IntegrityError):
        db["members"].insert({**row, "id": "m2"})  # same student number
    with pytest.raises(sqlite3.IntegrityError):
        db["members"].insert({**row, "id": "m3", "student_no": "2", "role": "coach"})
    with pytest.raises(sqlite3.IntegrityError):
        db["members"].insert({**row, "id": "m4", "student_no": "3", "team_id": "nope"})


def test_demo_has_eight_eligible_class_teams(programme):
    from outreach.demo import fill_demo

    counts = dict(fill_demo(programme.db))
    db = programme.db
    assert counts["competition.count.teams"] == 8
    teams = roster.list_teams(db)
    assert len({t.class_name for t in teams}) == 8
    members = roster.list_members(db)
    assert counts["competition.count.members"] == len(members)
    assert len({m.student_no for m in members}) == len(members)
    assert any(m.name == "阿依古丽·买买提" for m in members)
    assert any(not m.phone for m in members)
    assert all(len(m.phone) == 11 for m in members if m.phone)
    for status in team_statuses(db):
        assert 4 <= len(status.members) <= 6
        assert status.eligible, (status.team.name, [str(p) for p in status.problems])


def test_demo_shares_team_and_member_ids():
    from outreach.competition.demo_roster import fill_demo
    from outreach.features import DemoContext
    from outreach.storage import memory_programme

    programme = memory_programme()
    ctx = DemoContext()
    with programme.db.atomic():
        fill_demo(programme.db, ctx)
    assert set(ctx.shared["team_ids"]) == {t.id for t in roster.list_teams(programme.db)}
    assert set(ctx.shared["member_ids"]) == {m.id for m in roster.list_members(programme.db)}
    programme.close()


def test_read_api(demo_db):
    teams = roster.list_teams(demo_db)
    assert [t.class_name for t in teams] == sorted(t.class_name for t in teams)
    team = teams[0]
    assert roster.get_team(demo_db, team.id) == team
    members = roster.list_members(demo_db, team.id)
    assert members[0].role == "captain"
    assert all(m.team_id == team.id for m in members)
    first = members[0]
    assert roster.get_member(demo_db, first.id) == first
    assert roster.member_by_student_no(demo_db, first.student_no) == first
    assert roster.member_by_student_no(demo_db, "no-such") is None
    assert roster.get_team(demo_db, "no-such") is None
    assert roster.team_of(demo_db, first.id) == team
    assert ("competition.count.members", len(roster.list_members(demo_db))) in summary(demo_db)


def test_an_older_file_has_its_student_numbers_folded_and_case_twins_reported(tmp_path):
    # Files written before numbers compared without regard to case: migration 0002 stores
    # lone numbers in capitals, keeps a pair that differs only in case (one student twice;
    # which row is right is the organiser's call) and ``check`` reports it.
    import sqlite3

    from outreach.checks import run_checks
    from outreach.competition import editing
    from outreach.storage import open_programme

    path = tmp_path / "old.db"
    programme = open_programme(path)
    team_id = editing.add_team(programme.db, "2024级保险学1班", "启明队").focus_team_id
    programme.close()
    conn = sqlite3.connect(path)
    for name in ("members_student_no_case_insert", "members_student_no_case_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP INDEX members_student_no_upper")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_student_no_case'")
    for n, number in enumerate(["2023a01", "2023A02", "2023a02", "2023b03"]):
        conn.execute(
            "INSERT INTO members (id, team_id, name, student_no, role) VALUES (?, ?, ?, ?, ?)",
            [f"m{n}", team_id, f"队员{'甲乙丙丁'[n]}", number, "member"],
        )
    conn.commit()
    conn.close()

    programme = open_programme(path)
    db = programme.db
    numbers = dict(db.execute("SELECT id, student_no FROM members").fetchall())
    assert numbers == {"m0": "2023A01", "m1": "2023A02", "m2": "2023a02", "m3": "2023B03"}
    problems = [m.render("en") for m in run_checks(db)]
    assert any("2023A02 is registered more than once" in p for p in problems), problems
    # an edit of a twin names the other; giving it its right number settles the pair
    with pytest.raises(editing.EditError) as refused:
        editing.edit_member(db, "m2", phone="13800000001")
    assert "队员乙" in refused.value.messages[0].render("zh_CN")
    editing.edit_member(db, "m2", student_no="2023a09", phone="13800000001")
    assert db.execute("SELECT student_no FROM members WHERE id = 'm2'").fetchone()[0] == "2023A09"
    assert not any("more than once" in m.render("en") for m in run_checks(db))
    # the storage itself refuses a case twin that no rule of ours checked (a merged row)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO members (id, team_id, name, student_no, role)"
            " VALUES ('x', ?, '张芳', '2023b03', 'member')",
            [team_id],
        )
    programme.close()


def test_an_answer_sheet_finds_its_student_whatever_the_case(db):
    from outreach.competition import editing
    from outreach.exam.answers import member_by_student_no

    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    editing.add_member(db, team_id, "张芳", "2023A01")
    assert member_by_student_no(db, "2023a01").name == "张芳"
    assert member_by_student_no(db, "２０２３ａ０１").name == "张芳"


def test_check_reports_a_team_of_more_than_six(db):
    # Adding a 7th member is refused; one can still come from an older file or a merge.
    from outreach.checks import run_checks
    from outreach.competition import editing

    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    for n in range(6):
        editing.add_member(db, team_id, f"队员{'甲乙丙丁戊己'[n]}", f"20240101{n:02d}")
    assert run_checks(db) == []
    db.execute(
        "INSERT INTO members (id, team_id, name, student_no, role)"
        " VALUES ('x', ?, '张芳', '2024010199', 'member')",
        [team_id],
    )
    problems = [m.render("en") for m in run_checks(db)]
    assert any("启明队 has 7 members" in p for p in problems), problems
