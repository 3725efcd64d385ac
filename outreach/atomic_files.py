"""Output files are written atomically: a crash or a full disk never leaves half a PDF."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from outreach.i18n import Message, msg

# The reasons an organiser meets, in their language (the rest keep the system's wording).
_REASONS = {
    errno.ENOENT: "file.os_error.missing",
    errno.EACCES: "file.os_error.denied",
    errno.EPERM: "file.os_error.denied",
    errno.EROFS: "file.os_error.read_only",
    errno.ENOSPC: "file.os_error.full",
    errno.EISDIR: "file.os_error.is_folder",
    errno.ENOTDIR: "file.os_error.not_folder",
    errno.EBUSY: "file.os_error.open_programme",
}


# Programme files open in this process: an output aimed at one of them (a copy, a bundle or a
# PDF saved under the programme's own name) would replace the live database under its
# connection, and everything saved afterwards would be lost on the next open.
_protected: dict[str, int] = {}


def _identity(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.realpath(path))


def protect(path: str | os.PathLike[str]) -> None:
    key = _identity(path)
    _protected[key] = _protected.get(key, 0) + 1


def unprotect(path: str | os.PathLike[str]) -> None:
    key = _identity(path)
    if _protected.get(key, 0) <= 1:
        _protected.pop(key, None)
    else:
        _protected[key] -= 1


def _held_by_another_window(target: Path) -> bool:
    """A programme file another live process has open (its lock file says so)."""
    lock = target.parent / f"{target.name}.lock"
    if not lock.exists():
        return False
    from outreach.storage.lock import is_stale, read_holder

    return not is_stale(read_holder(lock))


def os_error_message(error: OSError, path: str | os.PathLike[str] | None = None) -> Message:
    """``file: reason`` for a file that could not be read or written (no traceback, no
    English system text where a translation exists)."""
    name = str(path if path is not None else error.filename or "")
    return msg("file.os_error", file=name, reason=os_reason(error))


def os_reason(error: OSError) -> Message:
    """Why a file could not be read or written, in the organiser's language when known."""
    key = _REASONS.get(error.errno or 0)
    return msg(key) if key else msg("file.os_error.other", detail=error.strerror or str(error))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; it replaces ``target`` only on success."""
    target = Path(target)
    if _identity(target) in _protected or _held_by_another_window(target):
        raise OSError(errno.EBUSY, "the open programme file itself", str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except FileExistsError as exc:  # mkdir: a file stands where a folder should be
        raise OSError(errno.ENOTDIR, exc.strerror, str(target)) from exc
    except OSError as exc:  # named after the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
