"""The command line: demo, check, backup, exit codes."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.cli import main
from outreach.storage import open_programme
from outreach.storage.backups import list_backups

ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_demo_then_check_exit_zero(tmp_path):
    path = str(tmp_path / "p.db")
    code, out, _ = run("--db", path, "demo")
    assert code == 0, out
    code, out, err = run("--db", path, "check")
    assert code == 0, err
    assert "p.db" in out


def test_demo_refuses_a_programme_that_holds_data(tmp_path):
    path = str(tmp_path / "p.db")
    assert run("--db", path, "demo")[0] == 0
    before = sqlite3.connect(path).execute("SELECT count(*) FROM programme_info").fetchone()
    code, _, err = run("demo", "--db", path)
    assert code == 1
    assert err.startswith(f"{path}: ")  # names the file it refused
    after = sqlite3.connect(path).execute("SELECT count(*) FROM programme_info").fetchone()
    assert before == after


def test_check_reports_a_broken_foreign_key_and_exits_one(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    assert run("--db", str(path), "check")[0] == 0
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE parent (id TEXT PRIMARY KEY)")
    conn.execute("CREATE TABLE child (id TEXT, parent_id TEXT REFERENCES parent(id))")
    conn.execute("INSERT INTO child VALUES ('c', 'missing')")  # foreign keys off here
    conn.commit()
    conn.close()
    code, _, err = run("--db", str(path), "check")
    assert code == 1
    assert "child" in err


def test_backup_writes_a_consistent_copy(tmp_path):
    path = tmp_path / "p.db"
    out_file = tmp_path / "copy.db"
    assert run("--db", str(path), "demo")[0] == 0
    code, out, _ = run("--db", str(path), "backup", "--out", str(out_file))
    assert code == 0 and str(out_file) in out
    conn = sqlite3.connect(out_file)
    assert conn.execute("SELECT value FROM programme_info WHERE key='demo'").fetchone() == ("1",)
    conn.close()
    code, out, _ = run("--db", str(path), "backup")
    assert code == 0
    assert any(b.reason == "manual" for b in list_backups(path))


def test_usage_errors_exit_two(tmp_path):
    assert run("no-such-command")[0] == 2
    assert run("export")[0] == 2
    code, _, err = run("--db", str(tmp_path / "p.db"), "export", "nothing", "x.csv")
    assert code == 2 and "nothing" in err


def test_help_from_main_py_exits_zero_without_qt():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.argv=['main.py','--help']; "
            "runpy.run_path('main.py', run_name='__main__')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout and "check" in result.stdout


def test_damaged_file_gives_a_clear_message_and_exit_one(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"\x00garbage" * 512)
    code, _, err = run("--db", str(path), "check")
    assert code == 1
    assert "bad.db" in err


def test_a_command_refuses_a_file_another_process_holds_and_changes_nothing(tmp_path):
    from outreach.storage.lock import acquire

    path = tmp_path / "p.db"
    open_programme(path).close()
    assert run("--db", str(path), "check")[0] == 0
    # Another live process (the window on the registration desk) holds the file.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = acquire(path, pid=other.pid)
        code, _, err = run("--db", str(path), "demo")
        assert code == 1
        assert "p.db" in err and str(other.pid) in err
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT count(*) FROM teams").fetchone()[0] == 0
        conn.close()
        lock.release()
    finally:
        other.kill()
        other.wait()
    assert run("--db", str(path), "demo")[0] == 0


def test_export_results_for_a_named_exam(tmp_path):
    path = str(tmp_path / "p.db")
    assert run("--db", path, "demo")[0] == 0
    out_file = tmp_path / "results.csv"
    code, _, _ = run("--db", path, "export", "results", str(out_file), "--exam", "初赛")
    assert code == 0 and out_file.read_text(encoding="utf-8-sig").count("\n") == 41
    code, _, err = run("--db", path, "export", "standings", str(tmp_path / "s.csv"), "--exam", "无")
    assert code == 1 and "初赛" in err
    assert not (tmp_path / "s.csv").exists()


def test_printing_fewer_versions_after_answers_prints_the_first_ones(tmp_path):
    # "--versions 1" once answers were entered failed ("questions can no longer change"):
    # a print command tried to delete version B.
    import pypdfium2

    path = str(tmp_path / "p.db")
    assert run("--db", path, "demo")[0] == 0
    out_file = tmp_path / "a.pdf"
    code, _, err = run(
        "--db", path, "print", "exam", "--exam", "初赛", "--versions", "1", "--out", str(out_file)
    )
    assert code == 0, err
    text = "".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(str(out_file))
    )
    assert "A 卷" in text and "B 卷" not in text
    code, _, err = run("--db", path, "check")
    assert code == 0, err
    from outreach.exam.exams import exam_by_name
    from outreach.exam.papers import list_versions
    from outreach.storage import open_programme

    programme = open_programme(path)
    try:
        assert list_versions(programme.db, exam_by_name(programme.db, "初赛").id) == ["A", "B"]
    finally:
        programme.close()


def test_an_exam_command_on_a_programme_without_exams_says_where_exams_are_made(tmp_path):
    path = str(tmp_path / "p.db")
    open_programme(path).close()
    out_file = tmp_path / "papers.pdf"
    code, _, err = run(
        "--db", path, "print", "exam", "--exam", "初赛", "--versions", "2", "--out", str(out_file)
    )
    assert code == 1
    assert ("no exams yet" in err and "New exam" in err) or (
        "还没有笔试" in err and "新建笔试" in err
    )
    assert "known: -" not in err and "已有：-" not in err
    assert not out_file.exists()


def test_final_commands_on_a_programme_without_finals_say_where_finals_are_made(tmp_path):
    path = str(tmp_path / "p.db")
    open_programme(path).close()
    out_file = tmp_path / "results.pdf"
    code, _, err = run("--db", path, "print", "final-results", "--out", str(out_file))
    assert code == 1
    assert ("no final yet" in err and "New final" in err) or ("还没有决赛" in err)
    assert ": -" not in err and "：-" not in err
    assert not out_file.exists()
    code, _, err = run("--db", path, "final-standings")
    assert code == 1 and ("no final yet" in err or "还没有决赛" in err)


def test_db_option_is_taken_out_and_the_rest_decides_window_or_command():
    from outreach.locations import split_db_option

    assert split_db_option(["--db", "a.db"]) == ("a.db", [])
    assert split_db_option(["--db=b.db", "check"]) == ("b.db", ["check"])
    assert split_db_option(["check", "--db", "a.db", "--db", "c.db"]) == ("c.db", ["check"])
    assert split_db_option([]) == (None, [])
    # a path that looks like a command word is still the path
    assert split_db_option(["--db", "demo"]) == ("demo", [])
    sys.path.insert(0, str(ROOT))
    try:
        from main import wants_command_line
    finally:
        sys.path.remove(str(ROOT))
    assert not wants_command_line(["main.py", "--db", "check"])
    assert wants_command_line(["main.py", "--db", "p.db", "check"])
    assert wants_command_line(["main.py", "--help"])
    # a forgotten path is a usage error, not the default file opened in the window
    assert wants_command_line(["main.py", "--db"])
    assert wants_command_line(["main.py", "--db", ""])
    assert main(["--db"], stdout=io.StringIO(), stderr=io.StringIO()) == 2
    assert main(["--db", ""], stdout=io.StringIO(), stderr=io.StringIO()) == 2


def test_exports_of_results_that_do_not_exist_fail_and_write_no_file(tmp_path):
    # "export results" with no exam wrote a file of headers alone and exited 0
    from outreach.exam.exams import Exam, save_exam
    from outreach.final.finals import create_final
    from outreach.storage import open_programme

    path = str(tmp_path / "p.db")
    open_programme(path).close()
    for what in ("results", "standings", "final-log"):
        out_file = tmp_path / f"{what}.csv"
        code, _, err = run("--db", path, "export", what, str(out_file))
        assert code == 1, what
        assert "no exam yet" in err or "no final yet" in err, err
        assert not out_file.exists()
    programme = open_programme(tmp_path / "p.db")
    save_exam(programme.db, Exam(id="", name="初赛"))
    create_final(programme.db, "决赛")
    programme.close()
    for what, expected in (
        ("results", '"初赛" has no graded answer sheets'),
        ("standings", '"初赛" has no graded answer sheets'),
        ("final-log", '"决赛" has no score entries'),
    ):
        out_file = tmp_path / f"{what}.xlsx"
        code, _, err = run("--db", path, "export", what, str(out_file))
        assert (code, expected in err) == (1, True), err
        assert not out_file.exists()
    # a genuinely empty list still exports its headers (a template to fill in)
    code, _, _ = run("--db", path, "export", "teams", str(tmp_path / "teams.csv"))
    assert code == 0 and (tmp_path / "teams.csv").exists()


def test_check_of_a_missing_file_exits_one_and_creates_nothing(tmp_path):
    for path in (tmp_path / "missing.db", tmp_path / "no" / "such" / "folder.db"):
        code, out, err = run("--db", str(path), "check")
        assert code == 1, out
        assert str(path) in err
    assert list(tmp_path.iterdir()) == []  # neither the file nor its folders were made


def test_check_of_another_programs_sqlite_file_refuses_and_changes_nothing(tmp_path):
    path = tmp_path / "browser.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for command in ("check", "demo", "backup"):
        code, _, err = run("--db", str(path), command)
        assert code == 1, command
        assert "browser.sqlite" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["browser.sqlite"]


def test_a_folder_as_programme_file_is_a_clear_error_not_a_traceback(tmp_path):
    code, _, err = run("--db", str(tmp_path), "check")
    assert code == 1
    assert str(tmp_path) in err


def test_an_empty_db_path_is_a_usage_error_not_the_default_file(tmp_path):
    code, _, err = run("--db", "", "check")
    assert code == 2
    assert "--db" in err


def test_outputs_to_an_unwritable_place_report_the_file_and_exit_one(tmp_path):
    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "copy.db"  # its folder is a file: no one can write there, not even root
    for argv in (
        ["backup", "--out", str(target)],
        ["export", "teams", str(blocker / "teams.csv")],
        ["print", "report", "--out", str(blocker / "report.pdf")],
        ["calendar", "--out", str(blocker / "events.ics")],
        ["bundle", "--out", str(blocker / "x.bundle")],
    ):
        code, _, err = run("--db", str(path), *argv)
        assert code == 1, argv
        assert str(blocker) in err and "Traceback" not in err and ".part" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a-file", "p.db"]


def test_a_programme_on_read_only_media_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    import errno

    from outreach.storage import database

    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0

    def read_only_media(programme_path, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", f"{programme_path}.lock")

    monkeypatch.setattr(database, "acquire", read_only_media)
    code, _, err = run("--db", str(path), "check")
    assert code == 1
    assert str(path) in err
    assert "read-only" in err.lower() or "只读" in err


def test_an_output_aimed_at_the_programme_file_itself_is_refused_and_the_file_kept(tmp_path):
    # "backup --out p.db" (or a bundle or report saved under the programme's name) replaced
    # the live database under its own connection.
    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0
    for argv, expected in (
        (["backup", "--out", str(path)], 1),
        (["bundle", "--out", str(path)], 1),
        # not a .csv/.xlsx or .pdf name: refused as a usage error before the file is opened
        (["export", "teams", str(path)], 2),
        (["print", "report", "--out", str(tmp_path / "." / "p.db")], 2),
    ):
        code, _, err = run("--db", str(path), *argv)
        assert code == expected, argv
        assert "p.db" in err and "Traceback" not in err
    code, _, err = run("--db", str(path), "check")
    assert code == 0, err
    programme = open_programme(path, backup_on_open=False)
    assert programme.db.execute("SELECT count(*) FROM teams").fetchone()[0] == 8
    programme.close()


def test_a_missing_input_file_is_said_in_words_not_errno(tmp_path):
    # "cannot be read ([Errno 2] No such file or directory: '…')"
    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0
    for argv in (
        ["import", "roster", str(tmp_path / "no-roster.csv")],
        ["import", "questions", str(tmp_path / "no-bank.txt")],
        ["merge", str(tmp_path / "no.bundle.json")],
    ):
        code, _, err = run("--db", str(path), *argv)
        assert code == 1, argv
        assert "Errno" not in err and "does not exist" in err, err


def test_an_output_over_a_programme_another_window_holds_is_refused(tmp_path):
    import json
    import os
    import socket

    from outreach.storage.lock import lock_path_for

    path, other = tmp_path / "p.db", tmp_path / "other.db"
    assert run("--db", str(path), "demo")[0] == 0
    open_programme(other).close()
    before = other.read_bytes()
    # the registration desk's window has other.db open
    lock_path_for(other).write_text(
        json.dumps({"pid": os.getppid(), "host": socket.gethostname(), "since": "2026-12-04"})
    )
    code, _, err = run("--db", str(path), "backup", "--out", str(other))
    assert code == 1 and "other.db" in err
    assert other.read_bytes() == before


@pytest.mark.parametrize("versions", ["0", "-2"])
def test_print_exam_refuses_zero_or_negative_versions_as_a_usage_error(tmp_path, versions):
    # "--versions 0" silently meant "as many as exist" and exited 0.
    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0
    out_file = tmp_path / "papers.pdf"
    code, _, err = run(
        "--db", str(path), "print", "exam", "--exam", "初赛", "--versions", versions,
        "--out", str(out_file),
    )  # fmt: skip
    assert code == 2 and "--versions" in err and versions in err
    assert not out_file.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "teams", "x.txt"],
        ["export", "teams", "x"],
        ["print", "schedule", "--out", "x.txt"],
        ["print", "exam", "--exam", "初赛", "--out", "x.docx"],
        ["print", "budget", "--out", "x"],
        ["calendar", "--out", "x.txt"],
    ],
)
def test_an_unsupported_output_extension_is_a_usage_error_everywhere(tmp_path, argv):
    # export exited 1, print wrote a PDF named x.txt and exited 0, calendar exited 1.
    path = tmp_path / "p.db"
    assert run("--db", str(path), "demo")[0] == 0
    target = tmp_path / argv[-1]
    argv = [*argv[:-1], str(target)]
    code, _, err = run("--db", str(path), *argv)
    assert code == 2, err
    assert str(target) in err or target.name in err
    assert not target.exists()
