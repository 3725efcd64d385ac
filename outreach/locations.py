"""Where things live on disk: bundled assets, the user's data folder, logs, and the programme
file the command line names."""

from __future__ import annotations

import os
from pathlib import Path

from outreach import APP_ID

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"
# The bundled OFL CJK font (TrueType outlines, so ReportLab can embed it), used by Qt and PDFs.
BUNDLED_REGULAR = FONTS_DIR / "NotoSansSC-Regular.ttf"
BUNDLED_BOLD = FONTS_DIR / "NotoSansSC-Bold.ttf"
I18N_DIR = ASSETS_DIR / "i18n"


def user_data_dir() -> Path:
    """The per-user data folder; OUTREACH_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("OUTREACH_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs  # imported when needed: a few ms of start-up otherwise

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_programme_path() -> Path:
    return user_data_dir() / "programme.outreach.db"


def folder_problem(folder: Path) -> OSError | None:
    """Why files cannot be made in ``folder`` (made if missing), or None when they can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            raise PermissionError(13, os.strerror(13), str(folder))
    except OSError as exc:
        return exc
    return None


def log_dir() -> Path:
    return user_data_dir() / "logs"


def backups_dir_for(programme_path: Path) -> Path:
    """Backups sit beside the programme file so that they travel with it on a USB stick."""
    return programme_path.parent / f"{programme_path.name}.backups"


def split_db_option(args: list[str]) -> tuple[str | None, list[str]]:
    """``--db PATH`` or ``--db=PATH`` taken out of ``args`` (the last one wins), and the rest.

    The window's only option; read without argparse, which costs start-up a few milliseconds.
    """
    db: str | None = None
    rest: list[str] = []
    remaining = iter(args)
    for arg in remaining:
        if arg == "--db":
            db = next(remaining, db)
        elif arg.startswith("--db="):
            db = arg.removeprefix("--db=")
        else:
            rest.append(arg)
    return db, rest
