"""The written preliminary exam: question bank, exams, paper versions, answers, grading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import Feature
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("exam")


@MIGRATIONS(name="0001_question_bank")
def _question_bank(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse')),
            stem TEXT NOT NULL CHECK (stem != ''),
            options TEXT NOT NULL DEFAULT '[]',
            answer TEXT NOT NULL CHECK (answer != ''),
            explanation TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL DEFAULT '',
            difficulty INTEGER NOT NULL DEFAULT 2 CHECK (difficulty BETWEEN 1 AND 3),
            reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved IN (0, 1)),
            source TEXT NOT NULL DEFAULT '',
            stem_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE UNIQUE INDEX questions_stem_key ON questions (stem_key)")
    db.execute("CREATE INDEX questions_topic ON questions (topic, kind, difficulty)")
    db.execute(
        """
        CREATE TABLE question_usages (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL REFERENCES questions (id),
            kind TEXT NOT NULL CHECK (kind IN ('exam', 'final_round', 'tiebreak')),
            ref_id TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL DEFAULT '',
            used_at TEXT NOT NULL,
            UNIQUE (question_id, kind, ref_id)
        )
        """
    )


@MIGRATIONS(name="0002_exams_and_versions")
def _exams(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE exams (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name != ''),
            exam_date TEXT NOT NULL DEFAULT '',
            duration_minutes INTEGER NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),
            points_single INTEGER NOT NULL DEFAULT 2 CHECK (points_single >= 0),
            points_multiple INTEGER NOT NULL DEFAULT 4 CHECK (points_multiple >= 0),
            points_truefalse INTEGER NOT NULL DEFAULT 1 CHECK (points_truefalse >= 0),
            multiple_mode TEXT NOT NULL DEFAULT 'all_or_nothing'
                CHECK (multiple_mode IN ('all_or_nothing', 'partial')),
            partial_points INTEGER NOT NULL DEFAULT 2 CHECK (partial_points >= 0),
            draw_seed INTEGER,
            draw_rule TEXT NOT NULL DEFAULT '',
            instructions TEXT NOT NULL DEFAULT '',
            finalist_mode TEXT NOT NULL DEFAULT 'teams'
                CHECK (finalist_mode IN ('teams', 'individuals')),
            finalist_count INTEGER NOT NULL DEFAULT 6 CHECK (finalist_count >= 0),
            team_best_of INTEGER NOT NULL DEFAULT 4 CHECK (team_best_of > 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE exam_questions (
            exam_id TEXT NOT NULL REFERENCES exams (id),
            position INTEGER NOT NULL CHECK (position > 0),
            question_id TEXT NOT NULL REFERENCES questions (id),
            voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
            void_reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (exam_id, position),
            UNIQUE (exam_id, question_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE exam_versions (
            exam_id TEXT NOT NULL REFERENCES exams (id),
            letter TEXT NOT NULL CHECK (length(letter) = 1),
            question_order TEXT NOT NULL,
            option_orders TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (exam_id, letter)
        )
        """
    )


@MIGRATIONS(name="0003_answer_sheets_and_finalists")
def _answer_sheets(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE answer_sheets (
            id TEXT PRIMARY KEY,
            exam_id TEXT NOT NULL REFERENCES exams (id),
            member_id TEXT NOT NULL REFERENCES members (id),
            version TEXT NOT NULL,
            answers TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'typed',
            entered_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (exam_id, member_id),
            FOREIGN KEY (exam_id, version) REFERENCES exam_versions (exam_id, letter)
        )
        """
    )
    db.execute("CREATE INDEX answer_sheets_member ON answer_sheets (member_id)")
    db.execute(
        """
        CREATE TABLE exam_finalist_settlements (
            exam_id TEXT PRIMARY KEY REFERENCES exams (id),
            mode TEXT NOT NULL,
            count INTEGER NOT NULL,
            tied_ids TEXT NOT NULL,
            chosen_ids TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL
        )
        """
    )


def _summarise(db: Database) -> list[tuple[str, int]]:
    from outreach.exam.questions import count_questions

    exams = db.execute("SELECT count(*) FROM exams").fetchone()[0]
    sheets = db.execute("SELECT count(*) FROM answer_sheets").fetchone()[0]
    return [
        ("exam.summary.questions", count_questions(db)),
        ("exam.summary.exams", exams),
        ("exam.summary.sheets", sheets),
    ]


def _register_commands(registry) -> None:
    from outreach.exam.commands import register

    register(registry)


def _fill_demo(db: Database, ctx) -> None:
    from outreach.exam.demo import fill_demo

    fill_demo(db, ctx)


def _check(db: Database):
    from outreach.exam.checks import check

    return check(db)


FEATURE = Feature(
    name="exam",
    migrations=MIGRATIONS,
    register_commands=_register_commands,
    fill_demo=_fill_demo,
    check=_check,
    summarise=_summarise,
)
