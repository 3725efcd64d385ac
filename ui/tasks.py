"""One background task runner: long work (imports, batch printing) off the GUI thread, with a
progress dialog and Cancel. The work is a function ``work(progress) -> result`` that calls
``progress.step(done, total, label)``; Cancel makes the next ``step`` raise ``Cancelled`` so
the domain code rolls back its transaction."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from outreach.i18n import tr
from outreach.progress import Cancelled, Progress


def window_modal():
    # Imported when first needed: the first use of the Qt namespace creates all its enums
    # (about 25 ms), which the window's start-up does without.
    from PySide6.QtCore import Qt

    return Qt.WindowModality.WindowModal


class _Signals(QObject):
    stepped = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self._tell(self._signals.cancelled)
        except Exception as exc:  # reported to the user by the on_error callback
            self._tell(self._signals.failed, exc, traceback.format_exc())
        else:
            self._tell(self._signals.succeeded, result)

    @staticmethod
    def _tell(signal, *args) -> None:
        # The window may have closed while the work ran (quitting mid-read): nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class Task(QObject):
    """A running task; keeps its signals alive until it ends."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.progress = Progress(on_step=self.signals.stepped.emit)
        self.result: Any = None
        self.error: Exception | None = None
        self.was_cancelled = False
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, tr("common.cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(window_modal())
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.progress.cancel)
        self._on_done, self._on_error, self._on_cancel = on_done, on_error, on_cancel
        # Bound methods, not lambdas: Qt drops the connections if the task's parent (a page,
        # a dialog) is destroyed before the work ends, so a late result touches nothing gone.
        self.signals.stepped.connect(self._stepped)
        self.signals.succeeded.connect(self._end)
        self.signals.failed.connect(self._fail)
        self.signals.cancelled.connect(self._cancelled)
        QThreadPool.globalInstance().start(_Runnable(work, self.signals, self.progress))

    def cancel(self) -> None:
        self.progress.cancel()

    def _stepped(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
            if label:
                self.dialog.setLabelText(label)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()

    def _end(self, result) -> None:
        self.result = result
        self._close_dialog()
        if self._on_done:
            self._on_done(result)
        self.finished.emit()

    def _fail(self, exc: Exception, text: str) -> None:
        self.error = exc
        self._close_dialog()
        if self._on_error:
            self._on_error(exc, text)
        else:
            raise exc
        self.finished.emit()

    def _cancelled(self) -> None:
        self.was_cancelled = True
        self._close_dialog()
        if self._on_cancel:
            self._on_cancel()
        self.finished.emit()


def run_task(parent: QWidget | None, title: str, work: Callable[[Progress], Any], **kwargs) -> Task:
    return Task(parent, title, work, **kwargs)
