"""Rolling backups, the periodic timer, restore (keeping the current file) and damaged files."""

from __future__ import annotations

import sqlite3

import pytest

from outreach.storage import DamagedFileError, open_programme
from outreach.storage.backups import PeriodicBackup, list_backups, rolling_backup
from outreach.storage.restoring import inspect_backup, newest_good_backup, restore_backup


def make_programme(path, name="社区活动 2026"):
    programme = open_programme(path)
    with programme.db.atomic():
        programme.db["programme_info"].upsert({"key": "name", "value": name}, pk="key")
    return programme


def name_in(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM programme_info WHERE key='name'").fetchone()[0]
    finally:
        conn.close()


def test_rolling_backups_keep_the_last_n(tmp_path):
    programme = make_programme(tmp_path / "p.db")
    for _ in range(5):
        rolling_backup(programme.db.conn, programme.path, "periodic", keep=3)
    programme.close()
    assert [b.reason for b in list_backups(tmp_path / "p.db")].count("periodic") == 3


def test_backup_report_is_good_and_summarises(tmp_path):
    programme = make_programme(tmp_path / "p.db")
    target = programme.backup("manual")
    programme.close()
    report = inspect_backup(target)
    assert report.good and report.problem == ""
    assert isinstance(report.counts, list)


def test_garbage_and_truncated_backups_are_not_good(tmp_path):
    programme = make_programme(tmp_path / "p.db")
    for i in range(200):
        programme.db["programme_info"].upsert({"key": f"k{i}", "value": "x" * 500}, pk="key")
    good = programme.backup("manual")
    programme.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\x01garbage" * 1000)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    assert not inspect_backup(garbage).good
    assert not inspect_backup(truncated).good
    assert inspect_backup(good).good


def test_newest_good_backup_skips_damaged_ones(tmp_path):
    path = tmp_path / "p.db"
    programme = make_programme(path, "好的备份")
    older = programme.backup("manual")
    newer = programme.backup("periodic")
    programme.close()
    newer.write_bytes(b"SQLite format 3\x00" + b"\xff" * 3000)
    found = newest_good_backup(path)
    assert found is not None
    backup, report = found
    assert backup.path == older and report.good


def test_restore_keeps_a_copy_of_the_current_file(tmp_path):
    path = tmp_path / "p.db"
    programme = make_programme(path, "第一版")
    first = programme.backup("manual")
    with programme.db.atomic():
        programme.db["programme_info"].upsert({"key": "name", "value": "第二版"}, pk="key")
    programme.close()
    result = restore_backup(path, first)
    assert name_in(path) == "第一版"
    assert result.previous_copy is not None and name_in(result.previous_copy) == "第二版"
    assert "before-restore" in [b.reason for b in list_backups(path)]
    reopened = open_programme(path)
    assert reopened.name == "第一版"
    reopened.close()


def test_restore_of_a_bad_backup_changes_nothing(tmp_path):
    path = tmp_path / "p.db"
    make_programme(path, "现在的").close()
    bad = tmp_path / "bad.backup.db"
    bad.write_bytes(b"nonsense" * 100)
    before = path.read_bytes()
    with pytest.raises(DamagedFileError, match=r"bad\.backup\.db"):
        restore_backup(path, bad)
    assert path.read_bytes() == before


def test_damaged_file_is_kept_and_replaced_by_the_newest_good_backup(tmp_path):
    path = tmp_path / "p.db"
    programme = make_programme(path, "备份里的")
    programme.backup("periodic")
    programme.close()
    path.write_bytes(b"\x00garbage" * 4096)
    with pytest.raises(DamagedFileError) as caught:
        open_programme(path)
    assert str(path) in caught.value.message.render("en")
    backup, _ = newest_good_backup(path)
    result = restore_backup(path, backup.path)
    assert result.previous_copy.read_bytes() == b"\x00garbage" * 4096
    assert "before-restore-damaged" in result.previous_copy.name
    reopened = open_programme(path)
    assert reopened.name == "备份里的"
    reopened.close()


def test_periodic_backup_waits_for_thirty_minutes_of_changes(tmp_path):
    programme = make_programme(tmp_path / "p.db")
    now = [0.0]
    timer = PeriodicBackup(programme, clock=lambda: now[0])
    now[0] = 3600
    assert timer.tick() is None  # no changes: no backup
    programme.db["programme_info"].upsert({"key": "a", "value": "1"}, pk="key")
    assert timer.tick() is None  # the clock starts at the first change seen
    now[0] += 29 * 60
    assert timer.tick() is None
    now[0] += 60
    target = timer.tick()
    assert target is not None and target.exists()
    now[0] += 3600
    assert timer.tick() is None  # nothing changed since
    programme.close()
    assert [b.reason for b in list_backups(tmp_path / "p.db")].count("periodic") == 1


def test_truncated_file_is_refused_on_open_and_takes_no_backup(tmp_path):
    path = tmp_path / "p.db"
    programme = make_programme(path)
    with programme.db.atomic():
        for i in range(400):
            programme.db["programme_info"].upsert({"key": f"k{i}", "value": "数据" * 200}, pk="key")
    programme.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    before = list_backups(path)
    with pytest.raises(DamagedFileError) as caught:
        open_programme(path)
    assert "p.db" in caught.value.message.render("zh_CN")
    assert list_backups(path) == before  # a damaged copy never pushes out a good backup


def test_check_command_on_a_damaged_file_exits_1_and_changes_nothing(tmp_path):
    import io

    from outreach.cli import main

    path = tmp_path / "p.db"
    programme = make_programme(path)
    with programme.db.atomic():
        for i in range(300):
            programme.db["programme_info"].upsert({"key": f"k{i}", "value": "x" * 300}, pk="key")
    programme.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    err = io.StringIO()
    assert main(["--db", str(path), "check"], stdout=io.StringIO(), stderr=err) == 1
    assert str(path) in err.getvalue()
    assert path.read_bytes() == before
