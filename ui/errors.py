"""Uncaught exceptions: logged with the traceback and shown in a dialog naming the log file.
Every write is a transaction, so an error in the middle of an action leaves saved data whole."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication

from outreach.i18n import tr
from outreach.locations import log_dir

log = logging.getLogger("outreach")


# Why the log goes to standard error instead of its file (the data folder cannot be written).
_log_problem: OSError | None = None


def setup_logging() -> OSError | None:
    """Log to ``outreach.log`` in the user data folder; if that folder cannot be written, to
    standard error, returning why (the window warns once)."""
    global _log_problem
    path = log_path()
    problem: OSError | None = None
    handler: logging.Handler
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        _log_problem = None
    except OSError as exc:
        problem = _log_problem = exc
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return problem


def log_path() -> Path:
    return log_dir() / "outreach.log"


def logging_problem() -> OSError | None:
    """Why the log file could not be made (the log goes to standard error), else None."""
    return _log_problem


def data_folder_warning(problem: OSError) -> str:
    """What the window says once when the user data folder cannot be written."""
    from outreach.atomic_files import os_reason
    from outreach.locations import user_data_dir

    return tr("data_folder.unusable", folder=str(user_data_dir()), reason=os_reason(problem))


def warn_data_folder(parent, problem: OSError) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, tr("data_folder.unusable.title"), data_folder_warning(problem))


def describe_error(error: BaseException) -> str:
    """What a failed action says to the organiser: the domain's translated message, or the
    file and reason of an OSError (not "[Errno 17] File exists: '…'"), else the error's text."""
    message = getattr(error, "message", None)
    if message is not None and hasattr(message, "render"):
        return message.render()
    if isinstance(error, OSError):
        from outreach.atomic_files import os_error_message

        return os_error_message(error).render()
    return str(error) or type(error).__name__


def show_error_dialog(summary: str, details: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("error.title"))
    box.setText(summary)
    if _log_problem is None:
        box.setInformativeText(tr("error.informative", log=str(log_path())))
    else:
        box.setInformativeText(tr("error.informative.stderr"))
    box.setDetailedText(details)
    # wide enough that the log file's path is not broken over three lines
    from PySide6.QtWidgets import QGridLayout, QSizePolicy, QSpacerItem

    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(520, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())
    box.exec()


def install_excepthook() -> None:
    showing = False

    def hook(exc_type, exc, tb) -> None:
        nonlocal showing
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if showing:
            # An error while the dialog is open (a timer, a repaint failing over and over) is
            # logged only: a pile of modal dialogs would bury the window.
            return
        showing = True
        try:
            show_error_dialog(tr("error.unexpected", detail=str(exc) or exc_type.__name__), details)
        finally:
            showing = False

    sys.excepthook = hook
