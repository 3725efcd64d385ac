"""Generic invariants for ``check`` that hold across concepts: a ledger (a table whose UPDATE
is refused by a trigger) must also refuse DELETE, or corrections could silently vanish."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from outreach.exchange.tables import exchange_tables
from outreach.i18n import Message, msg

if TYPE_CHECKING:
    from sqlite_utils import Database

_BLOCKS_DELETE = re.compile(
    r"\bBEFORE\s+DELETE\s+ON\s+\S+\s+(?:FOR\s+EACH\s+ROW\s+)?BEGIN\b.*\bRAISE\s*\(",
    re.IGNORECASE | re.DOTALL,
)


def check(db: Database) -> list[Message]:
    problems: list[Message] = []
    for table in exchange_tables(db):
        if not table.append_only:
            continue
        triggers = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table.name]
        ).fetchall()
        if not any(sql and _BLOCKS_DELETE.search(sql) for (sql,) in triggers):
            problems.append(msg("exchange.check.ledger_delete", table=table.name))
    return problems
