"""Awards: tiers, recipients (with name/class/team snapshots), prize payouts, the certificate
register and the layouts saved by the designer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.i18n import Message, msg
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("awards")
SEED_NAMESPACE = "6f1b7c1e-4d0a-5b8e-9a51-0a1a2b3c4d5e"  # a UUID

DEFAULT_EVENT = "2026年“保险知识进社区”保险知识竞赛"
# What volunteers' certificates say they took part in (自愿参加…): the seed plan's 后期, the
# monthly community outreach, not the competition.
DEFAULT_VOLUNTEER_EVENT = "“保险知识进社区”社区保险宣传活动"
# The seed plan: 每人发八十元奖金并颁发荣誉证书 (80 yuan and a certificate for every winner).
SEED_PRIZE_FEN = 8000
SEED_TIERS = (
    ("一等奖", SEED_PRIZE_FEN, "honour"),
    ("二等奖", SEED_PRIZE_FEN, "honour"),
    ("三等奖", SEED_PRIZE_FEN, "honour"),
    ("优秀奖", SEED_PRIZE_FEN, "honour"),
    ("参与奖", 0, "honour"),
    ("优秀志愿者", 0, "volunteer"),
)


def _append_only(db: Database, table: str) -> None:
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"""CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
        )


@MIGRATIONS(name="0001_awards_register")
def _awards_register(db: Database) -> None:
    db.execute(
        """CREATE TABLE award_tiers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            sort_order INTEGER NOT NULL,
            prize_fen INTEGER NOT NULL DEFAULT 0 CHECK (prize_fen >= 0),
            layout_id TEXT NOT NULL DEFAULT 'honour',
            created_at TEXT
        )"""
    )
    # Recipients are snapshots (name, class, team) so that a certificate prints the same even
    # after the roster changes; member_id/person_ref only remember where they came from.
    db.execute(
        """CREATE TABLE awards (
            id TEXT PRIMARY KEY,
            tier_id TEXT NOT NULL REFERENCES award_tiers(id),
            event_name TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('final', 'exam', 'manual', 'volunteer')),
            source_ref TEXT,
            member_id TEXT,
            person_ref TEXT,
            team_id TEXT,
            recipient_name TEXT NOT NULL CHECK (length(trim(recipient_name)) > 0),
            recipient_class TEXT NOT NULL DEFAULT '',
            recipient_team TEXT NOT NULL DEFAULT '',
            student_no TEXT NOT NULL DEFAULT '',
            hours REAL,
            rank INTEGER,
            prize_fen INTEGER NOT NULL DEFAULT 0 CHECK (prize_fen >= 0),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX awards_tier ON awards(tier_id)")
    db.execute(
        """CREATE TABLE award_payouts (
            id TEXT PRIMARY KEY,
            award_id TEXT NOT NULL REFERENCES awards(id),
            -- a reversal (after a ledger correction) would be a negative payout
            amount_fen INTEGER NOT NULL CHECK (amount_fen != 0),
            paid_on TEXT NOT NULL,
            ledger_entry_id TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX award_payouts_award ON award_payouts(award_id)")
    _append_only(db, "award_payouts")
    db.execute(
        """CREATE TABLE certificates (
            id TEXT PRIMARY KEY,
            serial TEXT NOT NULL UNIQUE,
            year INTEGER NOT NULL,
            prefix TEXT NOT NULL,
            number INTEGER NOT NULL,
            award_id TEXT NOT NULL REFERENCES awards(id),
            layout_id TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            verify_code TEXT NOT NULL,
            recipient_name TEXT NOT NULL,
            award_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (year, prefix, number)
        )"""
    )
    db.execute("CREATE INDEX certificates_award ON certificates(award_id)")
    _append_only(db, "certificates")
    db.execute(
        """CREATE TABLE certificate_prints (
            id TEXT PRIMARY KEY,
            certificate_id TEXT NOT NULL REFERENCES certificates(id),
            kind TEXT NOT NULL CHECK (kind IN ('original', 'reprint', 'reissue')),
            printed_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX certificate_prints_certificate ON certificate_prints(certificate_id)")
    _append_only(db, "certificate_prints")
    db.execute(
        """CREATE TABLE certificate_layouts (
            id TEXT PRIMARY KEY,
            json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    # This file's own settings (its verification secret above all): without a primary key the
    # table stays out of bundles (outreach.exchange), so merging files never mixes secrets.
    db.execute("CREATE TABLE awards_settings (key TEXT NOT NULL UNIQUE, value TEXT NOT NULL)")
    # Imported here: opening a file reads the migrations' names, it need not pay for these.
    import secrets
    import uuid

    db["award_tiers"].insert_all(
        [
            {
                # The same id and no timestamp in every file: seeded tiers merge as identical.
                "id": str(uuid.uuid5(uuid.UUID(SEED_NAMESPACE), name)),
                "name": name,
                "sort_order": order,
                "prize_fen": prize,
                "layout_id": layout,
                "created_at": None,
            }
            for order, (name, prize, layout) in enumerate(SEED_TIERS, start=1)
        ]
    )
    db["awards_settings"].insert_all(
        [
            # Verification codes are an HMAC of the serial with this programme's secret.
            {"key": "verify_secret", "value": secrets.token_hex(16)},
            {"key": "event_name", "value": DEFAULT_EVENT},
            {"key": "font", "value": "bundled"},
        ]
    )


def _register_commands(registry) -> None:
    from outreach.awards.commands import register_commands

    register_commands(registry)


def fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.awards.demo import fill_demo as fill

    fill(db, ctx)


def check(db: Database) -> list[Message]:
    problems: list[Message] = []
    for serial, award_name in db.execute(
        """SELECT c.serial, c.award_name FROM certificates c
           WHERE NOT EXISTS (SELECT 1 FROM certificate_prints p WHERE p.certificate_id = c.id)"""
    ).fetchall():
        problems.append(msg("awards.check.never_printed", serial=serial, award=award_name))
    from outreach.awards.payouts import check_payouts

    problems += check_payouts(db)
    for (serial,) in db.execute(
        "SELECT serial FROM certificates WHERE length(verify_code) != 6"
    ).fetchall():
        problems.append(msg("awards.check.bad_code", serial=serial))
    from outreach.awards.certificate_batch import missing_images

    for layout_id, ref in missing_images(db):
        problems.append(msg("awards.check.missing_image", layout=layout_id, picture=ref[:19]))
    return problems


def summarise(db: Database) -> list[tuple[str, int]]:
    awards = db.execute("SELECT count(*) FROM awards").fetchone()[0]
    certificates = db.execute("SELECT count(*) FROM certificates").fetchone()[0]
    from outreach.awards.awards import list_awards
    from outreach.awards.payouts import unpaid

    return [
        ("awards.summary.awards", awards),
        ("awards.summary.certificates", certificates),
        ("awards.summary.unpaid", len(unpaid(list_awards(db)))),
    ]


FEATURE = Feature(
    name="awards",
    migrations=MIGRATIONS,
    register_commands=_register_commands,
    fill_demo=fill_demo,
    check=check,
    summarise=summarise,
    seeded_tables=("award_tiers", "awards_settings"),
)


@MIGRATIONS(name="0002_payout_reversals")
def _payout_reversals(db: Database) -> None:
    # Reversals made in the Budget page before the ledger told the awards left no negative
    # payout row: add it, with the id and date the ledger would have given it.
    import uuid

    from outreach.awards.payouts import REVERSAL_NAMESPACE

    rows = db.execute(
        """SELECT r.id, r.amount_fen, r.date, r.created_at, o.source_id FROM budget_expenses r
           JOIN budget_expenses o ON o.id = r.reverses
           JOIN awards a ON a.id = o.source_id
           WHERE o.source IN ('award', 'awards') ORDER BY r.rowid"""
    ).fetchall()
    for reversal_id, amount, date, created_at, award_id in rows:
        payout_id = str(uuid.uuid5(REVERSAL_NAMESPACE, reversal_id))
        if db.execute("SELECT 1 FROM award_payouts WHERE id = ?", [payout_id]).fetchone():
            continue
        db["award_payouts"].insert(
            {
                "id": payout_id,
                "award_id": award_id,
                "amount_fen": amount,
                "paid_on": date,
                "ledger_entry_id": reversal_id,
                "created_at": created_at,
            }
        )


@MIGRATIONS(name="0003_certificate_images")
def _certificate_images(db: Database) -> None:
    # Pictures chosen in the certificate designer (school logo, seal) live in the file, so a
    # layout prints the same on any laptop; the id is "stored:" + the SHA-256 of the bytes.
    db.execute(
        """CREATE TABLE certificate_images (
            id TEXT PRIMARY KEY,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS(name="0004_volunteer_event_name")
def _volunteer_event_name(db: Database) -> None:
    # Volunteers' certificates read "自愿参加{event}" with the competition's name: they get
    # the outreach programme's own wording (a setting beside the competition's name). Awards
    # for volunteering not printed yet follow it; a printed one keeps what it says.
    db.execute(
        "INSERT OR IGNORE INTO awards_settings (key, value) VALUES ('volunteer_event_name', ?)",
        [DEFAULT_VOLUNTEER_EVENT],
    )
    db.execute(
        """UPDATE awards SET event_name = ?
           WHERE (source = 'volunteer'
                  OR tier_id IN (SELECT id FROM award_tiers WHERE layout_id = 'volunteer'))
             AND event_name = coalesce(
                 (SELECT value FROM awards_settings WHERE key = 'event_name'), '')
             AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.award_id = awards.id)""",
        [DEFAULT_VOLUNTEER_EVENT],
    )
