"""The programme budget (活动经费): categories with planned amounts and the expense ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.i18n import Message
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("budget")


@MIGRATIONS(name="0001_categories_and_expenses")
def _categories_and_expenses(db: Database) -> None:
    from outreach.budget.categories import DEFAULT_CATEGORIES

    db.execute(
        """
        CREATE TABLE budget_categories (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL DEFAULT '',
            planned_fen INTEGER NOT NULL DEFAULT 0 CHECK (planned_fen >= 0),
            sort_order INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT
        )
        """
    )
    db["budget_categories"].insert_all(
        [
            {
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "planned_fen": 0,
                "sort_order": order,
                # No timestamp: identical seeds in every file merge without conflicts.
                "updated_at": None,
            }
            for order, (code, (zh, en)) in enumerate(DEFAULT_CATEGORIES.items(), start=1)
        ]
    )
    # event_id references events(id): the events concept migrates before this one.
    db.execute(
        """
        CREATE TABLE budget_expenses (
            id TEXT PRIMARY KEY,
            date TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),
            category TEXT NOT NULL REFERENCES budget_categories(code),
            payee TEXT NOT NULL DEFAULT '',
            receipt_no TEXT NOT NULL DEFAULT '',
            event_id TEXT REFERENCES events(id),
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            source_id TEXT,
            reverses TEXT UNIQUE REFERENCES budget_expenses(id),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX budget_expenses_category ON budget_expenses(category, amount_fen)")
    db.execute("CREATE INDEX budget_expenses_event ON budget_expenses(event_id)")
    db.execute("CREATE INDEX budget_expenses_source ON budget_expenses(source, source_id)")
    # Append-only, enforced by the database itself: corrections are reversing entries.
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER budget_expenses_no_{action.lower()}
            BEFORE {action} ON budget_expenses
            BEGIN
                SELECT RAISE(ABORT, 'budget_expenses is append-only: record a reversing entry');
            END
            """
        )


@MIGRATIONS(name="0002_event_budgets")
def _event_budgets(db: Database) -> None:
    # Planned spending per event (a plan, editable), for budget against actual per event.
    db.execute(
        """
        CREATE TABLE budget_event_plans (
            event_id TEXT PRIMARY KEY REFERENCES events(id),
            planned_fen INTEGER NOT NULL CHECK (planned_fen > 0),
            updated_at TEXT
        )
        """
    )


def fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.budget.demo import fill_budget_demo

    fill_budget_demo(db, ctx)


def check(db: Database) -> list[Message]:
    from outreach.budget.ledger import check_ledger

    return check_ledger(db)


def summarise(db: Database) -> list[tuple[str, int]]:
    count = db.execute("SELECT count(*) FROM budget_expenses WHERE reverses IS NULL").fetchone()
    return [("budget.summary.expenses", count[0])]


def register_commands(registry) -> None:
    from outreach.budget.commands import register

    register(registry)


FEATURE = Feature(
    name="budget",
    migrations=MIGRATIONS,
    register_commands=register_commands,
    fill_demo=fill_demo,
    check=check,
    summarise=summarise,
    seeded_tables=("budget_categories",),
)
