"""Command-line commands of the exam concept (DESIGN.md §3)."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.i18n import tr


def _run_import_questions(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import EXIT_DATA, EXIT_OK
    from outreach.exam.question_import import import_preview, preview_file

    programme = ctx.programme()
    preview = preview_file(Path(args.file), programme.db)
    if not preview.ok:
        for text in preview.problem_texts():
            ctx.problem(text)
        ctx.problem(tr("exam.cli.nothing_imported", problems=len(preview.problems)))
        return EXIT_DATA
    if args.dry_run:
        ctx.say(tr("exam.cli.questions_dry_run", count=len(preview.questions), file=args.file))
        return EXIT_OK
    programme.backup("before-import")
    added = import_preview(programme.db, preview)
    ctx.say(tr("exam.cli.questions_imported", count=len(added), file=args.file))
    return EXIT_OK


def _export_questions(programme, path: Path) -> int:
    from outreach.exam.question_import import export_questions

    return export_questions(programme.db, path)


def register(registry) -> None:
    def configure_questions(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help=tr("exam.cli.dry_run_help"))

    registry.importer(
        "questions",
        tr("exam.cli.import_questions_help"),
        _run_import_questions,
        configure_questions,
    )
    registry.exporter("questions", _export_questions)
