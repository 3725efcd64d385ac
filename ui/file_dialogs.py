"""Save-file dialogs shared by every page and the File menu: the name comes back with the
extension of the chosen filter when the organiser typed none (``名单`` becomes ``名单.xlsx``,
``report.v2`` becomes ``report.v2.xlsx``), so the file opens in the program it is for."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from outreach.i18n import tr

# ``*.xlsx`` or ``*.outreach.db`` inside a filter's brackets; a bare ``*`` matches nothing
_PATTERN = re.compile(r"\*((?:\.[A-Za-z0-9]+)+)")


def filter_extensions(filters: str) -> list[str]:
    """The extensions a file dialog's filter string offers, in order: ``"Excel (*.xlsx);;CSV
    (*.csv)"`` gives ``[".xlsx", ".csv"]``, ``"(*.db *.outreach.db)"`` gives ``[".db",
    ".outreach.db"]`` (``*`` wildcards give none)."""
    return [ext.lower() for ext in _PATTERN.findall(filters)]


def with_extension(path: str, filters: str, selected: str = "") -> str:
    """``path`` as typed, or with the extension of the chosen filter (else the first filter's)
    appended when it ends in none of the filters' extensions. A name typed while "All files
    (*)" is chosen stays as typed."""
    allowed = filter_extensions(filters)
    if not path or not allowed or any(path.lower().endswith(ext) for ext in allowed):
        return path
    if selected and not filter_extensions(selected):
        return path  # the organiser chose "All files"
    chosen = filter_extensions(selected) or allowed
    return path + chosen[0]


def save_file_name(
    parent: QWidget | None, title: str, suggested: str, filters: str, ask_replace: bool = True
) -> str:
    """Ask where to save; the name comes back with its extension (see ``with_extension``). If
    adding the extension names a file that already exists, the organiser is asked first, as
    the dialog would have done for the name typed (unless ``ask_replace`` is off: a caller
    that never replaces a file says so itself, and the dialog does not ask "replace?" either,
    which would promise what the caller then refuses)."""
    if ask_replace:
        typed, selected = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    else:
        typed, selected = QFileDialog.getSaveFileName(
            parent, title, suggested, filters, "", QFileDialog.Option.DontConfirmOverwrite
        )
    path = with_extension(typed, filters, selected)
    if ask_replace and path != typed and Path(path).exists():
        answer = QMessageBox.question(
            parent,
            title,
            tr("file.replace", path=path),
            defaultButton=QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return ""
    return path


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters_key: str) -> str:
    """``save_file_name`` with the filters of the catalog key ``filters_key``."""
    return save_file_name(parent, title, suggested, tr(filters_key))
