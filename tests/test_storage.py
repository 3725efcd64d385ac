"""Opening programme files: pragmas, migrations, newer files refused, backups."""

from __future__ import annotations

import json
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
    for round_ in range(ROLLING_KEEP + 3):
        programme = open_programme(path)
        # a change each time: an unchanged file takes no new on-open backup
        programme.db.execute(
            "INSERT OR REPLACE INTO programme_info VALUES ('note', ?)", [str(round_)]
        )
        programme.db.conn.commit()
        programme.close()
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


def test_migration_names_are_remembered_until_a_declaring_file_changes(tmp_path, monkeypatch):
    from outreach import feature_registry

    expected = all_migration_names()
    # As at start-up: the feature modules not imported yet, so the remembered names are used.
    monkeypatch.setattr(feature_registry.all_features, "cache_info", lambda: _NoneCached())
    cache_dir = tmp_path / "cache"
    assert feature_registry.migration_names(cache_dir) == expected
    cache_file = cache_dir / feature_registry.MIGRATION_NAMES_CACHE
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    stored["names"] = [["core", "0001_remembered"]]
    cache_file.write_text(json.dumps(stored), encoding="utf-8")
    assert feature_registry.migration_names(cache_dir) == [("core", "0001_remembered")]

    # A declaring file that changes (here a copy standing in for one) makes them computed anew.
    declaring = tmp_path / "feature.py"
    declaring.write_text("# one\n", encoding="utf-8")
    sources = feature_registry.migration_sources()
    monkeypatch.setattr(feature_registry, "OUTREACH_DIR", tmp_path)
    monkeypatch.setattr(feature_registry, "migration_sources", lambda: [declaring])
    assert feature_registry.migration_names(cache_dir) == expected
    cache_file.write_text(
        cache_file.read_text(encoding="utf-8").replace("0001_programme_info", "0001_stale"), "utf-8"
    )
    assert ("core", "0001_stale") in feature_registry.migration_names(cache_dir)
    declaring.write_text("# one, edited\n", encoding="utf-8")
    assert feature_registry.migration_names(cache_dir) == expected
    # an unreadable cache is recomputed, not trusted
    cache_file.write_text("{not json", encoding="utf-8")
    assert feature_registry.migration_names(cache_dir) == expected
    assert sources[0].name == "feature_registry.py"


class _NoneCached:
    currsize = 0


def test_every_migration_set_is_made_in_a_file_the_remembered_names_watch():
    from outreach import feature_registry

    watched = set(feature_registry.migration_sources())
    makers = {
        path.resolve()
        for path in feature_registry.OUTREACH_DIR.rglob("*.py")
        if "MigrationSet(" in path.read_text(encoding="utf-8")
    }
    assert makers and makers <= watched


def test_opening_an_up_to_date_file_does_not_import_the_feature_modules(tmp_path):
    """Start-up's saving: with the names remembered, opening compares names and nothing more."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "p.db"
    open_programme(path).close()  # migrates, and remembers the names in the data folder
    child = (
        "import sys\n"
        "from outreach.storage import open_programme\n"
        f"open_programme({str(path)!r}, backup_on_open=False).close()\n"
        "print(sorted(m for m in sys.modules if m.endswith('.feature')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        env=dict(os.environ),  # the same user data folder (conftest sets it per test)
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_another_programs_sqlite_file_is_refused_not_turned_into_a_programme(tmp_path):
    from outreach.storage import NotAProgrammeError

    path = tmp_path / "contacts.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(NotAProgrammeError) as raised:
            open_programme(path, read_only=read_only)
        assert "contacts.sqlite" in raised.value.message.render("zh_CN")
    assert path.read_bytes() == before  # no tables added, not switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite"]


def test_an_empty_file_is_called_empty_not_missing(tmp_path):
    path = tmp_path / "cut-short.db"
    path.write_bytes(b"")
    with pytest.raises(ProgrammeError) as raised:
        open_programme(path, create=False)
    text = raised.value.message.render("en")
    assert "empty" in text and "does not exist" not in text
    assert path.read_bytes() == b""


def test_an_unnamed_programme_is_called_by_its_file_name_without_the_extensions(tmp_path):
    for file_name, expected in (
        ("初赛登记.outreach.db", "初赛登记"),
        ("desk2.db", "desk2"),
        ("old.sqlite", "old"),
    ):
        programme = open_programme(tmp_path / file_name)
        assert programme.name == expected
        programme.close()


def test_a_file_that_is_no_database_at_all_is_said_so_in_the_organisers_language(tmp_path):
    from outreach import i18n

    path = tmp_path / "名单.docx"
    path.write_bytes(b"PK\x03\x04 a word document" * 100)
    with pytest.raises(DamagedFileError) as raised:
        open_programme(path)
    assert "不是数据库文件" in raised.value.message.render("zh_CN")
    assert "file is not a database" not in raised.value.message.render("zh_CN")
    assert "not a database file at all" in raised.value.message.render("en")
    assert i18n.current_language() == "zh_CN"
