"""Deletions travel between laptops, by the recorded history only: a row deleted on one laptop
and unchanged on the other is deleted there too (never a ledger row, never a row others still
refer to, never without a shared exchange); a row changed on the other side is a conflict."""

from __future__ import annotations

import json

from outreach.exchange.bundle import collect, export_bundle, read_bundle
from outreach.exchange.labels import conflict_changes, conflict_row
from outreach.exchange.merge import merge_bundle
from outreach.exchange.tables import exchange_tables
from outreach.exchange.versions import known_versions
from outreach.i18n import set_language
from outreach.storage import memory_programme, new_id

SCHEMA = """
CREATE TABLE t_teams (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE t_members (id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES t_teams(id)
                        ON DELETE CASCADE, name TEXT NOT NULL);
CREATE TABLE t_ledger (id TEXT PRIMARY KEY, team_id TEXT REFERENCES t_teams(id),
                       amount INTEGER NOT NULL);
CREATE TRIGGER t_ledger_no_update BEFORE UPDATE ON t_ledger
  BEGIN SELECT RAISE(ABORT, 't_ledger is append-only'); END;
CREATE TRIGGER t_ledger_no_delete BEFORE DELETE ON t_ledger
  BEGIN SELECT RAISE(ABORT, 't_ledger is append-only'); END;
CREATE TABLE t_links (team_id TEXT REFERENCES t_teams(id), tag TEXT, PRIMARY KEY (team_id, tag));
"""


def laptop():
    programme = memory_programme()
    programme.db.conn.executescript(SCHEMA)
    return programme.db


def contents(db):
    return {
        t.name: sorted(tuple(map(str, row)) for row in db.execute(f"SELECT * FROM [{t.name}]"))
        for t in exchange_tables(db)
    }


def run(db, sql, params=()):
    with db.atomic():
        db.execute(sql, list(params))


def delete_team(db, team_id):
    """The team deleted on this laptop, its links first."""
    run(db, "DELETE FROM t_links WHERE team_id = ?", [team_id])
    run(db, "DELETE FROM t_teams WHERE id = ?", [team_id])


def ids(db, table):
    return {row[0] for row in db.execute(f"SELECT * FROM [{table}]")}


def shared():
    """Two laptops that exchanged: a's teams (one with a member, a link and a ledger entry)
    merged into b."""
    a, b = laptop(), laptop()
    keep, gone = new_id(), new_id()
    run(a, "INSERT INTO t_teams VALUES (?, '精算先锋'), (?, '保险小卫士')", [keep, gone])
    run(a, "INSERT INTO t_members VALUES (?, ?, '张芳')", [new_id(), keep])
    run(a, "INSERT INTO t_ledger VALUES (?, ?, 8000)", [new_id(), keep])
    run(a, "INSERT INTO t_links VALUES (?, '决赛')", [gone])
    assert merge_bundle(b, collect(a)).applied
    assert contents(a) == contents(b)
    return a, b, keep, gone


def deleted_in_a_renamed_in_b():
    """The shared laptops after a deleted the team with the link and b renamed it."""
    a, b, _keep, gone = shared()
    delete_team(a, gone)
    run(b, "UPDATE t_teams SET name = '保险小卫士队' WHERE id = ?", [gone])
    return a, b, gone


def test_a_row_deleted_on_one_laptop_is_deleted_on_the_other_in_one_merge():
    a, b, _keep, gone = shared()
    delete_team(a, gone)
    bundle = collect(a)
    preview = merge_bundle(b, bundle, dry_run=True)
    assert preview.deleted == {"t_links": 1, "t_teams": 1} and not preview.applied
    assert gone in ids(b, "t_teams")  # a dry run writes nothing
    result = merge_bundle(b, bundle)
    assert result.applied and result.deleted == {"t_links": 1, "t_teams": 1}
    assert result.changed == 2 and not result.conflicts and not result.problems
    assert contents(b) == contents(a)
    assert merge_bundle(b, bundle).changed == 0  # twice changes nothing


def test_merging_back_does_not_bring_a_deleted_row_back():
    a, b, _keep, gone = shared()
    delete_team(a, gone)
    result = merge_bundle(a, collect(b))  # b still has the team, unchanged
    assert result.applied and result.added == {} and gone not in ids(a, "t_teams")
    # and then b learns of the deletion from a
    assert merge_bundle(b, collect(a)).deleted == {"t_links": 1, "t_teams": 1}
    assert contents(a) == contents(b)


def test_changed_here_and_deleted_there_is_a_conflict_kept_unless_the_organiser_deletes():
    a, b, gone = deleted_in_a_renamed_in_b()
    bundle = collect(a)
    result = merge_bundle(b, bundle)
    assert not result.applied and [c.ident for c in result.conflicts] == [("t_teams", (gone,))]
    conflict = result.conflicts[0]
    assert conflict.deleted == "there" and conflict_row(conflict) == "保险小卫士队"
    set_language("en")
    try:
        assert "deleted on the other laptop" in conflict_changes(conflict)
    finally:
        set_language("zh_CN")
    kept = merge_bundle(b, bundle, prefer="mine")
    assert kept.applied and gone in ids(b, "t_teams")
    assert kept.deleted == {"t_links": 1}  # the link was unchanged: it goes
    again = merge_bundle(b, bundle)  # the same bundle does not ask again
    assert again.applied and not again.conflicts and gone in ids(b, "t_teams")


def test_changed_here_and_deleted_there_taking_theirs_deletes():
    a, b, gone = deleted_in_a_renamed_in_b()
    result = merge_bundle(b, collect(a), choices={("t_teams", (gone,)): "theirs"})
    assert result.applied and result.deleted == {"t_links": 1, "t_teams": 1}
    assert gone not in ids(b, "t_teams")


def test_deleted_here_and_changed_there_is_a_conflict():
    a, b, gone = deleted_in_a_renamed_in_b()
    bundle = collect(b)
    result = merge_bundle(a, bundle)
    assert [(c.ident, c.deleted) for c in result.conflicts] == [(("t_teams", (gone,)), "here")]
    assert merge_bundle(a, bundle, prefer="mine").applied and gone not in ids(a, "t_teams")
    assert not merge_bundle(a, bundle).conflicts  # decided: not asked again
    # a's next bundle carries the deletion of b's version: b deletes it, unchanged since
    assert merge_bundle(b, collect(a)).deleted == {"t_links": 1, "t_teams": 1}


def test_deleted_here_and_changed_there_taking_theirs_brings_it_back():
    a, b, keep, gone = shared()
    delete_team(a, gone)
    run(b, "UPDATE t_teams SET name = '保险小卫士队' WHERE id = ?", [gone])
    result = merge_bundle(a, collect(b), prefer="theirs")
    assert result.applied and result.added == {"t_teams": 1}
    assert ids(a, "t_teams") == {keep, gone}


def test_a_delete_other_rows_here_refer_to_is_a_problem_and_nothing_is_deleted():
    a, b, _keep, gone = shared()
    delete_team(a, gone)
    # b added a member to that team since: deleting the team would cascade to the member
    run(b, "INSERT INTO t_members VALUES (?, ?, '李雷')", [new_id(), gone])
    bundle = collect(a)
    before = contents(b)
    result = merge_bundle(b, bundle)
    assert not result.applied and contents(b) == before
    assert result.deleted == {"t_links": 1} and len(result.problems) == 1
    assert "保险小卫士" in result.problems[0].render("zh_CN")
    assert "deleted on the other laptop" in result.problems[0].render("en")
    skipped = merge_bundle(b, bundle, skip_problems=True)
    assert skipped.applied and gone in ids(b, "t_teams")
    assert len(ids(b, "t_members")) == 2


def test_a_ledger_entry_blocks_deleting_what_it_refers_to_and_is_never_deleted():
    a, b, keep, gone = shared()
    ledger_id = next(iter(ids(a, "t_ledger")))
    bundle = collect(a)
    # a bundle claiming every team, member and ledger entry was deleted there, unchanged
    held = known_versions(b)
    for name in ("t_ledger", "t_members", "t_teams"):
        table = bundle.tables[name]
        table.deleted = {row["id"]: sorted(held[(name, row["id"])]) for row in table.rows}
        table.rows, table.versions = [], {}
    result = merge_bundle(b, bundle, skip_problems=True)
    assert result.applied and result.deleted == {"t_members": 1}
    assert ids(b, "t_ledger") == {ledger_id} and ids(b, "t_teams") == {keep, gone}
    problems = sorted(p.render("en") for p in result.problems)
    assert len(problems) == 2  # the team the ledger refers to; the one a link refers to
    assert all("still refer to it" in p for p in problems)


def test_bundles_list_deletions_but_never_a_ledger_entry():
    a, _b, _keep, gone = shared()
    collect(a)
    delete_team(a, gone)
    bundle = collect(a)
    assert set(bundle.tables["t_teams"].deleted) == {gone}
    assert set(bundle.tables["t_links"].deleted) == {f"{gone}/决赛"}
    assert bundle.tables["t_ledger"].deleted == {}


def test_no_shared_history_deletes_nothing():
    # Two files that never exchanged, holding the same row (as every file holds the seeded
    # budget categories), each having made a bundle for some other laptop.
    a, b = laptop(), laptop()
    team = new_id()
    for db in (a, b):
        run(db, "INSERT INTO t_teams VALUES (?, '精算先锋')", [team])
        collect(db)
    run(a, "DELETE FROM t_teams WHERE id = ?", [team])
    bundle = collect(a)
    assert bundle.tables["t_teams"].deleted
    run(b, "INSERT INTO t_teams VALUES (?, '风险管理队')", [new_id()])  # a never had it
    bundle_b = collect(b)
    result = merge_bundle(b, bundle)
    assert result.applied and result.deleted == {} and len(ids(b, "t_teams")) == 2
    back = merge_bundle(a, bundle_b)  # nor is a's own deletion kept against b's row
    assert back.applied and back.added == {"t_teams": 2}
    # once they have exchanged, their histories meet: the next deletion travels
    run(b, "DELETE FROM t_teams WHERE id = ?", [team])
    assert merge_bundle(a, collect(b)).deleted == {"t_teams": 1}


def test_histories_meet_through_a_third_laptop():
    a, b, c = laptop(), laptop(), laptop()
    team = new_id()
    run(a, "INSERT INTO t_teams VALUES (?, '精算先锋')", [team])
    merge_bundle(c, collect(a))
    merge_bundle(b, collect(c))  # b has a's team through c
    run(a, "DELETE FROM t_teams WHERE id = ?", [team])
    assert merge_bundle(b, collect(a)).deleted == {"t_teams": 1}


def test_an_older_bundle_without_deletions_reads_and_deletes_nothing(tmp_path):
    a, b, _keep, gone = shared()
    delete_team(a, gone)
    path = tmp_path / "a.json"
    export_bundle(a, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["tables"]["t_teams"]["deleted"]
    assert document["history"]
    del document["history"]
    for table in document["tables"].values():
        del table["deleted"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = merge_bundle(b, read_bundle(path))
    assert result.applied and result.deleted == {} and gone in ids(b, "t_teams")
