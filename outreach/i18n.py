"""One translation mechanism for UI strings, domain messages and printouts.

Catalogs are JSON files in ``assets/i18n/``, one per concept, each mapping a key to its text in
every language::

    {"nav.home": {"zh_CN": "首页", "en": "Home"}}

Texts use ``str.format`` placeholders (``{name}``). Keeping both languages side by side in one
entry makes a missing translation visible in review, and tests/test_i18n.py checks that every
key has every language with the same placeholders and that every key used in code exists.
Qt is not involved, so the command line and the PDF printouts use the same catalogs.
"""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from outreach.locations import I18N_DIR

LANGUAGES = ("zh_CN", "en")
DEFAULT_PRINT_LANGUAGE = "zh_CN"
LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}

_catalog: dict[str, dict[str, str]] | None = None  # every catalog file
_first: dict[str, dict[str, str]] | None = None  # the files the window's first screen uses
_current = "zh_CN"

# Read before the others: the window's frame and Home's headings take their texts from these,
# and the others are read at the first key these lack (a few milliseconds of start-up).
FIRST_CATALOGS = ("shell.json", "safety.json", "core.json")


class CatalogError(ValueError):
    pass


def load_catalog(
    directory: Path = I18N_DIR, names: tuple[str, ...] | None = None
) -> dict[str, dict[str, str]]:
    """Read every catalog file (or those ``names``); a key defined twice is an error (two
    concepts fighting)."""
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    paths = sorted(directory.glob("*.json")) if names is None else [directory / n for n in names]
    for path in paths:
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CatalogError(f"{path.name}: {exc}") from exc
        for key, texts in entries.items():
            if key in merged:
                raise CatalogError(f"{path.name}: key {key!r} already defined in {origin[key]}")
            merged[key] = texts
            origin[key] = path.name
    return merged


def catalog() -> dict[str, dict[str, str]]:
    global _catalog
    if _catalog is None:
        _catalog = load_catalog()
    return _catalog


def _entry(key: str) -> dict[str, str] | None:
    global _first
    if _catalog is None:
        if _first is None:
            _first = load_catalog(I18N_DIR, FIRST_CATALOGS)
        entry = _first.get(key)
        if entry is not None:
            return entry
    return catalog().get(key)


def reload_catalog() -> None:
    global _catalog, _first
    _catalog = _first = None


def normalise_language(name: str | None) -> str:
    """Map a locale name (``zh_CN.UTF-8``, ``zh-Hans``, ``en_GB``…) to a supported language."""
    if not name:
        return "en"
    lowered = name.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    return "en"


def system_language() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise_language(value)
    try:
        import locale  # rarely reached: only when no locale variable is set

        return normalise_language(locale.getlocale()[0])
    except ValueError:
        return "en"


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
    _current = language


def current_language() -> str:
    return _current


def tr_in(language: str, key: str, /, **params: Any) -> str:
    """The text for ``key`` in ``language``; an unknown key shows itself rather than crash."""
    entry = _entry(key)
    if entry is None:
        text = key
    else:
        text = entry.get(language) or entry.get("en") or key
    if params:
        # a parameter that is itself a Message (a kind's name) speaks the same language, and a
        # list (of names or messages) is joined in it: ``甲、乙`` / ``A, B``
        params = {name: _param(value, language) for name, value in params.items()}
        names = {key: value for key, value in params.items() if isinstance(value, Name)}
        if names:
            # marked with a sentinel, so that its neighbours in the text can be seen afterwards
            params = {**params, **{key: f"\x00{key}\x00" for key in names}}
        try:
            text = text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
        if names:
            text = _NAME_MARK.sub(lambda m: _spaced(m, names[m.group(1)]), text)
    return text


class Name(str):
    """A name typed by a person (a team, a class) put into a text: where a Latin letter or
    digit at its edge meets a Chinese character of the text around it, a space goes between
    them (``与 The Unstoppable 同分``, ``与张芳队同分`` unchanged). Only such names are spaced;
    the catalog's own texts are left as written."""


_NAME_MARK = re.compile("\x00([^\x00]*)\x00")


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003ffff"


def _is_latin_or_digit(char: str) -> bool:
    return (char.isascii() or "\uff10" <= char <= "\uff5a") and char.isalnum()


def _spaced(match: re.Match, value: str) -> str:
    if not value:
        return value
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    left = " " if before and _is_han(before) and _is_latin_or_digit(value[0]) else ""
    right = " " if after and _is_han(after) and _is_latin_or_digit(value[-1]) else ""
    return f"{left}{value}{right}"


def _param(value: Any, language: str) -> Any:
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, list | tuple):
        joined = join_list((str(_param(item, language)) for item in value), language)
        # a list of names is spaced at its two ends like one name
        return Name(joined) if any(isinstance(item, Name) for item in value) else joined
    return value


def tr(key: str, /, **params: Any) -> str:
    """The text for ``key`` in the current UI language."""
    return tr_in(_current, key, **params)


def join_list(items: Iterable[str], language: str | None = None) -> str:
    """Names listed in one line: ``甲、乙`` in Chinese, ``A, B`` in English."""
    return tr_in(language or _current, "text.list_separator").join(items)


def join_phrases(items: Iterable[str], language: str | None = None) -> str:
    """Phrases (amounts, dates with counts) in one line: ``…，…`` in Chinese, ``…, …`` in
    English."""
    return tr_in(language or _current, "text.phrase_separator").join(items)


def join_clauses(items: Iterable[str], language: str | None = None) -> str:
    """Statements listed in one line: ``…；…`` in Chinese, ``…; …`` in English."""
    return tr_in(language or _current, "text.clause_separator").join(items)


def with_detail(text: str, detail: str, language: str | None = None) -> str:
    """A text with a detail after it in brackets: ``活动（09:00–11:30）`` in Chinese,
    ``Event (09:00–11:30)`` in English."""
    return tr_in(language or _current, "text.with_detail", text=text, detail=detail)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Message:
    """A domain message kept as key and parameters, rendered in whichever language is asked."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        return tr_in(language or _current, self.key, **self.params)

    def __str__(self) -> str:
        return self.render()


def msg(key: str, /, **params: Any) -> Message:
    return Message(key, params)


# A text the program keeps in the database for people to read later (where a question was
# used) is kept as a message, key and parameters, so that it reads in the language in force
# when shown rather than the one in force when it was written. A parameter may be such a text
# itself; anything else (a name as typed, an older plain text) is shown as it stands.
_STORED_MARK = "@msg:"


def stored_message(key: str, /, **params: str | int) -> str:
    """``msg(key, **params)`` as text to store; read back with :func:`from_stored`."""
    return _STORED_MARK + json.dumps(
        {"key": key, "params": params}, ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


def from_stored(text: str) -> Message | str:
    """A stored text as a Message (rendered in whichever language is asked), or the text as it
    stands when it is not a stored message."""
    if not isinstance(text, str) or not text.startswith(_STORED_MARK):
        return text
    try:
        data = json.loads(text[len(_STORED_MARK) :])
        key, params = data["key"], data.get("params", {})
    except (ValueError, TypeError, KeyError):
        return text
    if not isinstance(key, str) or not isinstance(params, dict) or _entry(key) is None:
        return text
    return Message(key, {name: from_stored(value) for name, value in params.items()})


def render_stored(text: str, language: str | None = None) -> str:
    """A stored text (see :func:`stored_message`) in ``language`` (the interface's by default)."""
    value = from_stored(text)
    return value.render(language) if isinstance(value, Message) else value
