"""The font doctor: which fonts can print a certificate, and which characters a font lacks.

ReportLab embeds only TrueType outlines (``glyf``); OpenType/CFF fonts fail and a font whose
OS/2 ``fsType`` forbids embedding or subsetting cannot be embedded (NOTES.md). The doctor reads
the font file's table directory itself, so it can say *why* a font is refused without loading
it. Before every batch, ``missing_characters`` checks each string against the chosen font and
names the characters the font has no glyph for, with the names they occur in: ReportLab would
otherwise draw a silent box (``.notdef``).
"""

from __future__ import annotations

import os
import struct
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from outreach.i18n import Message, msg
from outreach.printing.fonts import (
    BUNDLED_BOLD,
    BUNDLED_BOLD_NAME,
    BUNDLED_FAMILY,
    BUNDLED_REGULAR,
    register_bundled_fonts,
)

BUNDLED_KEY = "bundled"

# Chinese-capable system fonts worth checking (file names, lower case). Windows, macOS, Linux.
_KNOWN_CJK_FILES = (
    "msyh.ttc",
    "msyh.ttf",
    "msyhbd.ttc",
    "simhei.ttf",
    "simsun.ttc",
    "simkai.ttf",
    "simfang.ttf",
    "stheiti light.ttc",
    "stheiti medium.ttc",
    "songti.ttc",
    "pingfang.ttc",
    "hiragino sans gb.ttc",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "uming.ttc",
    "ukai.ttc",
    "notosanscjk-regular.ttc",
    "notoserifcjk-regular.ttc",
    "droidsansfallbackfull.ttf",
    "droidsansfallback.ttf",
    "sourcehansanssc-regular.otf",
    "notosanssc-regular.otf",
)


def _font_dirs() -> list[Path]:
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        return [windir / "Fonts", local]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            Path.home() / "Library" / "Fonts",
        ]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]


@dataclass(frozen=True)
class FontCandidate:
    """A font file (or one face of a ``.ttc``) and the doctor's verdict on it."""

    key: str  # "bundled" or "path#index"
    path: Path
    index: int
    family: str
    usable: bool
    reason: Message | None = None  # why it is refused
    bundled: bool = False

    def label(self) -> str:
        return f"{self.family} ({self.path.name})"


class FontFileError(ValueError):
    def __init__(self, reason: Message) -> None:
        super().__init__(reason.render("en"))
        self.reason = reason


@dataclass(frozen=True)
class _Face:
    tables: dict[bytes, tuple[int, int]]  # tag -> (offset, length)
    sfnt_version: bytes


def _read_faces(data: bytes) -> list[_Face]:
    if len(data) < 12:
        raise FontFileError(msg("fonts.reason.not_a_font"))
    if data[:4] == b"ttcf":
        count = struct.unpack(">I", data[8:12])[0]
        offsets = struct.unpack(f">{count}I", data[12 : 12 + 4 * count])
    else:
        offsets = (0,)
    faces = []
    for offset in offsets:
        version = data[offset : offset + 4]
        if version not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            raise FontFileError(msg("fonts.reason.not_a_font"))
        (count,) = struct.unpack(">H", data[offset + 4 : offset + 6])
        tables = {}
        for i in range(count):
            start = offset + 12 + 16 * i
            tag, _checksum, table_offset, length = struct.unpack(">4sIII", data[start : start + 16])
            tables[tag] = (table_offset, length)
        faces.append(_Face(tables, version))
    return faces


def _family_name(data: bytes, face: _Face) -> str:
    if b"name" not in face.tables:
        return ""
    base, _ = face.tables[b"name"]
    _fmt, count, string_offset = struct.unpack(">HHH", data[base : base + 6])
    found: dict[tuple[int, int], str] = {}
    for i in range(count):
        rec = base + 6 + 12 * i
        platform, _encoding, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", data[rec : rec + 12]
        )
        if name_id != 1:
            continue
        raw = data[base + string_offset + offset : base + string_offset + offset + length]
        if platform == 3 or platform == 0:
            text = raw.decode("utf-16-be", errors="replace")
        else:
            text = raw.decode("latin-1", errors="replace")
        found[(platform, language)] = text
    # Prefer the Chinese name, then US English, then anything.
    for preferred in ((3, 0x0804), (3, 0x0409), (1, 0)):
        if preferred in found:
            return found[preferred]
    return next(iter(found.values()), "")


def _verdict(data: bytes, face: _Face) -> Message | None:
    """None when ReportLab can embed the face, otherwise the reason it cannot."""
    if b"CFF " in face.tables or b"CFF2" in face.tables or face.sfnt_version == b"OTTO":
        return msg("fonts.reason.cff")
    if b"glyf" not in face.tables:
        return msg("fonts.reason.no_outlines")
    if b"OS/2" in face.tables:
        base, _ = face.tables[b"OS/2"]
        (fs_type,) = struct.unpack(">H", data[base + 8 : base + 10])
        # The same rule ReportLab applies (ttfonts.py): restricted licence, no subsetting or
        # bitmap-only embedding all make the font unusable for a subset-embedded PDF.
        if fs_type == 0x0002:
            return msg("fonts.reason.restricted", fs_type=f"{fs_type:04X}")
        if fs_type & 0x0300:
            return msg("fonts.reason.no_subsetting", fs_type=f"{fs_type:04X}")
    if b"cmap" not in face.tables:
        return msg("fonts.reason.no_cmap")
    return None


def inspect_font_file(path: str | Path) -> list[FontCandidate]:
    """Every face in the file with its verdict (an unreadable file gives one refused entry)."""
    path = Path(path)
    try:
        data = path.read_bytes()
        faces = _read_faces(data)
    except (OSError, struct.error) as exc:
        return [
            FontCandidate(
                f"{path}#0",
                path,
                0,
                path.stem,
                False,
                msg("fonts.reason.unreadable", detail=str(exc)),
            )
        ]
    except FontFileError as exc:
        return [FontCandidate(f"{path}#0", path, 0, path.stem, False, exc.reason)]
    candidates = []
    for index, face in enumerate(faces):
        try:
            family = _family_name(data, face) or path.stem
            reason = _verdict(data, face)
        except struct.error as exc:
            family, reason = path.stem, msg("fonts.reason.unreadable", detail=str(exc))
        candidates.append(
            FontCandidate(f"{path}#{index}", path, index, family, reason is None, reason)
        )
    return candidates


def bundled_candidate() -> FontCandidate:
    return FontCandidate(BUNDLED_KEY, BUNDLED_REGULAR, 0, "Noto Sans SC", True, None, bundled=True)


def system_font_files(dirs: Iterable[Path] | None = None) -> list[Path]:
    wanted = set(_KNOWN_CJK_FILES)
    found: list[Path] = []
    for folder in dirs if dirs is not None else _font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower() in wanted:
                    found.append(Path(root) / name)
    return sorted(found)


def list_fonts(dirs: Iterable[Path] | None = None) -> list[FontCandidate]:
    """The bundled font first, then every checked Chinese-capable system font face."""
    candidates = [bundled_candidate()]
    for path in system_font_files(dirs):
        candidates += inspect_font_file(path)
    return candidates


@dataclass(frozen=True)
class ChosenFont:
    """ReportLab font names for the regular and the bold weight of the chosen font."""

    key: str
    regular: str
    bold: str
    label: str


@cache
def _register_face(path: str, index: int) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"Doctor-{Path(path).stem.replace(' ', '')}-{index}"
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


def choose_font(key: str | None = None) -> ChosenFont:
    """Register the font ``key`` (from ``list_fonts``) with ReportLab; default: bundled."""
    if not key or key == BUNDLED_KEY:
        fonts = register_bundled_fonts()
        return ChosenFont(BUNDLED_KEY, fonts.regular, fonts.bold, "Noto Sans SC")
    path_text, _, index_text = key.rpartition("#")
    path = Path(path_text or key)
    index = int(index_text) if index_text.isdigit() else 0
    faces = inspect_font_file(path)
    face = next((f for f in faces if f.index == index), None)
    if face is None:
        raise FontFileError(msg("fonts.reason.unreadable", detail=key))
    if not face.usable:
        assert face.reason is not None
        raise FontFileError(face.reason)
    try:
        name = _register_face(str(path), index)
    except Exception as exc:  # ReportLab's TTFError and struct errors from odd files
        raise FontFileError(msg("fonts.reason.unreadable", detail=str(exc))) from exc
    # System CJK fonts rarely ship a matching bold: both weights use the same face.
    return ChosenFont(key, name, name, face.label())


def is_bundled_name(name: str) -> bool:
    return name in (BUNDLED_FAMILY, BUNDLED_BOLD_NAME)


def bundled_paths() -> tuple[Path, Path]:
    return BUNDLED_REGULAR, BUNDLED_BOLD


@dataclass(frozen=True)
class MissingCharacter:
    char: str
    owners: tuple[str, ...]  # the names (or texts) it occurs in

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def unicode_name(self) -> str:
        return unicodedata.name(self.char, "?")

    def describe(self) -> Message:
        return msg(
            "fonts.missing_char",
            char=self.char,
            codepoint=self.codepoint,
            uname=self.unicode_name,
            owners=[*self.owners[:8], *(["…"] if len(self.owners) > 8 else [])],
            count=len(self.owners),
        )


def missing_characters(font_name: str, texts: Iterable[tuple[str, str]]) -> list[MissingCharacter]:
    """Characters of the texts that ``font_name`` has no glyph for.

    ``texts`` are ``(owner, text)`` pairs, e.g. ``("阿依古丽·买买提", "阿依古丽·买买提 同学")``;
    each missing character is listed once with every owner it occurs in.
    """
    from reportlab.pdfbase import pdfmetrics

    char_to_glyph = pdfmetrics.getFont(font_name).face.charToGlyph
    owners: dict[str, list[str]] = {}
    for owner, text in texts:
        for ch in set(text):
            if ch.isspace() or unicodedata.category(ch) == "Cc":
                continue
            if ord(ch) not in char_to_glyph:
                names = owners.setdefault(ch, [])
                if owner not in names:
                    names.append(owner)
    return [MissingCharacter(ch, tuple(names)) for ch, names in sorted(owners.items())]
