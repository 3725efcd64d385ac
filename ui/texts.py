"""Binding widget texts to catalog keys so a language switch re-labels everything in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from outreach.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QTabWidget


class TextBinder:
    """``bind(label.setText, "key", n=3)`` sets the text now and again on ``retranslate()``."""

    def __init__(self) -> None:
        self._bindings: list[tuple[Callable[[str], Any], str, dict[str, Any]]] = []

    def bind(self, setter: Callable[[str], Any], key: str, /, **params: Any) -> None:
        self._bindings.append((setter, key, params))
        setter(tr(key, **params))

    def retranslate(self) -> None:
        for setter, key, params in self._bindings:
            setter(tr(key, **params))

    def button(self, key: str, slot: Callable[[], object]) -> QPushButton:
        """A push button labelled by ``key`` that calls ``slot`` (without the checked flag)."""
        from PySide6.QtWidgets import QPushButton  # not on start-up's path: Home has none

        button = QPushButton()
        self.bind(button.setText, key)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def tab_titles(self, tabs: QTabWidget, keys: Sequence[str]) -> None:
        """Label ``tabs``' pages, in order, by ``keys``."""
        for index, key in enumerate(keys):
            self.bind(lambda text, i=index: tabs.setTabText(i, text), key)
