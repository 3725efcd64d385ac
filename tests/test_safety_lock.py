"""Single writer: a second window is told who holds the file; a crashed holder's lock is taken."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from outreach.storage import open_programme
from outreach.storage.lock import (
    ProgrammeLocked,
    acquire,
    holder_of,
    lock_path_for,
    process_alive,
)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(programme_path, pid, host=None):
    lock_path_for(programme_path).write_text(
        json.dumps(
            {"pid": pid, "host": host or socket.gethostname(), "since": "2026-12-01T09:00:00"}
        )
    )


def test_lock_names_the_live_holder(tmp_path):
    path = tmp_path / "p.db"
    parent = os.getppid()  # alive for the whole test
    write_lock(path, parent)
    with pytest.raises(ProgrammeLocked) as caught:
        acquire(path)
    assert caught.value.holder.pid == parent
    text = caught.value.message.render("en")
    assert str(parent) in text and socket.gethostname() in text and "2026-12-01T09:00:00" in text
    assert "进程" in caught.value.message.render("zh_CN")
    assert holder_of(path).pid == parent


def test_stale_lock_of_a_crashed_process_is_recovered(tmp_path):
    path = tmp_path / "p.db"
    pid = dead_pid()
    assert not process_alive(pid)
    write_lock(path, pid)
    assert holder_of(path) is None
    lock = acquire(path)
    assert lock.recovered_from is not None and lock.recovered_from.pid == pid
    assert json.loads(lock.path.read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock.path.exists()


def test_half_written_lock_counts_as_stale(tmp_path):
    path = tmp_path / "p.db"
    lock_path_for(path).write_text('{"pid": 12')
    lock = acquire(path)
    assert lock.recovered_from is None
    lock.release()


def test_lock_from_another_computer_is_respected(tmp_path):
    path = tmp_path / "p.db"
    write_lock(path, dead_pid(), host="registration-desk-laptop")
    with pytest.raises(ProgrammeLocked, match="registration-desk-laptop"):
        acquire(path)


def test_open_with_lock_refuses_a_second_writer_but_allows_read_only(tmp_path):
    path = tmp_path / "p.db"
    script = (
        f"import sys; sys.path.insert(0, {os.getcwd()!r})\n"
        "from outreach.storage import open_programme\n"
        f"p = open_programme({str(path)!r}, lock=True)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "p.close()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(ProgrammeLocked) as caught:
            open_programme(path, lock=True)
        assert caught.value.holder.pid == child.pid
        read_only = open_programme(path, read_only=True)
        assert read_only.read_only and read_only.lock is None
        read_only.close()
    finally:
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=10)
    # the holder closed: the lock is gone and the file opens for writing
    assert not lock_path_for(path).exists()
    programme = open_programme(path, lock=True)
    assert programme.lock is not None
    programme.close()
    assert not lock_path_for(path).exists()


def test_lock_of_a_killed_process_is_taken_over_on_open(tmp_path):
    path = tmp_path / "p.db"
    script = (
        f"import sys, os, signal; sys.path.insert(0, {os.getcwd()!r})\n"
        "from outreach.storage import open_programme\n"
        f"p = open_programme({str(path)!r}, lock=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False, timeout=20)
    assert lock_path_for(path).exists()
    programme = open_programme(path, lock=True)
    assert programme.lock.recovered_from is not None
    programme.close()


def test_damaged_file_releases_the_lock(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"not a database at all" * 100)
    from outreach.storage import DamagedFileError

    with pytest.raises(DamagedFileError):
        open_programme(path, lock=True)
    assert not lock_path_for(path).exists()


def test_reopening_in_the_same_process_keeps_the_newer_lock(tmp_path):
    path = tmp_path / "p.db"
    first = open_programme(path, lock=True)
    second = open_programme(path, lock=True)
    first.close()  # closing the older handle must not free the file under the newer one
    assert holder_of(path) is not None
    second.close()
    assert holder_of(path) is None
