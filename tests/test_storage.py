"""Opening programme files: pragmas, migrations, newer files refused, backups."""

from __future__ import annotations

import sqlite3

import pytest

from outreach.feature_registry import all_features
from outreach.storage import (
    DamagedFileError,
    NewerFileError,
    ProgrammeError,
    new_id,
    open_programme,
)
from outreach.storage.backups import ROLLING_KEEP, list_backups, snapshot
from outreach.storage.database import applied_migrations, pending_migrations


def all_migration_names():
    return [(f.migrations.name, name) for f in all_features() for name in f.migrations.names]


def test_fresh_file_is_created_migrated_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "p.db"
    programme = open_programme(path)
    try:
        db = programme.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert applied_migrations(db) == all_migration_names()
        assert pending_migrations(db) == []
        assert "programme_info" in db.table_names()
    finally:
        programme.close()
    # a fresh file needs no backup; reopening takes one
    assert list_backups(path) == []
    open_programme(path).close()
    assert [b.reason for b in list_backups(path)] == ["on-open"]


def test_missing_file_without_create_is_refused(tmp_path):
    with pytest.raises(ProgrammeError, match="does not exist"):
        open_programme(tmp_path / "nope.db", create=False)


def test_file_written_by_a_newer_version_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('core', '9999_from_the_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerFileError) as caught:
        open_programme(path)
    assert "newer version" in str(caught.value)
    assert "9999_from_the_future" in str(caught.value)
    assert path.read_bytes() == before


def test_pending_migration_takes_a_backup_first(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    open_programme(path).close()
    core = all_features()[0].migrations

    @core(name="9000_test_only_extra_table")
    def _extra(db):
        db["extra"].create({"id": str}, pk="id")

    try:
        programme = open_programme(path)
        assert "extra" in programme.db.table_names()
        programme.close()
        reasons = [b.reason for b in list_backups(path)]
        assert "before-migration" in reasons
        backup = next(b for b in list_backups(path) if b.reason == "before-migration")
        conn = sqlite3.connect(backup.path)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.close()
        assert "extra" not in tables and "programme_info" in tables
    finally:
        core.migrations = [m for m in core.migrations if m.name != "9000_test_only_extra_table"]


def test_rolling_backups_keep_the_last_ten(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    for _ in range(ROLLING_KEEP + 3):
        open_programme(path).close()
    on_open = [b for b in list_backups(path) if b.reason == "on-open"]
    assert len(on_open) == ROLLING_KEEP


def test_garbage_and_truncated_files_are_reported_as_damaged(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DamagedFileError) as caught:
        open_programme(garbage)
    assert "garbage.db" in str(caught.value)
    good = tmp_path / "good.db"
    programme = open_programme(good)
    programme.db["programme_info"].insert({"key": "name", "value": "x" * 5000})
    programme.close()
    data = good.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[:1500])
    with pytest.raises(DamagedFileError):
        open_programme(truncated)


def test_snapshot_of_an_open_wal_database_holds_every_committed_row(tmp_path):
    path = tmp_path / "p.db"
    programme = open_programme(path)
    with programme.db.atomic():
        programme.db["programme_info"].insert_all(
            {"key": f"k{i}", "value": str(i)} for i in range(5000)
        )
    target = snapshot(programme.db.conn, tmp_path / "copy.db")
    programme.close()
    conn = sqlite3.connect(target)
    assert (
        conn.execute("SELECT count(*) FROM programme_info WHERE key LIKE 'k%'").fetchone()[0]
        == 5000
    )
    conn.close()


def test_read_only_open_refuses_writes(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    programme = open_programme(path, read_only=True)
    try:
        assert programme.read_only
        with pytest.raises(sqlite3.OperationalError):
            programme.db.execute("INSERT INTO programme_info VALUES ('a', 'b')")
    finally:
        programme.close()


def test_ids_are_uuid_text():
    first, second = new_id(), new_id()
    assert first != second and len(first) == 36 and first.count("-") == 4


def test_programme_backup_before_an_import(tmp_path):
    programme = open_programme(tmp_path / "p.db")
    try:
        made = programme.backup("before-import")
        assert made is not None and made.exists()
        assert [b.reason for b in list_backups(tmp_path / "p.db")] == ["before-import"]
    finally:
        programme.close()
