"""Command-line commands of the exam concept (DESIGN.md §3)."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.i18n import tr


def _run_import_questions(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import EXIT_DATA, EXIT_OK
    from outreach.exam.question_import import import_preview, preview_file

    programme = ctx.programme(create=True)
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


def _exam_or_fail(db, name: str):
    from outreach.cli import CliFailure
    from outreach.exam.exams import exam_by_name, list_exams

    exam = exam_by_name(db, name)
    if exam is None:
        known = ", ".join(e.name for e in list_exams(db))
        if not known:
            # "(known: -)" left a new organiser guessing: exams are set up in the window
            raise CliFailure([tr("exam.cli.no_exams", name=name)])
        raise CliFailure([tr("exam.cli.unknown_exam", name=name, known=known)])
    return exam


def _run_print_exam(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import EXIT_OK, CliFailure, CliUsageError
    from outreach.exam.exam_print import print_papers, student_no_boxes
    from outreach.exam.exams import ExamError, exam_questions
    from outreach.exam.papers import list_versions, make_versions, papers

    if args.versions is not None and args.versions < 1:
        # 0 quietly meant "as many as exist"; leave the option out for that
        raise CliUsageError([tr("exam.cli.versions_positive", versions=args.versions)])
    db = ctx.programme().db
    exam = _exam_or_fail(db, args.exam)
    if not exam_questions(db, exam.id):
        raise CliFailure([tr("exam.cli.no_questions", name=exam.name)])
    wanted = args.versions or len(list_versions(db, exam.id)) or 1
    # Fewer versions than exist: print the first ones, never delete the others (a print
    # command failed with "answers have been entered" when asked for version A only).
    if wanted > len(list_versions(db, exam.id)):
        try:
            make_versions(db, exam.id, wanted)
        except ExamError as error:
            raise CliFailure(error.problems) from error
    versions = list(papers(db, exam.id).values())[:wanted]
    print_papers(
        args.out, exam, versions, language=args.language, student_no_boxes=student_no_boxes(db)
    )
    ctx.say(tr("exam.cli.printed", file=args.out, versions=len(versions)))
    return EXIT_OK


def _run_print_key(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import EXIT_OK, CliFailure
    from outreach.exam.exam_print import print_answer_keys
    from outreach.exam.papers import papers

    db = ctx.programme().db
    exam = _exam_or_fail(db, args.exam)
    versions = list(papers(db, exam.id).values())
    if not versions:
        raise CliFailure([tr("exam.cli.no_versions", name=exam.name)])
    print_answer_keys(args.out, exam, versions, language=args.language)
    ctx.say(tr("exam.cli.printed", file=args.out, versions=len(versions)))
    return EXIT_OK


def _run_import_answers(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import EXIT_DATA, EXIT_OK
    from outreach.exam.answers import import_answers, preview_answers
    from outreach.exam.results import person_results

    programme = ctx.programme()
    exam = _exam_or_fail(programme.db, args.exam)
    preview = preview_answers(programme.db, exam.id, Path(args.file))
    if not preview.ok:
        for text in preview.problem_texts():
            ctx.problem(text)
        ctx.problem(tr("exam.cli.nothing_imported", problems=len(preview.problems)))
        return EXIT_DATA
    if args.dry_run:
        ctx.say(tr("exam.cli.answers_dry_run", count=len(preview.rows), replaced=preview.replaced))
        return EXIT_OK
    programme.backup("before-import")
    count = import_answers(programme.db, exam.id, preview)
    results = person_results(programme.db, exam.id)
    ctx.say(tr("exam.cli.answers_imported", count=count, graded=len(results), name=exam.name))
    return EXIT_OK


def _export_results(programme, path: Path, args=None) -> int:
    from outreach.exam.results import export_results

    exam = _exam_or_fail(programme.db, args.exam) if args and args.exam else None
    return export_results(programme.db, path, exam)


def _export_standings(programme, path: Path, args=None) -> int:
    from outreach.exam.results import export_standings

    exam = _exam_or_fail(programme.db, args.exam) if args and args.exam else None
    return export_standings(programme.db, path, exam)


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

    def configure_print(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--exam", required=True, metavar="NAME", help=tr("exam.cli.exam_option")
        )
        parser.add_argument(
            "--versions", type=int, default=None, metavar="N", help=tr("exam.cli.versions_option")
        )
        parser.add_argument("--out", required=True, metavar="FILE", help=tr("exam.cli.out_option"))

    def configure_key(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--exam", required=True, metavar="NAME", help=tr("exam.cli.exam_option")
        )
        parser.add_argument("--out", required=True, metavar="FILE", help=tr("exam.cli.out_option"))

    def configure_answers(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--exam", required=True, metavar="NAME", help=tr("exam.cli.exam_option")
        )
        parser.add_argument("--dry-run", action="store_true", help=tr("exam.cli.dry_run_help"))

    registry.printer("exam", tr("exam.cli.print_exam_help"), _run_print_exam, configure_print)
    registry.printer("answer-key", tr("exam.cli.print_key_help"), _run_print_key, configure_key)
    registry.importer(
        "answers", tr("exam.cli.import_answers_help"), _run_import_answers, configure_answers
    )
    registry.exporter("results", _export_results, with_options=True)
    registry.exporter("standings", _export_standings, with_options=True)
