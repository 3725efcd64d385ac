"""The rolling on-open backup is skipped while the file is unchanged since the newest one, so
quick command-line checks (or reopening in the window) do not push good older backups out."""

from __future__ import annotations

import datetime as dt

from outreach.cli import main as cli_main
from outreach.storage import open_programme
from outreach.storage.backups import (
    ON_OPEN,
    ROLLING_KEEP,
    backup_path,
    file_fingerprint,
    list_backups,
    snapshot,
)


def on_open(path):
    return [b for b in list_backups(path) if b.reason == ON_OPEN]


def change(path, value):
    programme = open_programme(path)
    with programme.db.atomic():
        programme.db.execute("INSERT OR REPLACE INTO programme_info VALUES ('note', ?)", [value])
    programme.close()


def test_reopening_an_unchanged_file_takes_no_new_backup(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    open_programme(path).close()
    first = on_open(path)
    assert len(first) == 1
    for _ in range(5):
        open_programme(path).close()
    assert on_open(path) == first


def test_a_change_since_the_newest_backup_takes_one(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    open_programme(path).close()
    change(path, "一")  # this open is backed up first (unchanged), then the file changes
    assert len(on_open(path)) == 1
    open_programme(path).close()
    assert len(on_open(path)) == 2
    open_programme(path).close()
    assert len(on_open(path)) == 2


def test_a_deleted_newest_backup_is_taken_again(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    open_programme(path).close()
    on_open(path)[0].path.unlink()
    open_programme(path).close()
    assert len(on_open(path)) == 1


def test_a_file_replaced_by_another_with_the_same_size_is_backed_up(tmp_path):
    path = tmp_path / "p.db"
    open_programme(path).close()
    open_programme(path).close()
    before = file_fingerprint(path)
    change(path, "甲")
    open_programme(path).close()
    count = len(on_open(path))
    # swap one byte inside the file's unused header area: same size, different bytes
    data = bytearray(path.read_bytes())
    data[68] ^= 0xFF  # the application id: the content differs, the size does not
    path.write_bytes(bytes(data))
    assert file_fingerprint(path) != before
    open_programme(path).close()
    assert len(on_open(path)) == count + 1


def test_ten_quick_command_line_checks_keep_the_older_backups(tmp_path, capsys):
    path = tmp_path / "p.db"
    assert cli_main(["--db", str(path), "demo"]) == 0
    # good older backups from days before
    programme = open_programme(path, backup_on_open=False)
    older = []
    for day in range(ROLLING_KEEP - 1):
        when = dt.datetime(2026, 11, 1 + day, 9, 0)
        older.append(snapshot(programme.conn, backup_path(path, ON_OPEN, when)))
    programme.close()
    for _ in range(ROLLING_KEEP):
        assert cli_main(["--db", str(path), "check"]) == 0
    kept = {b.path for b in on_open(path)}
    assert set(older) <= kept
    assert len(kept) == ROLLING_KEEP  # the older nine and one taken by the first check
    capsys.readouterr()


def test_reopening_an_unchanged_file_in_the_window_takes_no_new_backup(qtbot, tmp_path):
    from ui.app import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    path = tmp_path / "p.db"
    assert cli_main(["--db", str(path), "demo"]) == 0
    make_application([])
    window = MainWindow(AppContext(AppSettings(tmp_path / "settings.ini")))
    qtbot.addWidget(window)
    window.show()
    done = []
    window.context.data_changed.connect(lambda topic: topic == "backup" and done.append(1))
    for expected in (1, 1, 1):
        done.clear()
        assert window.open_path(path)
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        window.context.replace_programme(None)  # closed, as quitting would
        assert len(on_open(path)) == expected
