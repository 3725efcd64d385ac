"""Tables, fields and refusals as an organiser reads them: "参赛队伍", "学号", "已有相同的学号",
not "teams", "student_no", "UNIQUE constraint failed: members.student_no"."""

from __future__ import annotations

import re
from typing import Any

from outreach.i18n import Message, catalog, msg

# Which value names a row better than its UUID.
LABEL_COLUMNS = ("name", "title", "recipient_name", "class_name", "label", "serial", "code")

_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_APPEND_ONLY = re.compile(r"^(\w+) is append-only")


def table_label(name: str) -> Message | str:
    key = f"exchange.table.{name}"
    return msg(key) if key in catalog() else name


def column_label(name: str) -> Message | str:
    key = f"exchange.column.{name}"
    return msg(key) if key in catalog() else name


def row_label(row: dict[str, Any] | None, key_text: str) -> str:
    for column in LABEL_COLUMNS:
        value = (row or {}).get(column)
        if value:
            return str(value)
    return key_text


def refusal(reason: str, row: dict[str, Any] | None) -> Message | str:
    """What the file's rules said, in words (an unknown reason as SQLite said it)."""
    if match := _UNIQUE.search(reason):
        column = match.group(2)
        return msg(
            "exchange.reason.unique",
            column=column_label(column),
            value=str((row or {}).get(column, "")),
        )
    if match := _NOT_NULL.search(reason):
        return msg("exchange.reason.not_null", column=column_label(match.group(2)))
    if "FOREIGN KEY constraint failed" in reason:
        return msg("exchange.reason.foreign_key")
    if "CHECK constraint failed" in reason:
        return msg("exchange.reason.check")
    if match := _APPEND_ONLY.search(reason):
        return msg("exchange.reason.append_only", table=table_label(match.group(1)))
    return reason
