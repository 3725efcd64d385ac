"""Per-user settings (language, recent files, window geometry) in an INI file in the user
data folder, so tests can point OUTREACH_DATA_DIR at a temporary folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from outreach.i18n import DEFAULT_PRINT_LANGUAGE, LANGUAGES
from outreach.locations import folder_problem, user_data_dir

MAX_RECENT = 8


class _SessionSettings:
    """Settings kept in memory for this session: the data folder cannot be written."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def value(self, key: str, default=None):
        return self._values.get(key, default)

    def setValue(self, key: str, value) -> None:  # QSettings' name
        self._values[key] = value

    def sync(self) -> None:
        pass


class AppSettings:
    def __init__(self, path: Path | None = None) -> None:
        path = path or user_data_dir() / "settings.ini"
        # Why the settings file cannot be kept (the window warns once); None when it can.
        self.problem = folder_problem(path.parent)
        if self.problem is not None:
            self._qsettings: QSettings | _SessionSettings = _SessionSettings()
            return
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str | None:
        value = self._qsettings.value("ui/language", "")
        return value if value in LANGUAGES else None

    @language.setter
    def language(self, value: str) -> None:
        self._qsettings.setValue("ui/language", value)

    @property
    def print_language(self) -> str:
        """The language printouts are made in (Chinese unless the user chose otherwise)."""
        value = self._qsettings.value("print/language", "")
        return value if value in LANGUAGES else DEFAULT_PRINT_LANGUAGE

    @print_language.setter
    def print_language(self, value: str) -> None:
        self._qsettings.setValue("print/language", value)

    @property
    def recent_files(self) -> list[str]:
        value = self._qsettings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        recent = [text] + [p for p in self.recent_files if p != text]
        self._qsettings.setValue("files/recent", recent[:MAX_RECENT])

    def remove_recent(self, path: str | Path) -> None:
        text = str(path)
        self._qsettings.setValue("files/recent", [p for p in self.recent_files if p != text])

    def clear_recent(self) -> None:
        self._qsettings.setValue("files/recent", [])

    @property
    def last_programme(self) -> str | None:
        value = self._qsettings.value("files/last", "")
        return str(value) if value else None

    @last_programme.setter
    def last_programme(self, value: Path) -> None:
        self._qsettings.setValue("files/last", str(Path(value).resolve()))

    def geometry(self) -> QByteArray | None:
        value = self._qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._qsettings.setValue("window/geometry", value)

    def value(self, key: str, default=None):
        return self._qsettings.value(key, default)

    def set_value(self, key: str, value) -> None:
        self._qsettings.setValue(key, value)

    def sync(self) -> None:
        self._qsettings.sync()
