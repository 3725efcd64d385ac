"""Where things live on disk: bundled assets, the user's data folder, logs."""

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


def log_dir() -> Path:
    return user_data_dir() / "logs"


def backups_dir_for(programme_path: Path) -> Path:
    """Backups sit beside the programme file so that they travel with it on a USB stick."""
    return programme_path.parent / f"{programme_path.name}.backups"
