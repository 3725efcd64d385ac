"""Tables, fields and refusals as an organiser reads them: "参赛队伍", "学号", "已有相同的学号",
not "teams", "student_no", "UNIQUE constraint failed: members.student_no"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from outreach.exchange.versions import key_text
from outreach.i18n import Message, catalog, join_clauses, msg, tr

if TYPE_CHECKING:
    from outreach.exchange.merge import Conflict

# Which value names a row better than its UUID.
LABEL_COLUMNS = ("name", "title", "recipient_name", "class_name", "label", "serial", "code")

# Which value names a conflicting row (the merge dialog and the command line alike).
CONFLICT_LABEL_COLUMNS = (
    "name",
    "title",
    "recipient_name",
    "class_name",
    "klass",
    "label",
    "community",
    "description",
    "serial",
    "code",
)
# Bookkeeping a person did not type: left out of "what changed" when something else changed.
BOOKKEEPING = ("created_at", "updated_at", "stem_key")

_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_APPEND_ONLY = re.compile(r"^(\w+) is append-only")


def table_label(name: str) -> Message | str:
    key = f"exchange.table.{name}"
    return msg(key) if key in catalog() else name


def column_label(name: str) -> Message | str:
    key = f"exchange.column.{name}"
    return msg(key) if key in catalog() else name


def row_label(
    row: dict[str, Any] | None, key_text: str, columns: tuple[str, ...] = LABEL_COLUMNS
) -> str:
    for column in columns:
        value = (row or {}).get(column)
        if value:
            return str(value)
    return key_text


def short_value(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= 30 else text[:29] + "…"


def conflict_row(conflict: Conflict) -> str:
    """The conflicting row as the organiser knows it (its name, title…; else its id cut short)."""
    return row_label(
        conflict.theirs or conflict.mine, key_text(conflict.key)[:12], CONFLICT_LABEL_COLUMNS
    )


def conflict_changes(conflict: Conflict) -> str:
    """``备注：A → B；…`` in the current language, fields named as the organiser knows them,
    bookkeeping (times) left out when something typed differs too; a row deleted on one side
    and edited on the other says so."""
    if conflict.deleted:
        return tr(f"exchange.ui.deleted_{conflict.deleted}")
    differing = conflict.differing
    typed = [c for c in differing if c not in BOOKKEEPING] or differing
    return join_clauses(
        tr(
            "exchange.ui.change",
            column=column_label(c),
            mine=short_value(conflict.mine.get(c)),
            theirs=short_value(conflict.theirs.get(c)),
        )
        for c in typed
    )


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
