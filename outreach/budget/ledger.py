"""The expense ledger (活动经费): integer fen, append-only (the database refuses UPDATE and
DELETE), a correction is a reversing entry pointing at the one it reverses.

Prize payouts come from the awards through ``record_expense(..., source="award")``; reversing
one tells the awards concept in the same transaction (``outreach.awards.payouts``), so its
payout record never disagrees with the ledger.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# ``source`` values the awards concept uses for prize payouts.
AWARD_SOURCES = ("awards", "award")

_COLUMNS = (
    "id, date, amount_fen, category, payee, receipt_no, event_id, note, source, source_id, "
    "reverses, created_at"
)


class BudgetError(ValueError):
    """A refused write; ``message`` is translatable and names what was wrong."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Expense:
    id: str
    date: str
    amount_fen: int  # positive for an expense, negative for a reversing entry
    category: str
    payee: str
    receipt_no: str
    event_id: str | None
    note: str
    source: str
    source_id: str | None
    reverses: str | None
    created_at: str

    @property
    def is_reversal(self) -> bool:
        return self.reverses is not None

    @property
    def is_prize_payout(self) -> bool:
        return self.source in AWARD_SOURCES


def _expense(row) -> Expense:
    return Expense(*row)


def _valid_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError as exc:
        raise BudgetError(msg("budget.error.date", date=str(text))) from exc


def get_expense(db: Database, entry_id: str) -> Expense | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM budget_expenses WHERE id = ?", [entry_id]).fetchone()
    return _expense(row) if row else None


def list_expenses(
    db: Database, *, event_id: str | None = None, category: str | None = None
) -> list[Expense]:
    """All entries (reversals included) in recording order."""
    where, params = [], []
    if event_id is not None:
        where.append("event_id = ?")
        params.append(event_id)
    if category is not None:
        where.append("category = ?")
        params.append(category)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM budget_expenses {clause} ORDER BY rowid", params
    ).fetchall()
    return [_expense(r) for r in rows]


def reversed_ids(db: Database) -> set[str]:
    return {
        r[0] for r in db.execute("SELECT reverses FROM budget_expenses WHERE reverses IS NOT NULL")
    }


def find_by_source(db: Database, source: str, source_id: str) -> list[Expense]:
    """Entries posted by another concept for one of its records that are still in force
    (not reversed), e.g. an award's payout; lets that concept post once only."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM budget_expenses e WHERE source = ? AND source_id = ? "
        "AND reverses IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM budget_expenses r WHERE r.reverses = e.id) ORDER BY rowid",
        [source, source_id],
    ).fetchall()
    return [_expense(r) for r in rows]


def _insert(db: Database, record: dict) -> Expense:
    try:
        db["budget_expenses"].insert(record)
    except sqlite3.IntegrityError as exc:
        raise BudgetError(msg("budget.error.integrity", detail=str(exc))) from exc
    return get_expense(db, record["id"])  # type: ignore[return-value]


def record_expense(
    db: Database,
    *,
    date: str,
    amount_fen: int,
    category: str,
    payee: str,
    receipt_no: str = "",
    event_id: str | None = None,
    note: str = "",
    source: str = "",
    source_id: str | None = None,
) -> Expense:
    """Append one expense (amount in fen, > 0). Runs in its own transaction, or joins the
    caller's (``db.atomic()`` nests as a savepoint), so an award posts its payouts at once."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        raise BudgetError(msg("budget.error.amount_type", amount=repr(amount_fen)))
    if amount_fen <= 0:
        raise BudgetError(msg("budget.error.amount_positive", amount=amount_fen))
    date = _valid_date(date)
    payee = (payee or "").strip()
    if not payee:
        raise BudgetError(msg("budget.error.payee_blank"))
    with db.atomic():
        if not db.execute("SELECT 1 FROM budget_categories WHERE code = ?", [category]).fetchone():
            raise BudgetError(msg("budget.error.unknown_category", category=category))
        if event_id is not None and not _event_exists(db, event_id):
            raise BudgetError(msg("budget.error.unknown_event", event=event_id))
        return _insert(
            db,
            {
                "id": new_id(),
                "date": date,
                "amount_fen": amount_fen,
                "category": category,
                "payee": payee,
                "receipt_no": (receipt_no or "").strip(),
                "event_id": event_id,
                "note": (note or "").strip(),
                "source": (source or "").strip(),
                "source_id": source_id,
                "reverses": None,
                "created_at": now_iso(),
            },
        )


def reverse_entry(db: Database, entry_id: str, reason: str, *, date: str | None = None) -> Expense:
    """Append the entry that cancels ``entry_id`` (same category, event and source, the
    negative amount). An entry is reversed at most once; a reversal is not reversed again
    (record the expense anew instead)."""
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(msg("budget.error.reason_blank"))
    with db.atomic():
        original = get_expense(db, entry_id)
        if original is None:
            raise BudgetError(msg("budget.error.unknown_entry", entry=entry_id))
        if original.is_reversal:
            raise BudgetError(msg("budget.error.reverse_reversal"))
        if entry_id in reversed_ids(db):
            raise BudgetError(msg("budget.error.already_reversed", receipt=original.receipt_no))
        reversal = _insert(
            db,
            {
                "id": new_id(),
                "date": _valid_date(date) if date else dt.date.today().isoformat(),
                "amount_fen": -original.amount_fen,
                "category": original.category,
                "payee": original.payee,
                "receipt_no": original.receipt_no,
                "event_id": original.event_id,
                "note": reason,
                "source": original.source,
                "source_id": original.source_id,
                "reverses": original.id,
                "created_at": now_iso(),
            },
        )
        if original.is_prize_payout:
            _tell_awards(db, original, reversal)
        return reversal


def _tell_awards(db: Database, original: Expense, reversal: Expense) -> None:
    """The awards concept keeps a payout row per ledger entry; it appends the reversal's row
    here, inside this transaction (absent awards module: nothing to keep in step)."""
    try:
        payouts = importlib.import_module("outreach.awards.payouts")
    except ImportError:
        return
    payouts.ledger_entry_reversed(db, original, reversal)


def _event_exists(db: Database, event_id: str) -> bool:
    if not db["events"].exists():
        return False
    return db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None


@dataclass(frozen=True)
class CategoryTotal:
    code: str
    planned_fen: int
    actual_fen: int
    entries: int

    @property
    def remaining_fen(self) -> int:
        return self.planned_fen - self.actual_fen


def actual_by_category(db: Database) -> list[CategoryTotal]:
    """Budget against actual per category (actual = sum of entries, reversals net out)."""
    rows = db.execute(
        "SELECT c.code, c.planned_fen, coalesce(sum(e.amount_fen), 0), "
        "count(e.id) FILTER (WHERE e.reverses IS NULL) "
        "FROM budget_categories c LEFT JOIN budget_expenses e ON e.category = c.code "
        "GROUP BY c.code ORDER BY c.sort_order, c.code"
    ).fetchall()
    return [CategoryTotal(r[0], r[1], r[2], r[3]) for r in rows]


def actual_by_event(db: Database) -> dict[str | None, dict[str, int]]:
    """Actual spending per event (None: not tied to an event) and category, in fen."""
    result: dict[str | None, dict[str, int]] = {}
    for event_id, category, total in db.execute(
        "SELECT event_id, category, sum(amount_fen) FROM budget_expenses "
        "GROUP BY event_id, category"
    ):
        result.setdefault(event_id, {})[category] = total
    return result


def totals(db: Database) -> tuple[int, int]:
    """(planned, actual) over all categories, in fen."""
    planned = db.execute("SELECT coalesce(sum(planned_fen), 0) FROM budget_categories")
    actual = db.execute("SELECT coalesce(sum(amount_fen), 0) FROM budget_expenses")
    return planned.fetchone()[0], actual.fetchone()[0]


def check_ledger(db: Database) -> list[Message]:
    """Reversals point at existing, unreversed-once, non-reversal entries and cancel them."""
    problems: list[Message] = []
    rows = db.execute(
        "SELECT r.id, r.amount_fen, o.id, o.amount_fen, o.reverses FROM budget_expenses r "
        "LEFT JOIN budget_expenses o ON o.id = r.reverses WHERE r.reverses IS NOT NULL"
    ).fetchall()
    for rid, amount, oid, original_amount, original_reverses in rows:
        if oid is None:
            problems.append(msg("budget.check.dangling_reversal", entry=rid))
        elif amount != -original_amount or original_reverses is not None:
            problems.append(msg("budget.check.bad_reversal", entry=rid))
    for (eid,) in db.execute(
        "SELECT id FROM budget_expenses WHERE reverses IS NULL AND amount_fen <= 0"
    ):
        problems.append(msg("budget.check.non_positive", entry=eid))
    return problems


@dataclass(frozen=True)
class EventBudget:
    event_id: str | None  # None: spending not tied to an event
    planned_fen: int
    actual_fen: int
    by_category: dict[str, int]

    @property
    def remaining_fen(self) -> int:
        return self.planned_fen - self.actual_fen


def event_planned(db: Database) -> dict[str, int]:
    return dict(db.execute("SELECT event_id, planned_fen FROM budget_event_plans").fetchall())


def set_event_planned(db: Database, event_id: str, planned_fen: int) -> int:
    """An event's planned spending in fen (a plan, editable; 0 removes it)."""
    if isinstance(planned_fen, bool) or not isinstance(planned_fen, int) or planned_fen < 0:
        raise BudgetError(msg("budget.error.planned_negative"))
    with db.atomic():
        if not _event_exists(db, event_id):
            raise BudgetError(msg("budget.error.unknown_event", event=event_id))
        if planned_fen == 0:
            db.execute("DELETE FROM budget_event_plans WHERE event_id = ?", [event_id])
        else:
            db["budget_event_plans"].upsert(
                {"event_id": event_id, "planned_fen": planned_fen, "updated_at": now_iso()},
                pk="event_id",
            )
    return planned_fen


def budget_by_event(db: Database) -> list[EventBudget]:
    """Budget against actual per event: every event with a plan or spending, then the
    spending tied to no event; in event-date order."""
    planned = event_planned(db)
    actual = actual_by_event(db)
    dates = {}
    if db["events"].exists():
        dates = dict(db.execute("SELECT id, date FROM events").fetchall())
    keys = [k for k in {*planned, *actual} if k is not None]
    keys.sort(key=lambda k: (dates.get(k, ""), k))
    rows = [
        EventBudget(k, planned.get(k, 0), sum(actual.get(k, {}).values()), actual.get(k, {}))
        for k in keys
    ]
    if None in actual:
        rows.append(EventBudget(None, 0, sum(actual[None].values()), actual[None]))
    return rows
