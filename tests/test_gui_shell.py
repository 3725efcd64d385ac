"""The main window: every page visited, language switched in place, files opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from outreach import i18n
from outreach.storage import open_programme
from ui.app import make_application
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings

PAGE_IDS = ["home", "teams", "exam", "final", "events", "inventory", "budget", "print", "settings"]


@pytest.fixture
def warnings(monkeypatch):
    """The texts of the warning boxes shown (none is shown to wait on an answer)."""
    shown = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    return shown


def make_window(qtbot, tmp_path, demo=True):
    make_application([])
    settings = AppSettings(tmp_path / "settings.ini")
    context = AppContext(settings)
    window = MainWindow(context)
    qtbot.addWidget(window)
    path = tmp_path / "p.db"
    if demo:
        assert window.open_demo(path)
    else:
        assert window.open_path(path, create=True)
    window.show()
    return window


def test_every_page_is_reachable_and_titled(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    assert [p.page_id for p in window.pages] == PAGE_IDS
    for row, page in enumerate(window.pages):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is page
        assert window.nav.item(row).text() == page.title() != page.title_key


def test_language_switch_relabels_in_place_and_keeps_the_programme(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    programme = window.context.programme
    assert window.nav.item(0).text() == "首页"
    settings_page = window.go_to("settings")
    box = settings_page.language_box
    box.setCurrentIndex(box.findData("en"))
    assert i18n.current_language() == "en"
    assert window.nav.item(0).text() == "Home"
    assert window.file_menu.title() == "&File"
    assert window.context.programme is programme
    assert window.context.settings.language == "en"
    for page_id in ("teams", "inventory", "budget", "print", "settings"):
        heading = window.page(page_id).findChild(QLabel, "pageHeading")
        assert heading.text() == i18n.tr(f"nav.{page_id}"), page_id
        assert heading.text().isascii()
    box.setCurrentIndex(box.findData("zh_CN"))
    assert window.nav.item(0).text() == "首页"


def test_home_shows_the_programme_name_and_recent_files_remember_it(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    home = window.page("home")
    assert home.heading.text() == "保险知识进社区 2026"
    assert str((tmp_path / "p.db").resolve()) in window.context.settings.recent_files
    assert window.windowTitle().startswith("保险知识进社区 2026")


def test_opening_a_damaged_file_warns_and_keeps_the_current_one(qtbot, tmp_path, warnings):
    window = make_window(qtbot, tmp_path, demo=False)
    current = window.context.programme
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 300)
    assert not window.open_path(bad)
    assert warnings and "bad.db" in warnings[0]
    assert window.context.programme is current


def test_geometry_is_remembered(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, demo=False)
    window.resize(700, 520)
    window.close()
    again = MainWindow(window.context)
    qtbot.addWidget(again)
    assert again.size().width() == 700


def test_save_a_copy_writes_a_snapshot(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    target = tmp_path / "copy.db"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    window.save_copy()
    copy = open_programme(target, backup_on_open=False)
    assert copy.name == "保险知识进社区 2026"
    copy.close()


def test_pages_are_built_when_first_shown(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    assert set(window._built) == {0}  # only Home at start-up
    window.nav.setCurrentRow(2)
    assert 2 in window._built
    assert window.stack.currentWidget() is window.page("exam")


def test_page_entries_match_their_classes():
    from ui.pages import PAGES

    for entry in PAGES:
        page_class = entry.load()
        assert page_class.page_id == entry.page_id
        assert page_class.title_key == entry.title_key


def test_the_programme_report_prints_from_the_file_menu_in_the_printout_language(qtbot, tmp_path):
    import pypdfium2 as pdfium

    window = make_window(qtbot, tmp_path)
    assert window.report_action.isEnabled() and window.report_action in window.file_menu.actions()
    window.context.set_print_language("en")
    target = tmp_path / "report.pdf"
    task = window.print_report(str(target))
    qtbot.waitUntil(lambda: task.result is not None, timeout=30000)
    assert task.result == target
    pdf = pdfium.PdfDocument(str(target))
    text = pdf[0].get_textpage().get_text_range()
    assert "Programme Report" in text and "保险知识进社区 2026" in text


def test_opening_another_file_asks_about_an_unsaved_certificate_design(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    window = make_window(qtbot, tmp_path)
    designer = window.go_to("print").designer
    designer._select_element("title")
    designer.remove_action.trigger()
    assert designer.dirty
    first = window.context.programme
    designer.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    assert not window.open_path(tmp_path / "other.db", create=True)
    assert window.context.programme is first and designer.dirty
    assert not (tmp_path / "other.db").exists()
    designer.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert window.open_path(tmp_path / "other.db", create=True)
    assert window.context.programme is not first


def test_the_window_fits_a_small_laptop_screen_in_both_languages(qtbot, tmp_path):
    """Student laptops are often 1366 × 768: with a taskbar and a title bar that leaves about
    1280 × 700 for the window, whichever page is shown and in either language."""
    window = make_window(qtbot, tmp_path)
    for language in ("zh_CN", "en"):
        window.context.set_language(language)
        for page in window.pages:
            window.go_to(page.page_id)
            hint = page.minimumSizeHint()
            assert hint.width() <= 1280 - window.nav.width(), (language, page.page_id, hint)
        smallest = window.minimumSizeHint()
        assert smallest.width() <= 1280 and smallest.height() <= 700, (language, smallest)
    window.context.set_language("zh_CN")


def test_file_menu_save_dialogs_add_the_missing_extension(qtbot, tmp_path, monkeypatch):
    """The bundle was written as typed (``desk2``, no ``.json``, which Merge's open dialog does
    not list), and so were a copy and a new programme without ``.db``."""
    window = make_window(qtbot, tmp_path)
    asked = []

    def answer(name):
        def dialog(_parent, title, _suggested, filters, *a, **k):
            asked.append(title)
            return str(tmp_path / name), filters.split(";;")[0]

        return dialog

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", answer("desk2"))
    assert window.safety.export_bundle() == tmp_path / "desk2.json"
    assert (tmp_path / "desk2.json").exists() and not (tmp_path / "desk2").exists()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", answer("desk.v2"))
    assert window.safety.export_bundle() == tmp_path / "desk.v2.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", answer("副本"))
    window.save_copy()
    assert (tmp_path / "副本.db").exists() and not (tmp_path / "副本").exists()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", answer("新活动"))
    monkeypatch.setattr(
        "PySide6.QtWidgets.QInputDialog.getText", lambda _p, _t, _l, _m, text: (text, True)
    )
    window.new_programme()
    assert window.context.programme.path == tmp_path / "新活动.db"
    assert len(asked) == 4
    # New never replaces a file: "新活动" again names 新活动.db, which is not replaced;
    # opening it instead is offered (declined here)
    asked_open = []

    def question(*a, **k):
        asked_open.append(a[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    window.context.replace_programme(None)
    window.new_programme()
    assert len(asked_open) == 1 and "新活动.db" in asked_open[0] and "打开" in asked_open[0]
    assert window.context.programme is None


def test_file_dialog_extensions_of_the_programme_filter():
    from ui.file_dialogs import filter_extensions, with_extension

    programmes = "Programme files (*.db *.outreach.db);;All files (*)"
    assert filter_extensions(programmes) == [".db", ".outreach.db"]
    assert with_extension("/d/a.outreach.db", programmes) == "/d/a.outreach.db"
    assert with_extension("/d/a.outreach", programmes) == "/d/a.outreach.db"
    assert with_extension("/d/a", programmes, "All files (*)") == "/d/a"  # chosen on purpose


def test_quitting_keeps_exam_settings_typed_but_not_saved(qtbot, tmp_path):
    # File ▸ Quit closed the window without asking the pages: typed points were lost.
    from outreach.exam.exams import exam_by_name

    window = make_window(qtbot, tmp_path)
    page = window.go_to("exam")
    page.tabs.setCurrentWidget(page.setup)
    page.setup.points_spins["single"].setValue(7)
    assert page.setup.has_unsaved_settings()
    window.quit_action.trigger()
    assert not window.isVisible()
    assert exam_by_name(window.context.db, "初赛").points_single == 7


def test_quitting_is_refused_while_a_page_keeps_unsaved_work(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    page = window.go_to("exam")
    monkeypatch.setattr(page, "may_leave_programme", lambda: False)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(page, "may_leave_programme", lambda: True)
    assert window.close()


def test_save_a_copy_to_a_place_that_cannot_be_written_warns_instead_of_crashing(
    qtbot, tmp_path, monkeypatch, warnings
):
    window = make_window(qtbot, tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("its folder is a file: not even root can write there")
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(blocker / "copy.db"), ""),
    )
    window.save_copy()
    assert window.safety.export_bundle(blocker / "x.bundle.json") is None
    assert len(warnings) == 2
    for text in warnings:
        assert str(blocker) in text and ".part" not in text and "Errno" not in text
    assert window.context.programme is not None


def test_a_recent_file_deleted_since_warns_once_and_leaves_the_list(qtbot, tmp_path, warnings):
    window = make_window(qtbot, tmp_path, demo=False)
    gone = tmp_path / "gone.db"
    window.open_path(gone, create=True)
    window.open_path(tmp_path / "p.db")
    assert str(gone.resolve()) in window.context.settings.recent_files
    for suffix in ("", "-wal", "-shm"):
        Path(f"{gone}{suffix}").unlink(missing_ok=True)
    action = next(a for a in window.recent_menu.actions() if a.text() == str(gone.resolve()))
    action.trigger()
    assert len(warnings) == 1 and "gone.db" in warnings[0]
    assert str(gone.resolve()) not in window.context.settings.recent_files
    assert str(gone.resolve()) not in [a.text() for a in window.recent_menu.actions()]
    assert window.context.programme.path == tmp_path / "p.db"


def test_restoring_a_backup_with_the_exam_page_open_raises_nothing(qtbot, tmp_path):
    # The exam entry rechecked its fields while the file was closed for the restore:
    # "RuntimeError: no programme is open" in the crash dialog.
    window = make_window(qtbot, tmp_path)
    window.go_to("exam")
    backup = window.context.programme.backup("manual")
    assert window.safety.restore(backup) is not None
    assert window.context.programme is not None
    assert window.page("exam").entry.exam is not None


def test_the_programme_report_to_a_place_that_cannot_be_written_says_where_and_why(
    qtbot, tmp_path, warnings
):
    # The warning read "[Errno 17] File exists: '…/r.pdf'" (English, in the Chinese window).
    window = make_window(qtbot, tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("its folder is a file")
    window.print_report(str(blocker / "report.pdf"))
    qtbot.waitUntil(lambda: bool(warnings), timeout=30000)
    assert str(blocker / "report.pdf") in warnings[0]
    assert "Errno" not in warnings[0] and "不是文件夹" in warnings[0]


def test_save_a_copy_over_the_open_file_itself_is_refused_and_later_edits_survive(
    qtbot, tmp_path, monkeypatch, warnings
):
    # The copy replaced the live file under its connection: edits made after it were lost
    # when the file was next opened.
    window = make_window(qtbot, tmp_path)
    path = tmp_path / "p.db"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )
    window.save_copy()
    assert window.safety.export_bundle(path) is None
    assert len(warnings) == 2 and all("p.db" in text for text in warnings)
    window.context.db.execute("UPDATE teams SET notes = '复制之后的备注'")
    window.context.replace_programme(None)
    again = open_programme(path, backup_on_open=False)
    notes = {row[0] for row in again.db.execute("SELECT notes FROM teams")}
    again.close()
    assert notes == {"复制之后的备注"}


def test_quitting_saves_a_table_cell_still_being_typed_in(qtbot, tmp_path):
    # A team's notes typed into the cell, then File ▸ Quit: the text was dropped.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    window = make_window(qtbot, tmp_path)
    window.activateWindow()
    view = window.go_to("teams").teams_view
    model = view.model()
    notes = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "备注"
    )
    index = model.index(0, notes)
    team = model.index(0, 1).data()
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    assert view.state() == QAbstractItemView.State.EditingState
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parentWidget() is view.viewport()
    editor.setText("还没按回车的备注")
    window.quit_action.trigger()
    assert not window.isVisible()
    saved = window.context.db.execute("SELECT notes FROM teams WHERE name = ?", [team]).fetchone()
    assert saved == ("还没按回车的备注",)


def test_a_language_switch_keeps_the_selected_rows_of_the_ledger_tables(qtbot, tmp_path):
    # Budget and Inventory read their rows again in the new language and lost the selection
    # (an organiser about to reverse an expense lost their place).
    from ui.inventory_views import row_key

    window = make_window(qtbot, tmp_path)
    budget = window.go_to("budget")
    inventory = window.go_to("inventory")
    chosen = {}
    for name, view in (
        ("expense", budget.expenses_view),
        ("category", budget.categories_view),
        ("item", inventory.items_view),
    ):
        view.selectRow(2)
        chosen[name] = (view, view.selected_row())
        assert chosen[name][1] is not None
    window.context.set_language("en")
    for name, (view, row) in chosen.items():
        assert view.selected_row() is not None, name
        assert row_key(view.selected_row()) == row_key(row), name
    window.context.set_language("zh_CN")


def test_quit_is_set_apart_from_the_bundle_actions_in_the_file_menu(qtbot, tmp_path):
    from itertools import pairwise

    window = make_window(qtbot, tmp_path, demo=False)
    actions = window.file_menu.actions()
    before_quit = actions[actions.index(window.quit_action) - 1]
    assert before_quit.isSeparator()
    texts = [a.text() for a in actions]
    separators = [i for i, a in enumerate(actions) if a.isSeparator()]
    assert all(b - a > 1 for a, b in pairwise(separators)), texts


def test_file_actions_that_need_a_programme_are_off_until_one_is_open(qtbot, tmp_path):
    make_application([])
    window = MainWindow(AppContext(AppSettings(tmp_path / "settings.ini")))
    qtbot.addWidget(window)
    assert not window.copy_action.isEnabled() and not window.report_action.isEnabled()
    assert not window.safety.bundle_action.isEnabled()
    assert window.open_path(tmp_path / "p.db", create=True)
    assert window.copy_action.isEnabled() and window.report_action.isEnabled()


def test_opening_a_bundle_as_a_programme_says_how_bundles_are_used(qtbot, tmp_path, warnings):
    # File ▸ Open on desk2.bundle.json said the file was damaged, to keep it and call for help.
    window = make_window(qtbot, tmp_path)
    bundle = window.safety.export_bundle(tmp_path / "desk2.bundle.json")
    before = bundle.read_bytes()
    current = window.context.programme
    assert not window.open_path(bundle)
    assert len(warnings) == 1 and "交换包" in warnings[0] and "合并交换包" in warnings[0]
    assert "损坏" not in warnings[0]
    assert window.context.programme is current
    assert bundle.read_bytes() == before


def test_quit_has_ctrl_q_where_the_platform_standard_is_empty(qtbot, tmp_path):
    # Qt's standard Quit key is empty on Windows: File ▸ Quit had no shortcut there.
    from PySide6.QtGui import QAction, QKeySequence

    from ui.main_window import set_shortcuts

    window = make_window(qtbot, tmp_path, demo=False)
    assert QKeySequence("Ctrl+Q") in window.quit_action.shortcuts()
    action = QAction(window)
    # a standard key with no binding on any platform stands in for Quit on Windows
    set_shortcuts(action, QKeySequence.StandardKey.UnknownKey, fallback="Ctrl+Q")
    assert action.shortcuts() == [QKeySequence("Ctrl+Q")]
    set_shortcuts(action, QKeySequence.StandardKey.Open, fallback="Ctrl+Q")
    assert QKeySequence("Ctrl+Q") not in action.shortcuts()  # the platform's own keys win


def test_settings_language_boxes_are_the_same_compact_width_in_both_languages(qtbot, tmp_path):
    # The interface-language box stretched across the page; the printout one stayed compact.
    window = make_window(qtbot, tmp_path, demo=False)
    page = window.go_to("settings")
    for language in ("zh_CN", "en"):
        window.context.set_language(language)
        qtbot.waitUntil(lambda: page.language_box.width() > 0)
        QApplication.processEvents()
        interface, printout = page.language_box, page.print_language.combo
        assert interface.width() == printout.width()
        assert interface.width() < page.width() // 3
    window.context.set_language("zh_CN")
