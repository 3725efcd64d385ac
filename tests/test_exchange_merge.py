"""Bundles and merging, generic over the tables: new rows added, same rows skipped, edits listed
as conflicts, ledgers unioned, the same bundle twice changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.exchange.bundle import BundleError, collect, export_bundle, read_bundle
from outreach.exchange.merge import merge_bundle
from outreach.exchange.tables import exchange_tables
from outreach.storage import memory_programme, new_id

SCHEMA = """
CREATE TABLE t_teams (id TEXT PRIMARY KEY, class TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE t_members (id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES t_teams(id),
                        name TEXT NOT NULL, photo BLOB);
CREATE TABLE t_ledger (id TEXT PRIMARY KEY, member_id TEXT REFERENCES t_members(id),
                       amount INTEGER NOT NULL);
CREATE TRIGGER t_ledger_no_update BEFORE UPDATE ON t_ledger
  BEGIN SELECT RAISE(ABORT, 't_ledger is append-only'); END;
CREATE TRIGGER t_ledger_no_delete BEFORE DELETE ON t_ledger
  BEGIN SELECT RAISE(ABORT, 't_ledger is append-only'); END;
CREATE TABLE t_links (team_id TEXT REFERENCES t_teams(id), tag TEXT,
                      PRIMARY KEY (team_id, tag));
CREATE TABLE t_log (note TEXT);
"""


def laptop():
    programme = memory_programme()
    programme.db.conn.executescript(SCHEMA)
    return programme


def contents(db):
    return {
        t.name: sorted(tuple(map(str, row)) for row in db.execute(f"SELECT * FROM [{t.name}]"))
        for t in exchange_tables(db)
    }


def fill(db, team_id, klass="金融2301", name="精算先锋"):
    member_id = new_id()
    with db.atomic():
        db.execute("INSERT INTO t_teams VALUES (?, ?, ?)", [team_id, klass, name])
        db.execute(
            "INSERT INTO t_members VALUES (?, ?, ?, ?)", [member_id, team_id, "张芳", b"\x89PNG"]
        )
        db.execute("INSERT INTO t_ledger VALUES (?, ?, ?)", [new_id(), member_id, 8000])
        db.execute("INSERT INTO t_links VALUES (?, ?)", [team_id, "决赛"])
    return member_id


def test_tables_are_found_from_the_schema():
    programme = laptop()
    tables = {t.name: t for t in exchange_tables(programme.db)}
    assert "programme_info" not in tables and "t_log" not in tables  # local / no key
    assert tables["t_ledger"].append_only and not tables["t_teams"].append_only
    assert tables["t_links"].key == ("team_id", "tag")
    order = [t.name for t in exchange_tables(programme.db) if t.name.startswith("t_")]
    assert order.index("t_teams") < order.index("t_members") < order.index("t_ledger")


def test_new_rows_merge_into_an_empty_file_and_twice_changes_nothing(tmp_path):
    a, b = laptop(), laptop()
    fill(a.db, new_id())
    export_bundle(a.db, tmp_path / "a.json", "A")
    bundle = read_bundle(tmp_path / "a.json")
    first = merge_bundle(b.db, bundle)
    assert first.applied and first.added == {
        "t_teams": 1,
        "t_members": 1,
        "t_ledger": 1,
        "t_links": 1,
    }
    assert contents(b.db) == contents(a.db)
    assert b.db.execute("SELECT photo FROM t_members").fetchone()[0] == b"\x89PNG"
    second = merge_bundle(b.db, bundle)
    # Rows seeded alike in every file (e.g. budget categories) count as unchanged both times.
    assert second.changed == 0 and not second.conflicts
    assert second.unchanged == first.unchanged + 4
    assert contents(b.db) == contents(a.db)


def test_ledgers_merge_by_union(tmp_path):
    a, b = laptop(), laptop()
    team = new_id()
    member = fill(a.db, team)
    merge_bundle(b.db, collect(a.db))
    # each laptop adds its own entries
    a.db.execute("INSERT INTO t_ledger VALUES (?, ?, ?)", [new_id(), member, -8000])
    b.db.execute("INSERT INTO t_ledger VALUES (?, ?, ?)", [new_id(), member, 500])
    merge_bundle(b.db, collect(a.db))
    merge_bundle(a.db, collect(b.db))
    assert contents(a.db) == contents(b.db)
    assert a.db.execute("SELECT count(*), sum(amount) FROM t_ledger").fetchone() == (3, 500)


def test_edits_on_both_sides_are_conflicts_for_the_organiser():
    a, b = laptop(), laptop()
    team = new_id()
    fill(a.db, team)
    merge_bundle(b.db, collect(a.db))
    # Both laptops rename the team after the exchange.
    a.db.execute("UPDATE t_teams SET name = '保险小卫士' WHERE id = ?", [team])
    b.db.execute("UPDATE t_teams SET name = '精算二队' WHERE id = ?", [team])
    bundle = collect(a.db)
    before = contents(b.db)
    result = merge_bundle(b.db, bundle)
    assert not result.applied and contents(b.db) == before  # undecided: nothing written
    (conflict,) = result.conflicts
    assert conflict.table == "t_teams" and conflict.key == (team,)
    assert conflict.differing == ["name"]
    assert conflict.mine["name"] == "精算二队" and conflict.theirs["name"] == "保险小卫士"
    # keep mine: remembered, so the same bundle does not ask again
    kept = merge_bundle(b.db, bundle, choices={conflict.ident: "mine"})
    assert kept.applied and contents(b.db) == before
    again = merge_bundle(b.db, bundle)
    assert again.applied and not again.conflicts and again.changed == 0
    # take theirs on the other laptop's next edit
    a.db.execute("UPDATE t_teams SET name = '风险管理队' WHERE id = ?", [team])
    taken = merge_bundle(b.db, collect(a.db), prefer="theirs")
    assert taken.updated == {"t_teams": 1}
    assert b.db.execute("SELECT name FROM t_teams").fetchone()[0] == "风险管理队"


def test_a_change_made_on_one_laptop_only_is_no_conflict(tmp_path):
    """Only the other laptop renamed the team since the files exchanged: the merge takes it
    without asking (it was reported as a conflict); only this laptop renamed it: the other
    laptop's older name does not come back, nor is it asked about."""
    a, b = laptop(), laptop()
    team = new_id()
    fill(a.db, team)
    export_bundle(a.db, tmp_path / "a1.json", "A")
    assert merge_bundle(b.db, read_bundle(tmp_path / "a1.json")).applied
    b.db.execute("UPDATE t_teams SET name = '保险小卫士' WHERE id = ?", [team])
    export_bundle(b.db, tmp_path / "b1.json", "B")
    taken = merge_bundle(a.db, read_bundle(tmp_path / "b1.json"))
    assert taken.applied and not taken.conflicts and taken.updated == {"t_teams": 1}
    assert a.db.execute("SELECT name FROM t_teams").fetchone()[0] == "保险小卫士"
    # Now only A renames it; B's bundle (from before) still says 保险小卫士: A keeps its name.
    a.db.execute("UPDATE t_teams SET name = '风险管理队' WHERE id = ?", [team])
    kept = merge_bundle(a.db, read_bundle(tmp_path / "b1.json"))
    assert kept.applied and not kept.conflicts and kept.changed == 0
    assert a.db.execute("SELECT name FROM t_teams").fetchone()[0] == "风险管理队"
    # … and B takes A's rename without asking, then both agree.
    export_bundle(a.db, tmp_path / "a2.json", "A")
    forward = merge_bundle(b.db, read_bundle(tmp_path / "a2.json"))
    assert forward.applied and not forward.conflicts and forward.updated == {"t_teams": 1}
    assert contents(a.db) == contents(b.db)
    # Both rename it again: that one is the organiser's to decide.
    a.db.execute("UPDATE t_teams SET name = '甲' WHERE id = ?", [team])
    b.db.execute("UPDATE t_teams SET name = '乙' WHERE id = ?", [team])
    both = merge_bundle(b.db, collect(a.db))
    assert [c.differing for c in both.conflicts] == [["name"]] and not both.applied


def test_a_change_the_rules_refuse_is_reported_again_at_the_next_merge():
    a, b = laptop(), laptop()
    team = new_id()
    fill(a.db, team)
    merge_bundle(b.db, collect(a.db))
    b.db.execute("INSERT INTO t_teams VALUES (?, '保险2302', '另一队')", [new_id()])
    a.db.execute("UPDATE t_teams SET class = '保险2302' WHERE id = ?", [team])  # clashes in B
    bundle = collect(a.db)
    first = merge_bundle(b.db, bundle, skip_problems=True)
    assert first.applied and len(first.problems) == 1 and not first.conflicts
    again = merge_bundle(b.db, bundle, skip_problems=True)
    assert len(again.problems) == 1 and not again.conflicts


def test_an_edited_event_from_the_other_laptop_merges_without_a_conflict(tmp_path):
    from dataclasses import replace

    from outreach.demo import fill_demo
    from outreach.events.schedule import draft_of, get_event, list_events, update_event

    a, b = memory_programme(), memory_programme()
    fill_demo(a.db)
    export_bundle(a.db, tmp_path / "a.json", "A")
    assert merge_bundle(b.db, read_bundle(tmp_path / "a.json")).applied
    event = next(e for e in list_events(b.db) if e.status == "planned")
    update_event(b.db, event.id, replace(draft_of(event), venue="社区活动中心"))
    export_bundle(b.db, tmp_path / "b.json", "B")
    result = merge_bundle(a.db, read_bundle(tmp_path / "b.json"))
    assert result.applied and not result.conflicts and result.updated == {"events": 1}
    assert get_event(a.db, event.id).venue == "社区活动中心"


def test_a_bundle_without_versions_still_merges(tmp_path):
    import json

    a, b = laptop(), laptop()
    fill(a.db, new_id())
    export_bundle(a.db, tmp_path / "a.json", "A")
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    for table in document["tables"].values():
        table.pop("versions", None)  # as an earlier program wrote it
    (tmp_path / "old.json").write_text(json.dumps(document), encoding="utf-8")
    assert merge_bundle(b.db, read_bundle(tmp_path / "old.json")).applied
    assert contents(a.db) == contents(b.db)


def test_ledger_row_that_differs_is_reported_not_edited():
    a, b = laptop(), laptop()
    fill(a.db, new_id())
    bundle = collect(a.db)
    merge_bundle(b.db, bundle)
    bundle.tables["t_ledger"].rows[0]["amount"] = 1
    result = merge_bundle(b.db, bundle)
    assert not result.applied
    assert "t_ledger" in result.problems[0].render("en")
    assert b.db.execute("SELECT amount FROM t_ledger").fetchone()[0] == 8000


def test_a_row_the_rules_refuse_is_reported_with_its_dependents():
    a, b = laptop(), laptop()
    fill(a.db, new_id())
    fill(b.db, new_id(), name="另一队")  # the same class registered on both laptops
    before = contents(b.db)
    result = merge_bundle(b.db, collect(a.db))
    assert not result.applied and contents(b.db) == before
    text = "\n".join(p.render("en") for p in result.problems)
    assert "t_teams" in text and "the same class" in text
    assert "UNIQUE" not in text and "constraint" not in text  # said in words, not SQL
    assert "t_members" in text  # its member has no team to belong to
    assert "does not exist in this file" in text
    partial = merge_bundle(b.db, collect(a.db), skip_problems=True)
    assert partial.applied and partial.changed == 0


def test_self_referencing_rows_arrive_in_any_order():
    a, b = laptop(), laptop()
    for programme in (a, b):
        programme.db.execute(
            "CREATE TABLE t_tree (id TEXT PRIMARY KEY, parent TEXT REFERENCES t_tree(id))"
        )
    root, child = new_id(), new_id()
    a.db.execute("INSERT INTO t_tree VALUES (?, NULL)", [root])
    a.db.execute("INSERT INTO t_tree VALUES (?, ?)", [child, root])
    bundle = collect(a.db)
    bundle.tables["t_tree"].rows.reverse()
    assert merge_bundle(b.db, bundle).added == {"t_tree": 2}


def test_bundle_from_a_newer_program_is_refused():
    from outreach.exchange.merge import MergeRefused

    a, b = laptop(), laptop()
    bundle = collect(a.db)
    bundle.migrations.append(("core", "9999_future"))
    with pytest.raises(MergeRefused, match="9999_future"):
        merge_bundle(b.db, bundle)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a bundle"),
        (b'{"format": "outreach-desk-bundle", "version": 1, "tables": {', "line 1"),
        (b'{"format": "something else"}', "not a bundle"),
        (b'{"format": "outreach-desk-bundle", "version": 99}', "version 99"),
    ],
)
def test_broken_bundles_name_the_file(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(BundleError) as caught:
        read_bundle(path)
    text = caught.value.message.render("en")
    assert "broken.json" in text and expected in text


names = st.text(alphabet="张王李赵金融保险ab", min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(names, names), min_size=0, max_size=6, unique_by=lambda t: t[0]),
    st.lists(st.tuples(names, names), min_size=0, max_size=6, unique_by=lambda t: t[0]),
)
def test_merging_both_ways_converges(a_rows, b_rows):
    a, b = laptop(), laptop()
    for db, rows in ((a.db, a_rows), (b.db, b_rows)):
        for klass, name in rows:
            db.execute(
                "INSERT INTO t_teams VALUES (?, ?, ?)", [new_id(), f"{klass}-{id(db)}", name]
            )
    merge_bundle(b.db, collect(a.db))
    merge_bundle(a.db, collect(b.db))
    assert contents(a.db) == contents(b.db)
    assert merge_bundle(a.db, collect(b.db)).changed == 0


def test_a_log_numbered_per_file_travels_by_its_uuid():
    a, b = laptop(), laptop()
    for programme in (a, b):
        programme.db.execute(
            "CREATE TABLE t_score_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "id TEXT NOT NULL UNIQUE, points INTEGER)"
        )
    (table,) = [t for t in exchange_tables(a.db) if t.name == "t_score_log"]
    assert table.key == ("id",) and "seq" not in table.columns
    a.db.execute("INSERT INTO t_score_log (id, points) VALUES ('z1', 10), ('a2', -10)")
    b.db.execute("INSERT INTO t_score_log (id, points) VALUES ('b1', 20)")  # seq 1 here too
    result = merge_bundle(b.db, collect(a.db))
    assert result.added == {"t_score_log": 2}
    rows = b.db.execute("SELECT seq, id, points FROM t_score_log ORDER BY seq").fetchall()
    assert rows == [(1, "b1", 20), (2, "z1", 10), (3, "a2", -10)]  # in the log's order
    assert merge_bundle(b.db, collect(a.db)).changed == 0


def test_check_reports_a_ledger_that_lost_its_delete_guard():
    from outreach.checks import run_checks

    programme = laptop()
    assert run_checks(programme.db) == []
    programme.db.execute("DROP TRIGGER t_ledger_no_delete")
    problems = [p.render("en") for p in run_checks(programme.db)]
    assert any("t_ledger" in p and "deleted" in p for p in problems)


def test_check_of_the_demo_finds_every_ledger_guarded(demo_db):
    from outreach.checks import run_checks

    ledgers = [t.name for t in exchange_tables(demo_db) if t.append_only]
    assert {"final_events", "stock_movements", "budget_expenses"} <= set(ledgers)
    assert run_checks(demo_db) == []


def test_a_row_never_edited_here_takes_the_other_laptops_edit():
    a, b = laptop(), laptop()
    for programme in (a, b):
        programme.db.execute(
            "CREATE TABLE t_categories (code TEXT PRIMARY KEY, planned INTEGER, updated_at TEXT)"
        )
        programme.db.execute("INSERT INTO t_categories VALUES ('flyers', 0, NULL)")  # as seeded
    a.db.execute("UPDATE t_categories SET planned = 120000, updated_at = '2026-12-03T10:00:00'")
    result = merge_bundle(b.db, collect(a.db))
    assert result.applied and not result.conflicts and result.updated == {"t_categories": 1}
    assert b.db.execute("SELECT planned FROM t_categories").fetchone()[0] == 120000
    # edited on both: a conflict again
    b.db.execute("UPDATE t_categories SET planned = 1, updated_at = '2026-12-03T11:00:00'")
    a.db.execute("UPDATE t_categories SET planned = 2, updated_at = '2026-12-03T12:00:00'")
    assert len(merge_bundle(b.db, collect(a.db)).conflicts) == 1


def test_a_file_opened_read_only_still_makes_its_bundle(tmp_path):
    from outreach.storage import open_programme

    path = tmp_path / "p.db"
    writer = open_programme(path, backup_on_open=False)
    writer.db.conn.executescript(SCHEMA)
    fill(writer.db, new_id())
    writer.close()
    reader = open_programme(path, read_only=True, backup_on_open=False)
    try:
        bundle = export_bundle(reader.db, tmp_path / "r.json", "R")
    finally:
        reader.close()
    assert bundle.tables["t_teams"].rows and read_bundle(tmp_path / "r.json").row_count()


def test_refusals_name_the_table_row_and_rule_in_the_organisers_language(tmp_path):
    # "表 members 中的记录 5245…-uuid 无法合并：UNIQUE constraint failed: members.student_no"
    from outreach.exchange.merge import _problem

    row = {"id": "m1", "name": "赵六", "student_no": "2099001"}
    problem = _problem(
        "members", ("m1",), "UNIQUE constraint failed: members.student_no (case)", row
    )
    assert (
        problem.render("zh_CN")
        == "队员中的记录“赵六”无法合并：本文件中已有相同学号（2099001）的记录"
    )
    assert "student number (2099001)" in problem.render("en")
    unknown = _problem("mystery", ("k1",), "something odd")
    assert unknown.render("en") == 'In mystery, "k1" cannot be merged: something odd'
