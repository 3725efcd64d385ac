from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.i18n import Message
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("final")


@MIGRATIONS(name="0001_finals_rounds_teams_log")
def _finals(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE finals (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            exam_id TEXT,
            base_score INTEGER NOT NULL DEFAULT 100,
            ladder TEXT NOT NULL DEFAULT '[]',
            prize_cuts TEXT NOT NULL DEFAULT '[]',
            hide_bottom INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE final_rounds (
            id TEXT PRIMARY KEY,
            final_id TEXT NOT NULL REFERENCES finals(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            rule TEXT NOT NULL
        )
        """
    )
    # team_id is the roster team's id; the name is kept so the record of a final stays
    # readable even if the roster changes later.
    db.execute(
        """
        CREATE TABLE final_teams (
            id TEXT PRIMARY KEY,
            final_id TEXT NOT NULL REFERENCES finals(id),
            team_id TEXT NOT NULL,
            name TEXT NOT NULL,
            class_name TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            buzzer_key TEXT NOT NULL DEFAULT '',
            UNIQUE (final_id, team_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE final_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            final_id TEXT NOT NULL REFERENCES finals(id),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            round_id TEXT,
            team_id TEXT,
            points INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL DEFAULT '{}',
            target TEXT,
            reason TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX final_events_final ON final_events(final_id, seq)")
    db.execute("CREATE INDEX final_rounds_final ON final_rounds(final_id, position)")
    db.execute("CREATE INDEX final_teams_final ON final_teams(final_id, position)")
    # The score log is a ledger: corrections are new events, never edits.
    db.execute(
        """
        CREATE TRIGGER final_events_no_update BEFORE UPDATE ON final_events
        BEGIN SELECT RAISE(ABORT, 'final_events is append-only'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER final_events_no_delete BEFORE DELETE ON final_events
        BEGIN SELECT RAISE(ABORT, 'final_events is append-only'); END
        """
    )


def _fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.final.demo import fill_demo

    fill_demo(db, ctx)


def _check(db: Database) -> list[Message]:
    from outreach.final.finals import check_finals

    return check_finals(db)


def _summarise(db: Database) -> list[tuple[str, int]]:
    finals = db.execute("SELECT count(*) FROM finals").fetchone()[0]
    events = db.execute("SELECT count(*) FROM final_events").fetchone()[0]
    return [("final.summary.finals", finals), ("final.summary.events", events)]


def _register(registry) -> None:
    from outreach.final.commands import register

    register(registry)


FEATURE = Feature(
    name="final",
    migrations=MIGRATIONS,
    register_commands=_register,
    fill_demo=_fill_demo,
    check=_check,
    summarise=_summarise,
)


@MIGRATIONS(name="0002_tiebreak_round_names")
def _tiebreak_round_names(db: Database) -> None:
    # A tie-break round kept its name in the language in force when it was started (附加赛 or
    # Tie-break, numbered from the second): stored as a code now, shown in the language in
    # force. A name the organisers typed themselves stays as typed.
    import json
    import re

    from outreach.final.rounds import KIND_EXTRA, PRESETS, tiebreak_code
    from outreach.i18n import LANGUAGES, tr_in

    names = "|".join(re.escape(tr_in(lang, PRESETS[KIND_EXTRA].name_key)) for lang in LANGUAGES)
    shown = re.compile(rf"(?:{names})(?: (\d+))?")
    for round_id, name, rule in db.execute("SELECT id, name, rule FROM final_rounds").fetchall():
        try:
            kind = json.loads(rule).get("kind")
        except (ValueError, AttributeError):
            continue
        match = shown.fullmatch(name or "")
        if kind == KIND_EXTRA and match:
            code = tiebreak_code(int(match.group(1) or 1))
            db.execute("UPDATE final_rounds SET name = ? WHERE id = ?", [code, round_id])


@MIGRATIONS(name="0003_question_usage_labels")
def _question_usage_labels(db: Database) -> None:
    # Where a bank question was used in a final was kept as the round's name in the language
    # in force then (附加赛（抢答） · 2, or Tie-break (buzz-in) · 2 in a Chinese bank after a
    # switch): kept as a message now, the tie-break round's name rendered when shown.
    import re

    from outreach.final.rounds import usage_label

    if not db["question_usages"].exists():
        return
    names = dict(db.execute("SELECT id, name FROM final_rounds").fetchall())
    numbered = re.compile(r".* · (\d+)")
    for usage_id, ref_id, label in db.execute(
        "SELECT id, ref_id, label FROM question_usages"
        " WHERE kind IN ('final_round', 'tiebreak') AND ref_id != ''"
    ).fetchall():
        match = numbered.fullmatch(label or "")
        if ref_id in names and match:
            new = usage_label(names[ref_id], int(match.group(1)))
            db.execute("UPDATE question_usages SET label = ? WHERE id = ?", [new, usage_id])
