"""The question asked before printing names the font cannot draw (shared by the pages that
print them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from outreach.printing.font_doctor import MissingCharacter


def go_on_despite_missing(
    parent: QWidget | None, title: str, intro: str, missing: Sequence[MissingCharacter]
) -> bool:
    """Shows ``intro`` and the first 12 characters the font lacks; True if the organiser chooses
    to print all the same (Cancel is the default)."""
    lines = [item.describe().render() for item in missing[:12]]
    answer = QMessageBox.warning(
        parent,
        title,
        "\n".join([intro, *lines]),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
