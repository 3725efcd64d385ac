"""Reading and writing the tables organisers exchange: CSV (UTF-8, UTF-8 with BOM, GB18030,
UTF-16) and XLSX. Importers build on ``read_table``; exports use ``write_table``.

File-level problems raise ``TableError`` with a translatable message naming the file; row-level
checks are the importers' business (they know the rules) and name the row numbers kept here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outreach.atomic_files import atomic_path, os_reason
from outreach.i18n import Message, msg

MAX_IMPORT_BYTES = 20 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


class TableError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


class NothingToExport(TableError):
    """An export whose subject does not exist yet (no exam, no graded answer sheet, no final
    log): refused and no file written, since a table of headers alone would read as "nobody
    scored". Lists of records (teams, events, stock…) still export with headers when empty."""


@dataclass(frozen=True)
class TableRow:
    number: int  # 1-based row number as the user sees it in Excel (the header is row 1)
    cells: dict[str, str]  # canonical field -> normalised text ("" when blank)


@dataclass(frozen=True)
class Table:
    path: Path
    headers: list[str]
    rows: list[TableRow]


def normalise_cell(value: Any) -> str:
    """Text as the organiser meant it: full-width ASCII folded, trimmed, numbers kept exact."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        value = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, int):
        value = str(value)
    elif isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return str(value).translate(_FULLWIDTH).strip()


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TableError(msg("table.error.encoding", file=path.name)) from exc
    if b"\x00" in data:
        raise TableError(msg("table.error.binary", file=path.name))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(msg("table.error.encoding", file=path.name))


def _read_csv(path: Path, data: bytes) -> list[tuple[int, list[Any]]]:
    text = _decode(path, data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise TableError(msg("table.error.csv", file=path.name, detail=str(exc))) from exc


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(msg("table.error.xlsx", file=path.name, detail=str(exc))) from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise TableError(msg("table.error.xlsx", file=path.name, detail=str(exc))) from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except Exception as exc:
        raise TableError(msg("table.error.xlsx", file=path.name, detail=str(exc))) from exc
    finally:
        workbook.close()


def read_raw_rows(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> list[tuple[int, list]]:
    """Rows of the first sheet (XLSX) or of the CSV, with their row numbers, unnormalised."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError(
            msg("table.error.unreadable", file=str(path), detail=os_reason(exc))
        ) from exc
    if size == 0:
        raise TableError(msg("table.error.empty", file=path.name))
    if size > max_bytes:
        raise TableError(
            msg(
                "table.error.too_big",
                file=path.name,
                size_mb=round(size / 2**20, 1),
                limit_mb=max_bytes // 2**20,
            )
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, path.read_bytes())
    raise TableError(msg("table.error.extension", file=path.name))


def _header_names(names: Iterable[str]) -> str:
    """A missing column as the organiser may write it: its Chinese and English header
    (``学号/student_no``), never the program's own field name alone."""
    names = list(names)
    chinese = next((n for n in names if not n.isascii()), None)
    english = next((n for n in names if n.isascii()), None)
    return "/".join(n for n in (chinese, english) if n) or "?"


def read_table(
    path: str | Path,
    aliases: dict[str, Iterable[str]],
    required: Sequence[str],
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Table:
    """Read a table whose first non-blank row is the header.

    ``aliases`` maps each canonical field to the header texts that mean it (Chinese and
    English, compared case-insensitively); unknown columns are ignored, blank rows skipped.
    """
    path = Path(path)
    raw = read_raw_rows(path, max_bytes)
    lookup = {
        normalise_cell(alias).lower(): field for field, names in aliases.items() for alias in names
    }
    header_index = next(
        (i for i, (_, cells) in enumerate(raw) if any(normalise_cell(c) for c in cells)), None
    )
    if header_index is None:
        raise TableError(msg("table.error.empty", file=path.name))
    header_number, header_cells = raw[header_index]
    headers = [normalise_cell(c) for c in header_cells]
    columns: dict[str, int] = {}
    for index, text in enumerate(headers):
        field = lookup.get(text.lower())
        if field and field not in columns:
            columns[field] = index
    missing = [field for field in required if field not in columns]
    if missing:
        raise TableError(
            msg(
                "table.error.headers",
                file=path.name,
                row=header_number,
                missing=", ".join(_header_names(aliases.get(field, (field,))) for field in missing),
                found=", ".join(h for h in headers if h) or "-",
            )
        )
    rows = []
    for number, cells in raw[header_index + 1 :]:
        values = {
            field: normalise_cell(cells[index]) if index < len(cells) else ""
            for field, index in columns.items()
        }
        if any(values.values()):
            rows.append(TableRow(number, values))
    return Table(path, headers, rows)


def neutralise(value: Any) -> Any:
    """Stop spreadsheet programs from running a cell as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_table(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX by extension; returns rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise TableError(msg("table.error.export_extension", file=path.name))
    count = 0
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([neutralise(h) for h in headers])
                for row in rows:
                    writer.writerow([neutralise(v) for v in row])
                    count += 1
        else:
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            sheet.append([neutralise(h) for h in headers])
            for row in rows:
                sheet.append([neutralise(v) for v in row])
                count += 1
            workbook.save(tmp)
    return count
