"""``bundle --out FILE`` and ``merge FILE`` on real files, with exit codes and messages."""

from __future__ import annotations

import hashlib
import io
import sqlite3

from outreach.cli import main
from outreach.storage import open_programme
from outreach.storage.backups import list_backups


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make(path, rows):
    open_programme(path).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t_teams (id TEXT PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO t_teams VALUES (?, ?)", rows)
    conn.commit()
    conn.close()


def table_hash(path) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM t_teams ORDER BY id").fetchall()
    conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def names(path):
    conn = sqlite3.connect(path)
    result = dict(conn.execute("SELECT id, name FROM t_teams").fetchall())
    conn.close()
    return result


def test_bundle_then_merge_twice(tmp_path):
    a, b, bundle = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.bundle.json"
    make(a, [("1", "精算先锋"), ("2", "保险小卫士")])
    make(b, [("3", "风险管理队")])
    code, out, _ = run("--db", str(a), "bundle", "--out", str(bundle))
    assert code == 0 and "a.bundle.json" in out
    code, out, err = run("--db", str(b), "merge", str(bundle))
    assert code == 0, err
    assert names(b) == {"1": "精算先锋", "2": "保险小卫士", "3": "风险管理队"}
    assert "before-merge" in [x.reason for x in list_backups(b)]
    before = table_hash(b)
    code, out, err = run("--db", str(b), "merge", str(bundle))
    assert code == 0 and table_hash(b) == before


def test_conflicts_exit_1_unchanged_until_the_organiser_chooses(tmp_path):
    a, b, bundle = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.json"
    make(a, [("1", "精算先锋")])
    make(b, [("1", "精算先锋队")])
    run("--db", str(a), "bundle", "--out", str(bundle))
    before = table_hash(b)
    code, _, err = run("--db", str(b), "merge", str(bundle))
    assert code == 1
    assert "a.json" in err and "t_teams" in err and "精算先锋队 → 精算先锋" in err
    assert table_hash(b) == before
    code, _, err = run("--db", str(b), "merge", str(bundle), "--dry-run", "--prefer", "theirs")
    assert code == 0 and table_hash(b) == before
    code, _, err = run("--db", str(b), "merge", str(bundle), "--prefer", "theirs")
    assert code == 0, err
    assert names(b) == {"1": "精算先锋"}


def test_broken_bundle_exit_1_names_the_file(tmp_path):
    b, bundle = tmp_path / "b.db", tmp_path / "garbage.json"
    make(b, [("1", "x")])
    bundle.write_bytes(b"\x00\x01\x02 binary")
    before = table_hash(b)
    code, _, err = run("--db", str(b), "merge", str(bundle))
    assert code == 1 and "garbage.json" in err
    assert table_hash(b) == before


def test_the_demo_programme_merges_into_a_fresh_laptop_and_passes_check(tmp_path):
    a, b, bundle = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "demo.json"
    assert run("--db", str(a), "demo")[0] == 0
    assert run("--db", str(a), "bundle", "--out", str(bundle))[0] == 0
    code, out, err = run("--db", str(b), "merge", str(bundle))
    assert code == 0, err
    code, _, err = run("--db", str(b), "check")
    assert code == 0, err  # ledgers arrive in the order they were written
    for table in ("teams", "members", "answer_sheets", "events", "stock_movements", "final_events"):
        count = [
            sqlite3.connect(p).execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for p in (a, b)
        ]
        assert count[0] == count[1] > 0, table
    code, out, _ = run("--db", str(b), "merge", str(bundle))
    assert code == 0 and ("0 rows changed" in out or "修改 0 条" in out)


def test_merging_a_programme_file_instead_of_its_bundle_says_so(tmp_path):
    # The other laptop's .db picked by mistake: "damaged at line 1: Expecting value".
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    make(a, [("1", "x")])
    make(b, [("2", "y")])
    before = table_hash(b)
    code, _, err = run("--db", str(b), "merge", str(a))
    assert code == 1
    assert "a.db" in err
    assert "is a programme file" in err or "是活动文件" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("这不是交换包\n" * 20, encoding="utf-8")
    code, _, err = run("--db", str(b), "merge", str(notes))
    assert code == 1 and "notes.txt" in err
    assert "Expecting" not in err and "line 1" not in err
    assert table_hash(b) == before


def test_command_line_conflicts_name_tables_and_fields_as_the_merge_dialog_does(
    tmp_path, monkeypatch
):
    # The command line printed "冲突：表 teams 记录 3f2a…-…：notes: A → B", raw table and
    # column names and the row's UUID.
    import shutil

    a, b, bundle = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.json"
    assert run("--db", str(a), "demo")[0] == 0
    shutil.copy(a, b)
    for path, notes in ((a, "A的备注"), (b, "B的备注")):
        programme = open_programme(path, backup_on_open=False)
        team_id, team_name = programme.db.execute(
            "SELECT id, name FROM teams ORDER BY name LIMIT 1"
        ).fetchone()
        with programme.db.atomic():
            programme.db.execute("UPDATE teams SET notes = ? WHERE id = ?", [notes, team_id])
        programme.close()
    assert run("--db", str(a), "bundle", "--out", str(bundle))[0] == 0
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _, err = run("--db", str(b), "merge", str(bundle))
    assert code == 1
    line = next(line for line in err.splitlines() if "B的备注" in line)
    assert f"参赛队伍“{team_name}”" in line and "备注：B的备注 → A的备注" in line
    assert team_id not in line and "teams" not in line and "notes" not in line
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    code, _, err = run("--db", str(b), "merge", str(bundle))
    line = next(line for line in err.splitlines() if "B的备注" in line)
    assert f'Conflict: teams "{team_name}": notes: B的备注 → A的备注' in line
    assert team_id not in line


def test_a_deletion_travels_and_the_dry_run_and_the_summary_count_it(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    make(a, [("1", "精算先锋"), ("2", "保险小卫士")])
    make(b, [])
    run("--db", str(a), "bundle", "--out", str(tmp_path / "a1.json"))
    assert run("--db", str(b), "merge", str(tmp_path / "a1.json"))[0] == 0
    conn = sqlite3.connect(a)
    conn.execute("DELETE FROM t_teams WHERE id = '2'")
    conn.commit()
    conn.close()
    run("--db", str(a), "bundle", "--out", str(tmp_path / "a2.json"))
    code, out, err = run("--db", str(b), "merge", str(tmp_path / "a2.json"), "--dry-run")
    assert code == 0, err
    assert "t_teams: 1 deleted" in out and "1 rows would change (1 of them deleted)" in out
    assert names(b) == {"1": "精算先锋", "2": "保险小卫士"}
    code, out, err = run("--db", str(b), "merge", str(tmp_path / "a2.json"))
    assert code == 0, err
    assert "t_teams: 1 deleted" in out and "Merged: 1 rows changed (1 of them deleted)" in out
    assert names(b) == {"1": "精算先锋"}


def test_deleting_members_travels_in_the_demo_and_their_sheets_edited_here_keep_them(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run("--db", str(a), "demo")[0] == 0
    run("--db", str(a), "bundle", "--out", str(tmp_path / "a1.json"))
    assert run("--db", str(b), "merge", str(tmp_path / "a1.json"))[0] == 0
    conn = sqlite3.connect(a)
    conn.execute("PRAGMA foreign_keys = ON")
    (gone, _), (kept, kept_name) = conn.execute(
        "SELECT m.id, m.name FROM members m JOIN answer_sheets s ON s.member_id = m.id "
        "WHERE m.id NOT IN (SELECT member_id FROM volunteers WHERE member_id IS NOT NULL) "
        "ORDER BY m.id LIMIT 2"
    ).fetchall()
    for member in (gone, kept):
        conn.execute("DELETE FROM answer_sheets WHERE member_id = ?", [member])
        conn.execute("DELETE FROM members WHERE id = ?", [member])
    conn.commit()
    conn.close()
    run("--db", str(a), "bundle", "--out", str(tmp_path / "a2.json"))
    conn = sqlite3.connect(b)  # b corrected the second member's answer sheet since
    conn.execute(
        "UPDATE answer_sheets SET updated_at = '2026-12-04T18:00:00', source = 'scanned' "
        "WHERE member_id = ?",
        [kept],
    )
    conn.commit()
    conn.close()
    code, _out, err = run("--db", str(b), "merge", str(tmp_path / "a2.json"), "--prefer", "mine")
    assert code == 1 and kept_name in err  # the member the sheet refers to cannot go
    code, _out, err = run(
        "--db", str(b), "merge", str(tmp_path / "a2.json"), "--prefer", "mine", "--skip-problems"
    )
    assert code == 0, err
    conn = sqlite3.connect(b)
    members = {m for (m,) in conn.execute("SELECT id FROM members")}
    sheets = {m for (m,) in conn.execute("SELECT member_id FROM answer_sheets")}
    conn.close()
    assert gone not in members and gone not in sheets
    assert kept in members and kept in sheets
    assert run("--db", str(b), "check")[0] == 0
