"""Community outreach: partners, the monthly schedule, volunteers, preparation checklists,
outcomes, the calendar export and event handouts (DESIGN.md §1.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("events")

# Default preparation checklist from the seed's 前期准备 (T−N days before the event).
DEFAULT_TEMPLATE = [
    (14, "设计宣传资料（传单、展板）"),
    (10, "与社区街道确认场地和时间"),
    (7, "对参加人员进行一次简单的培训"),
    (7, "联系新闻部的干事"),
    (5, "制作相应的海报"),
    (3, "确认保险公司咨询人员和咨询台物资"),
    (1, "清点传单、海报和签到表"),
]


@MIGRATIONS(name="0001_outreach_schedule")
def _outreach_schedule(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE partners (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('community', 'street_office', 'insurer',
                                                'news_office', 'other')),
            name TEXT NOT NULL,
            contact_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE event_series (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            week_of_month INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL,
            community_id TEXT REFERENCES partners(id),
            venue TEXT NOT NULL DEFAULT '',
            consultation_desk INTEGER NOT NULL DEFAULT 1,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'done', 'postponed', 'cancelled')),
            series_id TEXT REFERENCES event_series(id),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (end_time > start_time)
        )"""
    )
    db.execute("CREATE INDEX events_date ON events(date)")
    db.execute(
        """
        CREATE TABLE event_partners (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            partner_id TEXT NOT NULL REFERENCES partners(id),
            PRIMARY KEY (event_id, partner_id)
        )"""
    )
    # What happened to an event over time (created, edited, postponed, cancelled, done):
    # append-only, so a postponement keeps the date it had. Events are cancelled, never
    # deleted (the inventory ledger refers to them too).
    db.execute(
        """
        CREATE TABLE event_history (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            old_date TEXT, old_start TEXT, old_end TEXT,
            new_date TEXT, new_start TEXT, new_end TEXT,
            reason TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """CREATE TRIGGER event_history_no_update BEFORE UPDATE ON event_history
        BEGIN SELECT RAISE(ABORT, 'event_history is append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER event_history_no_delete BEFORE DELETE ON event_history
        BEGIN SELECT RAISE(ABORT, 'event_history is append-only'); END"""
    )
    # Volunteers are people: a member of the roster (name and phone copied, so that hours
    # served survive the member's removal) or anyone else.
    db.execute(
        """
        CREATE TABLE volunteers (
            id TEXT PRIMARY KEY,
            member_id TEXT UNIQUE REFERENCES members(id) ON DELETE SET NULL,
            name TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE volunteer_assignments (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
            role TEXT NOT NULL CHECK (role IN ('leader', 'flyers', 'consultation', 'photos',
                                                'cleanup')),
            hours REAL,
            created_at TEXT NOT NULL,
            UNIQUE (event_id, volunteer_id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE checklist_template (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            days_before INTEGER NOT NULL,
            position INTEGER NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE checklist_items (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            days_before INTEGER NOT NULL,
            due_date TEXT NOT NULL,
            position INTEGER NOT NULL,
            done_at TEXT
        )"""
    )
    db.execute("CREATE INDEX checklist_items_due ON checklist_items(due_date)")
    db.execute(
        """
        CREATE TABLE event_outcomes (
            event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            residents_reached INTEGER NOT NULL CHECK (residents_reached >= 0),
            consultations INTEGER NOT NULL CHECK (consultations >= 0),
            notes TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )"""
    )
    # Materials handed out at an event, one row per material ('flyers', 'posters', …):
    # the inventory concept turns these into issue movements.
    db.execute(
        """
        CREATE TABLE event_outcome_materials (
            event_id TEXT NOT NULL REFERENCES event_outcomes(event_id) ON DELETE CASCADE,
            material TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity >= 0),
            PRIMARY KEY (event_id, material)
        )"""
    )
    from uuid import uuid4

    for position, (days, title) in enumerate(DEFAULT_TEMPLATE):
        db.execute(
            "INSERT INTO checklist_template (id, title, days_before, position) VALUES (?,?,?,?)",
            [str(uuid4()), title, days, position],
        )


@MIGRATIONS(name="0002_template_stays_local")
def _template_stays_local(db: Database) -> None:
    # The checklist template is this file's own setting, seeded in every new file: without a
    # primary key it stays out of bundles (outreach.exchange), so merging two laptops' files
    # does not pile up two copies of the defaults.
    db.execute("ALTER TABLE checklist_template RENAME TO checklist_template_old")
    db.execute(
        """
        CREATE TABLE checklist_template (
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            days_before INTEGER NOT NULL,
            position INTEGER NOT NULL
        )"""
    )
    db.execute(
        "INSERT INTO checklist_template (id, title, days_before, position) "
        "SELECT id, title, days_before, position FROM checklist_template_old"
    )
    db.execute("DROP TABLE checklist_template_old")


def _register_commands(registry) -> None:
    from outreach.events.commands import register

    register(registry)


def _fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.events.demo import fill_demo

    fill_demo(db, ctx)


def _check(db: Database):
    from outreach.events.invariants import check

    return check(db)


def _summarise(db: Database) -> list[tuple[str, int]]:
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return [
        ("events.summary.events", count("SELECT count(*) FROM events")),
        ("events.summary.partners", count("SELECT count(*) FROM partners")),
        ("events.summary.volunteers", count("SELECT count(*) FROM volunteers")),
    ]


FEATURE = Feature(
    name="events",
    migrations=MIGRATIONS,
    register_commands=_register_commands,
    fill_demo=_fill_demo,
    check=_check,
    summarise=_summarise,
    seeded_tables=("checklist_template",),
)
