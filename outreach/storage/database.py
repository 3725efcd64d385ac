"""Opening a programme file: pragmas, migrations, refusal of newer files, backups on open.

This is the one place that connects to SQLite. Every connection gets WAL (files), foreign keys
and synchronous=FULL, so that a process killed after a confirmed action loses nothing.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from outreach import __version__
from outreach.atomic_files import protect, unprotect
from outreach.i18n import Message, msg
from outreach.storage import backups
from outreach.storage.lock import ProgrammeLock, acquire
from outreach.storage.migrations import MIGRATIONS_TABLE, applied_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["MIGRATIONS_TABLE", "applied_migrations"]


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


class ReadOnlyPlaceError(ProgrammeError):
    """The file or its folder cannot be written (a write-protected USB stick, a CD, a shared
    folder without write permission): it can still be opened read-only."""


_READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)


def _writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


class NotAProgrammeError(ProgrammeError):
    """An SQLite file that holds another program's tables: opening it must not add ours."""


def new_id() -> str:
    """Ids are UUID text so that files from two laptops can be merged."""
    import uuid  # on first write, not at start-up

    return str(uuid.uuid4())


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def as_database(conn: sqlite3.Connection) -> Database:
    """The sqlite-utils view of a configured connection (imported here, when first needed)."""
    from sqlite_utils import Database

    # No sqlite-utils plugins: scanning entry points costs time and we use none.
    return Database(conn, execute_plugins=False)


def name_from_file(path: Path) -> str:
    """The name a programme file stands for until it is given one: "初赛登记.outreach.db" is
    called 初赛登记, not "初赛登记.outreach"."""
    name = path.name
    for suffix in (".db", ".sqlite", ".outreach"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


class Programme:
    """An open programme file. Domain functions take ``programme.db`` (a sqlite-utils Database).

    Built from a sqlite-utils Database or from a bare connection; in the latter case the
    Database is made on first use, so that opening a file and showing the window does not
    import sqlite-utils.
    """

    def __init__(
        self,
        db: Database | sqlite3.Connection,
        path: Path | None,
        read_only: bool = False,
        lock: ProgrammeLock | None = None,
    ) -> None:
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.path = path
        self.read_only = read_only
        if path is not None:
            protect(path)  # no output may be written over it while it is open
        self._closed = False
        # The single-writer lock (``open_programme(..., lock=True)``), released on close.
        self.lock = lock

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = as_database(self.conn)
        return self._db

    def __repr__(self) -> str:
        return f"Programme({self.path or ':memory:'}, read_only={self.read_only})"

    @property
    def name(self) -> str:
        row = self.conn.execute("SELECT value FROM programme_info WHERE key = 'name'").fetchone()
        if row and row[0]:
            return row[0]
        if self.path is None:
            return ":memory:"
        return name_from_file(self.path)

    def backup(self, reason: str) -> Path | None:
        """A rolling snapshot beside the file (e.g. "before-import"); none for in-memory."""
        if self.path is None:
            return None
        return backups.rolling_backup(self.conn, self.path, reason)

    def close(self) -> None:
        if self.path is not None and not self._closed:
            unprotect(self.path)
        self._closed = True
        self.conn.close()
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


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A configured connection. ``check_same_thread=False`` lets the UI's task runner use it
    while the window waits (one user action at a time)."""
    try:
        if read_only:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            wal = Path(f"{path}-wal")
            if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
                # On read-only media SQLite cannot make the WAL index a reader needs; with no
                # WAL content waiting (closed cleanly) the file alone is the whole programme.
                uri += "&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:  # a folder, a missing folder, no permission
        raise ProgrammeError(
            msg("storage.error.cannot_open", path=str(path), detail=str(exc)), path
        ) from exc
    try:
        # Before WAL is switched on (which would change the file): another program's
        # database is refused, not turned into a programme.
        _refuse_foreign(conn, path)
        if not read_only:
            _configure(conn, wal=True)
        else:
            conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DamagedFileError(
            msg("storage.error.damaged", path=str(path), detail=_damage_detail(path, exc)), path
        ) from exc
    return conn


def _damage_detail(path: Path, exc: sqlite3.DatabaseError) -> Message | str:
    """SQLite's "file is not a database" in words: a file that is no database at all (a
    document, a zip) is said to be one; other damage keeps SQLite's precise wording."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError:
        return str(exc)
    if header != b"SQLite format 3\x00":
        return msg("storage.detail.not_a_database")
    return str(exc)


def _refuse_bundle(path: Path) -> None:
    """A bundle (.bundle.json) opened as a programme: say what it is and how it is used."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(400)
    except OSError:
        return
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"outreach-desk-bundle" in start:
        raise NotAProgrammeError(msg("storage.error.bundle", path=str(path)), path)


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    tables = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if tables and MIGRATIONS_TABLE not in tables:
        conn.close()
        raise NotAProgrammeError(msg("storage.error.foreign", path=str(path)), path)


@contextmanager
def reading(path: Path) -> Iterator[Database]:
    """A second, read-only connection to a programme file, for reading off the GUI thread
    while the window's own connection writes (WAL keeps the reader on a consistent snapshot)."""
    conn = connect(path, read_only=True)
    try:
        yield as_database(conn)
    finally:
        conn.close()


def known_migrations() -> list[tuple[str, str]]:
    """(set, name) of every migration this version knows, in the order they apply."""
    from outreach.feature_registry import migration_names

    return migration_names()


def compare_migrations(
    db: Database | sqlite3.Connection,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(unknown, pending): migrations the file has applied that this version does not know
    (a newer version wrote it), and those this version knows that the file has not applied."""
    known, applied = known_migrations(), applied_migrations(db)
    known_set, applied_set = set(known), set(applied)
    unknown = [migration for migration in applied if migration not in known_set]
    pending = [migration for migration in known if migration not in applied_set]
    return unknown, pending


def unknown_migrations(db: Database | sqlite3.Connection) -> list[tuple[str, str]]:
    return compare_migrations(db)[0]


def pending_migrations(db: Database | sqlite3.Connection) -> list[tuple[str, str]]:
    return compare_migrations(db)[1]


def migrate(db: Database | sqlite3.Connection) -> list[tuple[str, str]]:
    """Apply pending migrations feature by feature, in the registry's order. Returns them."""
    from outreach.feature_registry import all_features

    done = pending_migrations(db)
    if not done:
        return done
    db = as_database(db) if isinstance(db, sqlite3.Connection) else db
    for feature in all_features():
        feature.migrations.apply(db)
    with db.atomic():
        db["programme_info"].upsert({"key": "written_by_version", "value": __version__}, pk="key")
    return done


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """A file cut short or overwritten may still open (SQLite reads lazily) and fail later on
    the missing page, in the middle of someone's work; and a rolling backup of it would push a
    good backup out. Milliseconds for a programme's size."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
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
        # a file of 0 bytes (a copy cut short) is there: "does not exist" would mislead
        key = "storage.error.empty" if path.is_file() else "storage.error.missing"
        raise ProgrammeError(msg(key, path=str(path)), path)
    if existed and path.is_file():
        _refuse_bundle(path)
    read_only_place = ReadOnlyPlaceError(msg("storage.error.read_only_place", path=str(path)), path)
    if existed and not read_only and not _writable(path):
        raise read_only_place
    try:
        if not existed:
            path.parent.mkdir(parents=True, exist_ok=True)
        held = acquire(path) if lock and not read_only else None
    except OSError as exc:  # the lock file cannot be written beside the programme
        if exc.errno in _READ_ONLY_ERRNOS and not existed:
            # a new programme cannot be made there: there is nothing to open read-only
            raise ProgrammeError(
                msg("storage.error.read_only_new", path=str(path), folder=str(path.parent)), path
            ) from exc
        if exc.errno in _READ_ONLY_ERRNOS:
            raise read_only_place from exc
        raise ProgrammeError(
            msg("storage.error.cannot_open", path=str(path), detail=exc.strerror or str(exc)),
            path,
        ) from exc
    try:
        conn = connect(path, read_only=read_only)
    except BaseException:
        if held is not None:
            held.release()
        raise
    try:
        newer, pending = compare_migrations(conn)
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
            _quick_check(conn, path)
        if read_only:
            if pending:
                raise ProgrammeError(msg("storage.error.read_only_old", path=str(path)), path)
            return Programme(conn, path, read_only=True)
        if pending:
            if existed and applied_migrations(conn):
                backups.snapshot(conn, backups.backup_path(path, "before-migration"))
            migrate(conn)
        if existed and backup_on_open:
            backups.on_open_backup(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if held is not None:
            held.release()
        raise DamagedFileError(
            msg("storage.error.damaged", path=str(path), detail=str(exc)), path
        ) from exc
    except BaseException:
        conn.close()
        if held is not None:
            held.release()
        raise
    return Programme(conn, path, lock=held)


def memory_programme() -> Programme:
    """A migrated in-memory programme for tests and previews."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    _configure(conn, wal=False)
    db = as_database(conn)
    migrate(db)
    return Programme(db, None)
