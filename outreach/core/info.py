"""The programme's own name, kept in ``programme_info`` (shown in the window title, on Home,
in reports, rosters and bundles). Without one, the file's name stands in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.i18n import Message, msg

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_NAME_LENGTH = 80


class ProgrammeInfoError(Exception):
    """A name that was refused; nothing was written. ``message`` is translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


def clean_programme_name(name: str) -> str:
    """The name as it will be kept (spaces at either end dropped), or ProgrammeInfoError."""
    name = " ".join((name or "").split())  # a pasted line break or tab is a space
    if not name:
        raise ProgrammeInfoError(msg("programme.name.blank"))
    if len(name) > MAX_NAME_LENGTH:
        raise ProgrammeInfoError(
            msg("programme.name.too_long", length=len(name), limit=MAX_NAME_LENGTH)
        )
    return name


def rename_programme(db: Database, name: str) -> str:
    """Set the programme's name (one transaction); returns the name as kept."""
    name = clean_programme_name(name)
    with db.atomic():
        db.execute(
            "INSERT INTO programme_info (key, value) VALUES ('name', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [name],
        )
    return name
