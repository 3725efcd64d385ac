"""Start-up: what the window does before it first shows, and the work it holds until then."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.context import AppContext
from ui.settings import AppSettings

ROOT = Path(__file__).resolve().parent.parent

# Starts the real window (ui.app.run) on a programme file and reports, once it has shown,
# which heavy modules were imported; then waits for Home's figures, read after the first paint.
CHILD = """
import gc
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app as ui_app
from ui.pages.home import HomePage
loaded = ui_app.first_programme
def first_programme(window, settings, db):
    loaded(window, settings, db)
    def shown():
        fonts = QApplication.font().families()
        print("shown", "sqlite_utils" in sys.modules, window.page("home").reading,
              "Noto Sans SC" in fonts, flush=True)
    QTimer.singleShot(0, shown)
    QTimer.singleShot(30000, QApplication.instance().quit)
ui_app.first_programme = first_programme
show_figures = HomePage._show_figures
def figures_shown(page, figures):
    show_figures(page, figures)
    print("figures", gc.isenabled(), gc.get_freeze_count() > 1000,
          page.boxes["competition"].text(), flush=True)
    QApplication.instance().quit()
HomePage._show_figures = figures_shown
sys.exit(ui_app.run(["main.py", "--db", {db!r}]))
"""


def test_work_held_while_starting_runs_once_the_window_has_shown(tmp_path):
    context = AppContext(AppSettings(tmp_path / "settings.ini"), starting=True)
    done = []
    context.when_shown(lambda: done.append("figures"))
    context.when_shown(lambda: done.append("backup"))
    assert done == []
    context.window_shown()
    assert done == ["figures", "backup"]
    context.when_shown(lambda: done.append("later"))  # after start-up: at once
    assert done[-1] == "later"


def test_work_is_not_held_outside_start_up(tmp_path):
    context = AppContext(AppSettings(tmp_path / "settings.ini"))
    done = []
    context.when_shown(lambda: done.append(1))
    assert done == [1]


def test_the_window_shows_before_sqlite_utils_is_imported_and_home_fills_after(tmp_path):
    from outreach.demo import fill_demo
    from outreach.storage import open_programme

    path = tmp_path / "demo.outreach.db"
    programme = open_programme(path)
    fill_demo(programme.db)
    programme.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OUTREACH_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(path))],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stderr
    # Shown with the programme open and the bundled CJK font in use (loaded on a thread while
    # the modules were imported), sqlite-utils not yet imported, Home's figures on their way.
    assert lines[0] == "shown False True True"
    # Then the figures, with the garbage collector (paused while starting) running again and
    # start-up's objects frozen out of its way.
    assert lines[1].startswith("figures True True") and "8" in lines[1]
    backups = list((tmp_path / "demo.outreach.db.backups").glob("*on-open*"))
    assert backups, "the on-open backup is taken once the window has shown"
