"""The command line (DESIGN.md §3): ``python main.py COMMAND …`` runs the same domain
operations as the window, headless.

Exit status: 0 success; 1 the input or data had errors (each on stderr, nothing changed);
2 usage error. Concepts add their commands through ``Feature.register_commands``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from outreach import APP_NAME, __version__
from outreach.feature_registry import all_features
from outreach.i18n import (
    DEFAULT_PRINT_LANGUAGE,
    LANGUAGES,
    Message,
    msg,
    set_language,
    system_language,
    tr,
)
from outreach.locations import default_programme_path
from outreach.spreadsheets import TableError
from outreach.storage import Programme, ProgrammeError, open_programme
from outreach.storage.lock import ProgrammeLocked

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

Runner = Callable[[argparse.Namespace, "CliContext"], int]
Configurer = Callable[[argparse.ArgumentParser], None]
Exporter = Callable[[Programme, Path], int]


# What each kind of output is written as: a name ending otherwise is a usage error.
EXPORT_EXTENSIONS = (".csv", ".xlsx")


def require_pdf(out: str | None) -> None:
    """Printouts are PDF: ``--out x.txt`` would write a PDF that nothing opens as one."""
    if out and not out.lower().endswith(".pdf"):
        raise CliUsageError([msg("cli.error.pdf_extension", file=out)])


class CliFailure(Exception):
    """Raise from a command to stop with exit 1 after reporting these problems."""

    def __init__(self, problems: Sequence[str | Message]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


class CliUsageError(CliFailure):
    """Raise from a command to stop with exit 2 (a usage error: an option's value or an output
    name it cannot take) after reporting these problems; checked before the file is opened."""


@dataclass
class CliContext:
    args: argparse.Namespace
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    _programme: Programme | None = None

    @property
    def db_path(self) -> Path:
        return Path(self.args.db) if self.args.db else default_programme_path()

    def programme(self, *, create: bool = False) -> Programme:
        """The programme file, opened once. Only commands that put data into a programme
        (``demo``, imports, ``merge``) ``create`` a missing file; the others refuse it
        (``check`` of a mistyped path must not make an empty programme there)."""
        if self._programme is None:
            # The same single-writer lock as the window: a command never writes under an
            # organiser who has the file open (ProgrammeLocked names who holds it).
            self._programme = open_programme(self.db_path, create=create, lock=True)
        return self._programme

    def say(self, text: str | Message) -> None:
        print(str(text), file=self.stdout)

    def problem(self, text: str | Message) -> None:
        print(str(text), file=self.stderr)

    def missing_characters(self, intro: str | Message, missing: Sequence) -> None:
        """``intro``, then each character the printout's font lacks (the font doctor's
        ``MissingCharacter`` list) on a line of its own: a file written, but never silently
        with boxes."""
        self.problem(intro)
        for item in missing:
            self.problem("  " + item.describe().render())

    def close(self) -> None:
        if self._programme is not None:
            self._programme.close()
            self._programme = None


class CommandRegistry:
    """Where concepts hang their commands: top-level ones, ``import X``, ``export X``, ``print X``."""

    def __init__(self, parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
        self._common = common
        self._commands = parser.add_subparsers(dest="command", metavar="COMMAND")
        self._groups: dict[str, argparse._SubParsersAction] = {}
        self.exporters: dict[str, Exporter] = {}
        self.exporters_with_options: set[str] = set()

    def command(
        self, name: str, help_text: str, run: Runner, configure: Configurer | None = None
    ) -> argparse.ArgumentParser:
        sub = self._commands.add_parser(name, help=help_text, parents=[self._common])
        if configure:
            configure(sub)
        sub.set_defaults(run=run)
        return sub

    def _group(self, name: str, help_text: str) -> argparse._SubParsersAction:
        if name not in self._groups:
            group_parser = self._commands.add_parser(name, help=help_text, parents=[self._common])
            self._groups[name] = group_parser.add_subparsers(dest=f"{name}_what", metavar="WHAT")
            group_parser.set_defaults(run=_missing_what(group_parser))
        return self._groups[name]

    def _in_group(
        self,
        group: str,
        group_help: str,
        what: str,
        help_text: str,
        run: Runner,
        configure: Configurer | None,
    ) -> argparse.ArgumentParser:
        sub = self._group(group, group_help).add_parser(
            what, help=help_text, parents=[self._common]
        )
        if configure:
            configure(sub)
        sub.set_defaults(run=run)
        return sub

    def importer(
        self, what: str, help_text: str, run: Runner, configure: Configurer | None = None
    ) -> argparse.ArgumentParser:
        return self._in_group("import", tr("cli.import.help"), what, help_text, run, configure)

    def printer(
        self, what: str, help_text: str, run: Runner, configure: Configurer | None = None
    ) -> argparse.ArgumentParser:
        def checked(args: argparse.Namespace, ctx: CliContext) -> int:
            require_pdf(getattr(args, "out", None))
            return run(args, ctx)

        sub = self._in_group("print", tr("cli.print.help"), what, help_text, checked, configure)
        # Every printout speaks either language, so the option lives here, once, the same for
        # all of them (``--language`` is the older spelling, kept for scripts that use it).
        sub.add_argument(
            "--lang",
            "--language",
            dest="language",
            choices=LANGUAGES,
            default=DEFAULT_PRINT_LANGUAGE,
            help=tr("printing.cli.lang_help"),
        )
        return sub

    def exporter(self, what: str, export: Exporter, *, with_options: bool = False) -> None:
        """``export WHAT FILE``: ``export(programme, path)`` writes CSV or XLSX, returns rows;
        ``with_options`` passes the parsed arguments too (``export(programme, path, args)``)."""
        self.exporters[what] = export
        if with_options:
            self.exporters_with_options.add(what)


def _missing_what(parser: argparse.ArgumentParser) -> Runner:
    def run(args: argparse.Namespace, ctx: CliContext) -> int:
        parser.print_usage(ctx.stderr)
        ctx.problem(tr("cli.error.missing_what"))
        return EXIT_USAGE

    return run


def _run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    registry: dict[str, Exporter] = args.exporters
    if args.what not in registry:
        ctx.problem(tr("cli.error.unknown_export", what=args.what, known=", ".join(registry)))
        return EXIT_USAGE
    if not args.file.lower().endswith(EXPORT_EXTENSIONS):
        raise CliUsageError([msg("table.error.export_extension", file=args.file)])
    export = registry[args.what]
    if args.what in args.exporters_with_options:
        rows = export(ctx.programme(), Path(args.file), args)
    else:
        rows = export(ctx.programme(), Path(args.file))
    ctx.say(tr("cli.export.done", rows=rows, file=args.file))
    return EXIT_OK


def _run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.demo import DemoRefused, fill_demo

    try:
        counts = fill_demo(ctx.programme(create=True).db)
    except DemoRefused as refused:
        # which file (DESIGN §3: every problem names its file)
        raise CliFailure(
            [tr("cli.error.in_file", file=str(ctx.db_path), reason=refused.message)]
        ) from refused
    ctx.say(tr("cli.demo.done", file=str(ctx.db_path)))
    for key, count in counts:
        ctx.say(f"  {tr(key)}: {count}")
    return EXIT_OK


def _run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.checks import run_checks

    problems = run_checks(ctx.programme().db)
    if problems:
        for problem in problems:
            ctx.problem(f"{ctx.db_path}: {problem}")
        return EXIT_DATA
    ctx.say(tr("cli.check.ok", file=str(ctx.db_path)))
    return EXIT_OK


def _run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.storage import backups

    programme = ctx.programme()
    target = Path(args.out) if args.out else backups.backup_path(ctx.db_path, "manual")
    backups.snapshot(programme.conn, target)
    ctx.say(tr("cli.backup.done", file=str(target)))
    return EXIT_OK


def build_parser() -> tuple[argparse.ArgumentParser, CommandRegistry]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=tr("cli.db.help"))
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME} {__version__} — {tr('app.tagline')}",
        epilog=tr("cli.epilog"),
    )
    parser.add_argument("--db", metavar="PATH", default=None, help=tr("cli.db.help"))
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    registry = CommandRegistry(parser, common)
    registry.command("demo", tr("cli.demo.help"), _run_demo)
    registry.command("check", tr("cli.check.help"), _run_check)
    registry.command(
        "backup",
        tr("cli.backup.help"),
        _run_backup,
        lambda p: p.add_argument("--out", metavar="FILE", help=tr("cli.backup.out_help")),
    )
    for feature in all_features():
        if feature.register_commands:
            feature.register_commands(registry)
    export = registry.command("export", tr("cli.export.help"), _run_export)
    export.add_argument("what", metavar="WHAT", help=tr("cli.export.what_help"))
    export.add_argument("file", metavar="FILE")
    export.add_argument("--exam", metavar="NAME", default=None, help=tr("cli.export.exam_help"))
    export.set_defaults(
        exporters=registry.exporters, exporters_with_options=registry.exporters_with_options
    )
    return parser, registry


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    set_language(system_language())
    parser, _ = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(stdout or sys.stdout)
        return EXIT_USAGE
    if args.db is not None and not args.db.strip():
        # ``--db ""`` (an unset shell variable) must not quietly mean the default file
        print(tr("cli.error.empty_db"), file=stderr or sys.stderr)
        return EXIT_USAGE
    ctx = CliContext(args, stdout or sys.stdout, stderr or sys.stderr)
    try:
        return args.run(args, ctx)
    except CliUsageError as usage:  # before CliFailure, which it extends
        for problem in usage.problems:
            ctx.problem(problem)
        return EXIT_USAGE
    except CliFailure as failure:
        for problem in failure.problems:
            ctx.problem(problem)
        return EXIT_DATA
    except (ProgrammeError, TableError, ProgrammeLocked) as error:
        ctx.problem(error.message)
        return EXIT_DATA
    except OSError as error:  # an output folder that cannot be written, a file gone
        from outreach.atomic_files import os_error_message

        ctx.problem(os_error_message(error))
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()
