"""Outreach Desk. ``python main.py`` opens the window; ``python main.py COMMAND …`` runs the
same operations headless (``python main.py --help``)."""

from __future__ import annotations

import gc
import sys

from outreach.locations import split_db_option


def wants_command_line(argv: list[str]) -> bool:
    """Anything besides ``--db PATH`` is a command (or ``--help``). ``--db`` without a path, or
    with an empty one, goes to the command line too, which reports the usage error (exit 2):
    the window would have opened the default file in its place."""
    db, rest = split_db_option(argv[1:])
    dangling = len(argv) > 1 and argv[-1] == "--db"
    return bool(rest) or dangling or db == ""


def main() -> int:
    if wants_command_line(sys.argv):
        from outreach.cli import main as cli_main

        return cli_main(sys.argv[1:])
    # Importing Qt and the window makes tens of thousands of objects that live as long as the
    # window: collecting meanwhile frees nothing. ui.app.run resumes it once the window shows.
    gc.disable()
    # The domain before Qt: PySide's import hook reads the source of every module imported
    # after PySide6, which costs the window's start-up a few milliseconds for these.
    import outreach.storage  # noqa: F401
    from ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
