"""Binding widget texts to catalog keys so a language switch re-labels everything in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outreach.i18n import tr


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
