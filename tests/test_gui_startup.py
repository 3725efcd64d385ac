"""First run, the welcome choices, and the uncaught-exception dialog."""

from __future__ import annotations

import sys

from outreach.locations import default_programme_path, user_data_dir
from ui import app as ui_app
from ui import errors
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.welcome import WelcomeDialog


def window_for(qtbot, tmp_path):
    ui_app.make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window


def choose(monkeypatch, choice):
    def fake_exec(dialog):
        dialog.choice = choice
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)


def test_first_run_offers_the_demo_and_opens_it(qtbot, tmp_path, monkeypatch):
    window = window_for(qtbot, tmp_path)
    choose(monkeypatch, WelcomeDialog.DEMO)
    ui_app.first_programme(window, window.context.settings, None)
    programme = window.context.programme
    assert programme.path == user_data_dir() / "demo.outreach.db"
    assert programme.name == "保险知识进社区 2026"
    assert window.context.settings.last_programme == str(programme.path.resolve())


def test_first_run_new_empty_programme_uses_the_default_file(qtbot, tmp_path, monkeypatch):
    window = window_for(qtbot, tmp_path)
    choose(monkeypatch, WelcomeDialog.NEW)
    ui_app.first_programme(window, window.context.settings, None)
    assert window.context.programme.path == default_programme_path()
    assert default_programme_path().exists()


def test_next_run_reopens_the_last_file_without_the_welcome(qtbot, tmp_path, monkeypatch):
    window = window_for(qtbot, tmp_path)
    choose(monkeypatch, WelcomeDialog.DEMO)
    ui_app.first_programme(window, window.context.settings, None)
    path = window.context.programme.path
    window.context.replace_programme(None)

    def no_welcome(dialog):
        raise AssertionError("the welcome must not show again")

    monkeypatch.setattr(WelcomeDialog, "exec", no_welcome)
    again = window_for(qtbot, tmp_path)
    ui_app.first_programme(again, again.context.settings, None)
    assert again.context.programme.path == path


def test_db_argument_wins(qtbot, tmp_path):
    window = window_for(qtbot, tmp_path)
    ui_app.first_programme(window, window.context.settings, str(tmp_path / "chosen.db"))
    assert window.context.programme.path == tmp_path / "chosen.db"


def test_uncaught_exception_is_logged_and_shown(qtbot, tmp_path, monkeypatch):
    ui_app.make_application([])
    errors.setup_logging()
    shown = []
    monkeypatch.setattr(
        errors, "show_error_dialog", lambda summary, details: shown.append((summary, details))
    )
    errors.install_excepthook()
    try:
        raise ValueError("boom at the scoring desk")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    assert shown and "boom at the scoring desk" in shown[0][0]
    assert "Traceback" in shown[0][1]
    log_text = errors.log_path().read_text(encoding="utf-8")
    assert "boom at the scoring desk" in log_text


def test_errors_raised_while_the_error_dialog_is_open_are_logged_not_stacked(
    qtbot, tmp_path, monkeypatch
):
    # A failing slot on a timer raised again behind the modal dialog: one dialog per tick.
    ui_app.make_application([])
    errors.setup_logging()
    shown = []

    def show(summary, details):
        shown.append(summary)
        try:
            raise RuntimeError("again, behind the dialog")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())

    monkeypatch.setattr(errors, "show_error_dialog", show)
    errors.install_excepthook()
    try:
        for _ in range(2):
            try:
                raise ValueError("first")
            except ValueError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    assert len(shown) == 2 and all("first" in s for s in shown)
    assert "again, behind the dialog" in errors.log_path().read_text(encoding="utf-8")


def test_new_on_the_welcome_asks_where_when_the_data_folder_cannot_be_written(
    qtbot, tmp_path, monkeypatch
):
    # It tried the default file in the unusable folder anyway and failed (after the window had
    # already said the folder cannot be written).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(blocker / "data"))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: None)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: None)
    target = tmp_path / "春季活动.outreach.db"
    asked = []

    def save_dialog(*args, **kwargs):
        asked.append(args)
        return (str(target), "") if len(asked) == 1 else ("", "")  # then cancelled

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("春季", True))
    choose(monkeypatch, WelcomeDialog.NEW)
    for settings in ("first.ini", "second.ini"):
        window = window_for(qtbot, tmp_path / settings)
        tried = []
        real_open = window.open_path
        monkeypatch.setattr(
            window,
            "open_path",
            lambda p, tried=tried, real_open=real_open, **k: tried.append(p) or real_open(p, **k),
        )
        ui_app.first_programme(window, window.context.settings, None)
        assert default_programme_path() not in tried
        if settings == "first.ini":
            assert tried == [target]
            assert window.context.programme.path == target
            assert window.context.programme.name == "春季"
            window.context.replace_programme(None)
        else:  # the save dialog cancelled: no programme, and no try at the default file
            assert tried == [] and window.context.programme is None
    assert len(asked) == 2


def test_demo_on_the_welcome_goes_to_the_temporary_folder_when_the_data_folder_cannot_be_written(
    qtbot, tmp_path, monkeypatch
):
    # It tried demo.outreach.db in the unusable folder and failed.
    import tempfile

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(blocker / "data"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: None)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: None)
    choose(monkeypatch, WelcomeDialog.DEMO)
    window = window_for(qtbot, tmp_path / "settings")
    ui_app.first_programme(window, window.context.settings, None)
    programme = window.context.programme
    assert programme is not None
    assert programme.path == tmp_path / "tmp" / "demo.outreach.db"
    assert programme.name == "保险知识进社区 2026"
