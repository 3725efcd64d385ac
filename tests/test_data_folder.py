"""A user data folder that cannot be written or created: the window and the command line
still start; settings are kept for the session, the log goes to stderr, the cache is skipped,
and the window says so once."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from outreach import i18n
from outreach.cli import main as cli_main
from ui import errors
from ui.settings import AppSettings

ROOT = Path(__file__).resolve().parent.parent


def unusable_folder(tmp_path: Path) -> Path:
    """A folder path under a regular file: it can be neither created nor written."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    return blocker / "data"


def test_settings_are_kept_in_memory_when_the_folder_cannot_be_made(tmp_path):
    settings = AppSettings(unusable_folder(tmp_path) / "settings.ini")
    assert isinstance(settings.problem, NotADirectoryError)
    settings.language = "en"
    settings.add_recent(tmp_path / "a.db")
    settings.sync()
    assert settings.language == "en"
    assert settings.recent_files == [str((tmp_path / "a.db").resolve())]
    assert AppSettings(tmp_path / "ok" / "settings.ini").problem is None


def test_settings_in_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    settings = AppSettings(tmp_path / "settings.ini")
    assert isinstance(settings.problem, PermissionError)
    settings.print_language = "en"
    assert settings.print_language == "en"
    assert not (tmp_path / "settings.ini").exists()


def test_the_log_goes_to_stderr(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(unusable_folder(tmp_path)))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        problem = errors.setup_logging()
        assert isinstance(problem, OSError)
        assert errors.logging_problem() is problem
        added = [h for h in root.handlers if h not in before]
        assert [type(h) for h in added] == [logging.StreamHandler]
        i18n.set_language("en")
        text = errors.data_folder_warning(problem)
        assert str(unusable_folder(tmp_path)) in text
        assert "part of the path is not a folder" in text
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "fine"))
        errors.setup_logging()
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_command_line_works_without_a_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(unusable_folder(tmp_path)))
    db = tmp_path / "p.db"
    assert cli_main(["--db", str(db), "demo"]) == 0
    assert cli_main(["--db", str(db), "check"]) == 0
    # the default programme file lives in the data folder: a clear refusal, not a traceback
    assert cli_main(["demo"]) == 1
    assert "Traceback" not in capsys.readouterr().err


WINDOW_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app, errors

shown = []

def warn(parent, problem):
    shown.append(errors.data_folder_warning(problem))
    QTimer.singleShot(0, QApplication.quit)

errors.warn_data_folder = warn
QTimer.singleShot(20000, QApplication.quit)
status = app.run(["main.py", "--db", sys.argv[1]])
print("WARNINGS", len(shown))
print(shown[0] if shown else "")
sys.exit(status)
"""


def test_window_starts_and_warns_once(tmp_path):
    env = dict(os.environ, OUTREACH_DATA_DIR=str(unusable_folder(tmp_path)))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LANG"] = "en_US.UTF-8"
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_SCRIPT, str(tmp_path / "p.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "WARNINGS 1" in result.stdout
    assert str(unusable_folder(tmp_path)) in result.stdout


def test_settings_page_says_the_log_goes_to_stderr(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from ui.app import make_application
    from ui.context import AppContext
    from ui.pages.settings import SettingsPage

    make_application([])
    monkeypatch.setattr(errors, "_log_problem", NotADirectoryError(20, "Not a directory"))
    page = SettingsPage(AppContext(AppSettings(tmp_path / "settings.ini")))
    qtbot.addWidget(page)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert "标准错误（终端）：数据文件夹无法写入" in texts
