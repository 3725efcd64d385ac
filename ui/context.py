"""What every page is given: the open programme, the settings, and change notifications."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from outreach import i18n
from outreach.storage import Programme
from ui.settings import AppSettings


class AppContext(QObject):
    # A different programme file is open (or none): pages reload everything.
    programme_replaced = Signal()
    # Data changed; the topic names the concept ("teams", "events", "stock"…) so that other
    # pages (Home) can refresh what depends on it.
    data_changed = Signal(str)
    language_changed = Signal(str)
    # The language printouts are made in (independent of the UI language).
    print_language_changed = Signal(str)
    # A message for the status bar.
    status = Signal(str)

    def __init__(
        self, settings: AppSettings, programme: Programme | None = None, *, starting: bool = False
    ) -> None:
        super().__init__()
        self.settings = settings
        self.programme = programme
        # While the window starts, work that can wait (Home's figures, the on-open backup) is
        # held until the window has shown: worker threads share Python's lock with the GUI
        # thread and would slow the first paint. Afterwards such work starts at once.
        self._held: list[Callable[[], None]] | None = [] if starting else None

    def when_shown(self, work: Callable[[], None]) -> None:
        if self._held is None:
            work()
        else:
            self._held.append(work)

    def window_shown(self) -> None:
        """Start the work held during start-up (``ui.app.run`` calls this from the event loop)."""
        held, self._held = self._held or [], None
        for work in held:
            work()

    @property
    def db(self):
        if self.programme is None:
            raise RuntimeError("no programme is open")
        return self.programme.db

    def replace_programme(self, programme: Programme | None) -> None:
        old, self.programme = self.programme, programme
        if old is not None and old is not programme:
            old.close()
        self.programme_replaced.emit()

    def notify(self, topic: str) -> None:
        self.data_changed.emit(topic)

    @property
    def print_language(self) -> str:
        return self.settings.print_language

    def set_print_language(self, language: str) -> None:
        if language == self.settings.print_language:
            return
        self.settings.print_language = language
        self.print_language_changed.emit(language)

    def set_language(self, language: str) -> None:
        if language == i18n.current_language():
            return
        i18n.set_language(language)
        self.settings.language = language
        self.language_changed.emit(language)
