"""Outreach Desk. ``python main.py`` opens the window; ``python main.py COMMAND …`` runs the
same operations headless (``python main.py --help``)."""

from __future__ import annotations

import sys

COMMAND_WORDS = {"-h", "--help", "--version"}


def wants_command_line(argv: list[str]) -> bool:
    args = argv[1:]
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg == "--db":
            skip_next = True
            continue
        if arg.startswith("--db="):
            continue
        return True
    return False


def main() -> int:
    if wants_command_line(sys.argv):
        from outreach.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
