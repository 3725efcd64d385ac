"""Progress and cancellation for long domain work, usable with or without a GUI."""

from __future__ import annotations

from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside long work when the user pressed Cancel; the caller rolls back."""


class Progress:
    """Passed into long operations: they call ``step`` and the UI's task runner listens.

    ``on_step(done, total, label)`` runs in the worker thread; the UI forwards it with a
    queued signal. ``cancel()`` may be called from any thread.
    """

    def __init__(self, on_step: Callable[[int, int, str], None] | None = None) -> None:
        self._on_step = on_step
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def step(self, done: int, total: int, label: str = "") -> None:
        if self._cancelled:
            raise Cancelled()
        if self._on_step is not None:
            self._on_step(done, total, label)


NO_PROGRESS = Progress()
