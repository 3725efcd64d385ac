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


def setup_logging() -> Path:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "outreach.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def log_path() -> Path:
    return log_dir() / "outreach.log"


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
    box.setInformativeText(tr("error.informative", log=str(log_path())))
    box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    def hook(exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception\n%s", details)
        if QApplication.instance() is not None:
            show_error_dialog(tr("error.unexpected", detail=str(exc) or exc_type.__name__), details)
        else:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook
