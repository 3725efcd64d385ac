"""Starting the window: Qt application, bundled fonts, language, error handling, programme."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from outreach import APP_NAME, i18n
from outreach.locations import (
    default_programme_path,
    folder_problem,
    split_db_option,
    user_data_dir,
)
from ui.context import AppContext
from ui.errors import install_excepthook, setup_logging
from ui.qt_fonts import BundledFontLoading
from ui.qt_translations import QtStandardTexts
from ui.settings import AppSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def choose_language(settings: AppSettings) -> str:
    return settings.language or i18n.normalise_language(QLocale.system().name())


def make_application(argv: Sequence[str]) -> QApplication:
    app, fonts = start_application(argv)
    fonts.finish(app)
    return app


def start_application(argv: Sequence[str]) -> tuple[QApplication, BundledFontLoading]:
    """The application, with the bundled fonts still loading (``finish`` before any text)."""
    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("OutreachDesk")
    fonts = BundledFontLoading()
    return app, fonts


def first_programme(window: MainWindow, settings: AppSettings, db: str | None) -> None:
    """--db wins; then the last file used; then the default file; else the welcome choices."""
    if db:
        window.open_path(Path(db), create=True)
        return
    last = settings.last_programme
    if last and Path(last).exists() and window.open_path(Path(last)):
        return
    default = default_programme_path()
    if default.exists():
        window.open_path(default)
        return
    from ui.welcome import WelcomeDialog

    # A data folder that cannot be written (the window has said so) cannot hold the default
    # file: a new programme is saved where the organiser chooses, as File ▸ New does.
    unusable = folder_problem(default.parent) is not None
    welcome = WelcomeDialog(window)
    welcome.exec()
    if welcome.choice == WelcomeDialog.OPEN:
        window.choose_and_open()
    elif welcome.choice == WelcomeDialog.DEMO:
        # A try-out needs no chosen place: the temporary folder when the data folder is unusable.
        import tempfile  # not on the start-up path

        demo_folder = Path(tempfile.gettempdir()) if unusable else user_data_dir()
        window.open_demo(demo_folder / "demo.outreach.db")
    elif welcome.choice == WelcomeDialog.NEW and unusable:
        window.new_programme()
    if window.context.programme is None and not unusable:
        window.open_path(default, create=True)


def resume_garbage_collection() -> None:
    gc.freeze()
    gc.enable()


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    db, _rest = split_db_option(argv[1:])
    # Start-up makes tens of thousands of objects that live as long as the window; the cyclic
    # collector would walk them over and over and free nothing. It resumes once the window
    # has shown, with those objects frozen out of its way.
    gc.disable()
    log_problem = setup_logging()
    app, fonts = start_application(argv)
    # The window's modules are imported while the fonts load on their thread.
    from ui.main_window import MainWindow

    settings = AppSettings()
    i18n.set_language(choose_language(settings))
    install_excepthook()
    context = AppContext(settings, starting=True)
    context.when_shown(resume_garbage_collection)
    qt_texts = QtStandardTexts(app)
    qt_texts.apply(i18n.current_language())
    context.language_changed.connect(qt_texts.apply)
    fonts.finish(app)
    window = MainWindow(context)
    window.show()
    # A data folder that cannot be written: settings live in memory, the log goes to stderr,
    # the cache is skipped. The organiser is told once, before anything else is asked (the
    # welcome's new programme would go into that folder).
    data_problem = settings.problem or log_problem
    if data_problem is not None:
        from ui import errors

        errors.warn_data_folder(window, data_problem)
    first_programme(window, settings, db)
    # After the first paint: the work held while starting (Home's figures, on-open backup).
    QTimer.singleShot(0, context.window_shown)
    # Closing the programme releases its single-writer lock for the next window.
    app.aboutToQuit.connect(lambda: context.programme and context.programme.close())
    return app.exec()
