"""The programme file: opening, migrations, backups. The database is opened only here."""

from outreach.storage.database import (
    DamagedFileError,
    NewerFileError,
    NotAProgrammeError,
    Programme,
    ProgrammeError,
    ReadOnlyPlaceError,
    memory_programme,
    new_id,
    open_programme,
)

__all__ = [
    "DamagedFileError",
    "NewerFileError",
    "NotAProgrammeError",
    "Programme",
    "ProgrammeError",
    "ReadOnlyPlaceError",
    "memory_programme",
    "new_id",
    "open_programme",
]
