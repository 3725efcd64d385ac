"""Opening a programme file: pragmas, migrations, refusal of newer files, backups on open.

This is the one place that connects to SQLite. Every connection gets WAL (files), foreign keys
and synchronous=FULL, so that a process killed after a confirmed action loses nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from outreach import __version__
from outreach.i18n import Message, msg
from outreach.storage import backups
from outreach.storage.lock import ProgrammeLock, acquire

MIGRATIONS_TABLE = "_sqlite_migrations"


class ProgrammeError(Exception):
    """A programme file that cannot be opened; ``message`` is translatable."""

    def __init__(self, message: Message, path: Path | None = None) -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.path = path


class NewerFileError(ProgrammeError):
    pass


class DamagedFileError(ProgrammeError):
    pass


def new_id() -> str:
    """Ids are UUID text so that files from two laptops can be merged."""
    return str(uuid.uuid4())


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


@dataclass
class Programme:
    """An open programme file. Domain functions take ``programme.db`` (a sqlite-utils Database)."""

    db: Database
    path: Path | None
    read_only: bool = False
    # The single-writer lock (``open_programme(..., lock=True)``), released on close.
    lock: ProgrammeLock | None = None

    @property
    def name(self) -> str:
        row = self.db.execute("SELECT value FROM programme_info WHERE key = 'name'").fetchone()
        if row and row[0]:
            return row[0]
        return self.path.stem if self.path else ":memory:"

    def backup(self, reason: str) -> Path | None:
        """A rolling snapshot beside the file (e.g. "before-import"); none for in-memory."""
        if self.path is None:
            return None
        return backups.rolling_backup(self.db.conn, self.path, reason)

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    if wal:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise sqlite3.OperationalError(f"could not switch to WAL (got {mode})")
    conn.execute("PRAGMA synchronous=FULL")


def connect(path: Path, *, read_only: bool = False) -> Database:
    """A configured connection. ``check_same_thread=False`` lets the UI's task runner use it
    while the window waits (one user action at a time)."""
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        if not read_only:
            _configure(conn, wal=True)
        else:
            conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DamagedFileError(
            msg("storage.error.damaged", path=str(path), detail=str(exc)), path
        ) from exc
    # No sqlite-utils plugins: scanning entry points costs start-up time and we use none.
    return Database(conn, execute_plugins=False)


def _known_migrations() -> dict[str, list[str]]:
    from outreach.feature_registry import all_features

    return {f.migrations.name: [m.name for m in f.migrations._migrations] for f in all_features()}


def applied_migrations(db: Database) -> list[tuple[str, str]]:
    if not db[MIGRATIONS_TABLE].exists():
        return []
    return [
        (row[0], row[1])
        for row in db.execute(
            f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY rowid"
        ).fetchall()
    ]


def unknown_migrations(db: Database) -> list[tuple[str, str]]:
    known = _known_migrations()
    return [(s, n) for s, n in applied_migrations(db) if n not in known.get(s, [])]


def pending_migrations(db: Database) -> list[tuple[str, str]]:
    from outreach.feature_registry import all_features

    pending = []
    for feature in all_features():
        pending += [(feature.migrations.name, m.name) for m in feature.migrations.pending(db)]
    return pending


def migrate(db: Database) -> list[tuple[str, str]]:
    """Apply pending migrations feature by feature, in the registry's order. Returns them."""
    from outreach.feature_registry import all_features

    done = pending_migrations(db)
    for feature in all_features():
        feature.migrations.apply(db)
    if done:
        with db.atomic():
            db["programme_info"].upsert(
                {"key": "written_by_version", "value": __version__}, pk="key"
            )
    return done


def _quick_check(db: Database, path: Path) -> None:
    """A file cut short or overwritten may still open (SQLite reads lazily) and fail later on
    the missing page, in the middle of someone's work; and a rolling backup of it would push a
    good backup out. Milliseconds for a programme's size."""
    result = db.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise DamagedFileError(msg("storage.error.damaged", path=str(path), detail=result), path)


def open_programme(
    path: str | Path,
    *,
    create: bool = True,
    read_only: bool = False,
    backup_on_open: bool = True,
    lock: bool = False,
) -> Programme:
    """Open (or create) a programme file, migrate it, and take a rolling backup.

    Raises ``NewerFileError`` for a file written by a newer version (nothing is changed) and
    ``DamagedFileError`` for a file that is not a readable SQLite database. With ``lock`` the
    single-writer lock is taken first (``ProgrammeLocked`` names the live holder).
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if not existed and (not create or read_only):
        raise ProgrammeError(msg("storage.error.missing", path=str(path)), path)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    held = acquire(path) if lock and not read_only else None
    try:
        db = connect(path, read_only=read_only)
    except BaseException:
        if held is not None:
            held.release()
        raise
    try:
        newer = unknown_migrations(db)
        if newer:
            raise NewerFileError(
                msg(
                    "storage.error.newer",
                    path=str(path),
                    names=", ".join(f"{s}/{n}" for s, n in newer),
                ),
                path,
            )
        if existed:
            _quick_check(db, path)
        if read_only:
            if pending_migrations(db):
                raise ProgrammeError(msg("storage.error.read_only_old", path=str(path)), path)
            return Programme(db, path, read_only=True)
        if existed and pending_migrations(db) and applied_migrations(db):
            backups.snapshot(db.conn, backups.backup_path(path, "before-migration"))
        migrate(db)
        if existed and backup_on_open:
            backups.rolling_backup(db.conn, path, "on-open")
    except sqlite3.DatabaseError as exc:
        db.close()
        if held is not None:
            held.release()
        raise DamagedFileError(
            msg("storage.error.damaged", path=str(path), detail=str(exc)), path
        ) from exc
    except BaseException:
        db.close()
        if held is not None:
            held.release()
        raise
    return Programme(db, path, lock=held)


def memory_programme() -> Programme:
    """A migrated in-memory programme for tests and previews."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    _configure(conn, wal=False)
    db = Database(conn, execute_plugins=False)
    migrate(db)
    return Programme(db, None)
