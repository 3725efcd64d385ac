"""The window's data safety: locked files open read-only on request, damaged files offer the
newest good backup, File ▸ Restore…, the periodic backup timer, and merging a bundle."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3

from PySide6.QtWidgets import QMessageBox

from outreach.exchange.bundle import export_bundle
from outreach.storage import open_programme
from outreach.storage.backups import list_backups
from outreach.storage.lock import lock_path_for
from ui import file_opening
from ui.app import make_application
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings


def make_window(qtbot, tmp_path):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window


def held_by_another_window(path):
    """A lock file saying a live process (this test's parent) holds ``path``."""
    lock_path_for(path).write_text(
        json.dumps(
            {"pid": os.getppid(), "host": socket.gethostname(), "since": "2026-12-03T09:00:00"}
        )
    )


def two_laptops(qtbot, tmp_path):
    """Laptop a's file with two teams, and the window with laptop b's file open, whose
    t_teams table is empty."""
    a = open_programme(tmp_path / "a.db")
    a.db.execute("CREATE TABLE t_teams (id TEXT PRIMARY KEY, name TEXT)")
    a.db.execute("INSERT INTO t_teams VALUES ('1', '精算先锋'), ('2', '保险小卫士')")
    window = make_window(qtbot, tmp_path)
    assert window.open_path(tmp_path / "b.db", create=True)
    window.context.db.execute("CREATE TABLE t_teams (id TEXT PRIMARY KEY, name TEXT)")
    return a, window


def named_file(path, name):
    programme = open_programme(path)
    programme.db["programme_info"].upsert({"key": "name", "value": name}, pk="key")
    return programme


def test_locked_file_opens_read_only_when_chosen(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    named_file(path, "登记台").close()
    held_by_another_window(path)
    asked = []
    monkeypatch.setattr(
        file_opening, "ask_read_only", lambda parent, locked: asked.append(locked) or True
    )
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path)
    assert asked[0].holder.pid == os.getppid()
    assert window.context.programme.read_only
    assert "只读" in window.status_label.text()
    assert not window.safety.merge_action.isEnabled()
    # declining leaves nothing open
    monkeypatch.setattr(file_opening, "ask_read_only", lambda parent, locked: False)
    window.context.replace_programme(None)
    assert not window.open_path(path)
    assert window.context.programme is None


def test_damaged_file_offers_the_newest_good_backup(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    programme = named_file(path, "备份中的活动")
    programme.backup("periodic")
    programme.close()
    path.write_bytes(b"\x00\x13garbage" * 5000)
    offers = []
    monkeypatch.setattr(
        file_opening, "ask_restore", lambda parent, damaged, offer: offers.append(offer) or True
    )
    monkeypatch.setattr(file_opening, "inform", lambda *args: None)
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path)
    assert offers[0].report.good
    assert window.context.programme.name == "备份中的活动"
    kept = [b for b in list_backups(path) if b.reason == "before-restore-damaged"]
    assert kept and kept[0].path.read_bytes() == b"\x00\x13garbage" * 5000


def test_damaged_file_without_backup_is_explained(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a programme" * 50)
    warnings = []
    monkeypatch.setattr(file_opening, "warn", lambda parent, title, text: warnings.append(text))
    window = make_window(qtbot, tmp_path)
    assert not window.open_path(path)
    assert "p.db" in warnings[0] and "没有找到完好的备份" in warnings[0]


def test_restore_dialog_lists_backups_and_restores_keeping_a_copy(qtbot, tmp_path, monkeypatch):
    from ui.restore_dialog import RestoreDialog

    path = tmp_path / "p.db"
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path, create=True)
    db = window.context.db
    db["programme_info"].upsert({"key": "name", "value": "第一版"}, pk="key")
    window.context.programme.backup("manual")
    db["programme_info"].upsert({"key": "name", "value": "第二版"}, pk="key")
    dialog = RestoreDialog(window.context, window.safety.restore, window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.view.model().index(0, 1).data() == "手动"
    assert dialog.view.model().index(0, 2).data() == "完好"
    assert dialog.restore_button.isEnabled()
    monkeypatch.setattr(dialog, "confirm", lambda row: True)
    copy = dialog.restore_selected()
    assert window.context.programme.name == "第一版"
    conn = sqlite3.connect(copy)
    assert (
        conn.execute("SELECT value FROM programme_info WHERE key='name'").fetchone()[0] == "第二版"
    )
    conn.close()
    assert window.context.programme.lock is not None  # reopened for writing


def test_restore_menu_action_is_in_the_file_menu(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    texts = [a.text() for a in window.file_menu.actions()]
    assert "从备份恢复…" in texts and "合并交换包…" in texts and "导出交换包…" in texts


def test_periodic_backup_timer(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    assert window.open_path(tmp_path / "p.db", create=True)
    now = [0.0]
    window.safety.periodic.clock = lambda: now[0]
    window.safety.periodic._first_change_at = None
    window.context.db["programme_info"].upsert({"key": "x", "value": "1"}, pk="key")
    assert window.safety.tick() is None
    now[0] = 30 * 60
    with qtbot.waitSignal(window.context.data_changed) as signal:
        assert window.safety.tick() is not None
    assert signal.args == ["backup"]


def test_merge_dialog_lets_the_organiser_choose_per_conflict(qtbot, tmp_path):
    a, window = two_laptops(qtbot, tmp_path)
    db = window.context.db
    db.execute("INSERT INTO t_teams VALUES ('1', '精算先锋队')")
    export_bundle(a.db, tmp_path / "a.json", "登记台")
    a.close()
    dialog = window.safety.merge_from(tmp_path / "a.json", show=False)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert "精算先锋队 → 精算先锋" in dialog.view.model().index(0, 2).data()
    created = re.search(r"（(.*?)）", dialog.summary.text()).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", created), created
    dialog.view.selectRow(0)
    dialog.theirs_button.click()
    assert dialog.view.model().index(0, 3).data() == "采用交换包"
    dialog.merge_button.click()
    assert dialog.result.applied
    assert dict(window.context.db.execute("SELECT id, name FROM t_teams").fetchall()) == {
        "1": "精算先锋",
        "2": "保险小卫士",
    }
    # the same bundle again: nothing to add, nothing to choose
    again = window.safety.merge_from(tmp_path / "a.json", show=False)
    qtbot.addWidget(again)
    assert again.model.rowCount() == 0 and "新增 0 条" in again.summary.text()


def test_broken_bundle_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    assert window.open_path(tmp_path / "b.db", create=True)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    assert window.safety.merge_from(tmp_path / "x.json", show=False) is None
    assert "x.json" in shown[0]


def test_a_file_on_a_read_only_place_offers_read_only_instead_of_crashing(
    qtbot, tmp_path, monkeypatch
):
    # A write-protected USB stick: the lock file could not be made and the OSError reached
    # the crash dialog; a file without write permission failed as "damaged".
    import errno

    from outreach.storage import database

    path = tmp_path / "p.db"
    named_file(path, "U盘上的活动").close()
    before = path.read_bytes()

    def read_only_media(programme_path, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(lock_path_for(programme_path)))

    monkeypatch.setattr(database, "acquire", read_only_media)
    asked = []
    monkeypatch.setattr(
        file_opening, "ask_read_only_place", lambda parent, error: asked.append(error) or True
    )
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path)
    assert "只读" in asked[0].message.render() and "p.db" in asked[0].message.render()
    assert window.context.programme.read_only
    assert window.context.programme.name == "U盘上的活动"
    home = window.page("home")
    home.reload()
    assert "（（" not in home.file_label.text() and "只读" in home.file_label.text()
    window.context.replace_programme(None)
    # no write permission on the file itself: asked the same way, before anything is touched
    monkeypatch.setattr(database.os, "access", lambda p, mode: False)
    monkeypatch.setattr(file_opening, "ask_read_only_place", lambda parent, error: False)
    assert not window.open_path(path)
    assert window.context.programme is None
    assert path.read_bytes() == before


def test_merge_conflicts_name_tables_and_fields_in_the_window_language(qtbot):
    # The conflicts table read "teams | notes: A → B" in the Chinese window.
    from outreach import i18n
    from outreach.exchange.merge import Conflict
    from ui.merge_dialog import COLUMNS, ConflictRow

    mine = {"id": "t1", "name": "启明队", "notes": "A的备注", "updated_at": "2026-12-01T09:00"}
    theirs = {**mine, "notes": "B的备注", "updated_at": "2026-12-02T10:00"}
    row = ConflictRow(Conflict("teams", ("t1",), mine, theirs))
    table_column = COLUMNS[0]
    assert table_column.text(row) == "参赛队伍"
    assert row.changes() == "备注：A的备注 → B的备注"  # not the bookkeeping time
    i18n.set_language("en")
    assert table_column.text(row) == "teams"
    assert row.changes() == "notes: A的备注 → B的备注"


def test_a_file_open_read_only_is_not_restored_under_the_window_that_holds_it(
    qtbot, tmp_path, monkeypatch
):
    # File ▸ Restore… stayed enabled for a file opened read-only because another window
    # holds it, and replaced the file under that window.
    path = tmp_path / "p.db"
    programme = named_file(path, "登记台")
    backup = programme.backup("manual")
    programme.db["programme_info"].upsert({"key": "name", "value": "登记台（之后）"}, pk="key")
    programme.close()
    held_by_another_window(path)
    monkeypatch.setattr(file_opening, "ask_read_only", lambda parent, locked: True)
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path)
    assert window.context.programme.read_only
    assert not window.safety.restore_action.isEnabled()
    before = path.read_bytes()
    assert window.safety.restore(backup) is None
    assert path.read_bytes() == before
    assert window.context.programme.name == "登记台（之后）"


def test_the_demo_held_empty_by_another_window_is_shown_read_only_not_written(
    qtbot, tmp_path, monkeypatch
):
    # fill_demo wrote into the read-only connection: "attempt to write a readonly database".
    path = tmp_path / "demo.outreach.db"
    open_programme(path).close()
    held_by_another_window(path)
    monkeypatch.setattr(file_opening, "ask_read_only", lambda parent, locked: True)
    window = make_window(qtbot, tmp_path)
    assert window.open_demo(path)
    assert window.context.programme.read_only


def test_a_new_programme_in_a_read_only_folder_is_refused_without_offering_read_only(
    qtbot, tmp_path, monkeypatch
):
    import errno

    from outreach.storage import database

    def read_only_media(programme_path, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(lock_path_for(programme_path)))

    monkeypatch.setattr(database, "acquire", read_only_media)
    asked, warnings = [], []
    monkeypatch.setattr(
        file_opening, "ask_read_only_place", lambda parent, error: asked.append(error) or True
    )
    monkeypatch.setattr(file_opening, "warn", lambda parent, title, text: warnings.append(text))
    window = make_window(qtbot, tmp_path)
    assert not window.open_path(tmp_path / "new.db", create=True)
    assert not asked  # nothing there to look at read-only
    assert len(warnings) == 1 and "只读" in warnings[0] and str(tmp_path) in warnings[0]
    assert "不存在" not in warnings[0]


def test_merge_dialog_counts_deletions_and_names_a_deleted_row_edited_here(qtbot, tmp_path):
    from outreach.exchange.merge import merge_bundle

    a, window = two_laptops(qtbot, tmp_path)
    db = window.context.db
    assert merge_bundle(db, export_bundle(a.db, tmp_path / "a1.json", "登记台")).applied
    a.db.execute("DELETE FROM t_teams")
    export_bundle(a.db, tmp_path / "a2.json", "登记台")
    a.close()
    with db.atomic():
        db.execute("UPDATE t_teams SET name = '精算先锋队' WHERE id = '1'")
    dialog = window.safety.merge_from(tmp_path / "a2.json", show=False)
    qtbot.addWidget(dialog)
    assert "将删除" in dialog.summary.text() and "t_teams 1 条" in dialog.summary.text()
    assert dialog.model.rowCount() == 1
    assert dialog.view.model().index(0, 1).data() == "精算先锋队"
    assert "另一台电脑已删除" in dialog.view.model().index(0, 2).data()
    dialog.merge_button.click()  # keep mine by default: the edited team stays
    assert dialog.result.applied
    assert dict(db.execute("SELECT id, name FROM t_teams").fetchall()) == {"1": "精算先锋队"}
