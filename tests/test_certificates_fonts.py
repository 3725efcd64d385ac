"""The font doctor: refuses CFF outlines and fonts whose licence forbids embedding, with the
reason; accepts TrueType collections; lists missing characters with the names they occur in."""

from __future__ import annotations

import struct

import pytest

from outreach.printing.font_doctor import (
    FontFileError,
    choose_font,
    inspect_font_file,
    list_fonts,
    missing_characters,
)
from outreach.printing.fonts import BUNDLED_REGULAR


def sfnt(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    header = version + struct.pack(">HHHH", len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    records, body = b"", b""
    for tag, data in tables.items():
        records += struct.pack(">4sIII", tag, 0, offset + len(body), len(data))
        body += data
    return header + records + body


def with_fs_type(data: bytes, fs_type: int) -> bytes:
    (count,) = struct.unpack(">H", data[4:6])
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"OS/2":
            return data[: offset + 8] + struct.pack(">H", fs_type) + data[offset + 10 :]
    raise AssertionError("no OS/2 table")


def test_cff_fonts_are_refused_with_the_reason(tmp_path):
    path = tmp_path / "NotoSansCJK-Regular.otf"
    path.write_bytes(sfnt(b"OTTO", {b"CFF ": b"\0" * 8, b"cmap": b"\0" * 4}))
    (candidate,) = inspect_font_file(path)
    assert not candidate.usable
    assert "CFF" in candidate.reason.render("en")
    with pytest.raises(FontFileError, match="CFF"):
        choose_font(f"{path}#0")


@pytest.mark.parametrize(("fs_type", "word"), [(0x0002, "forbids embedding"), (0x0200, "bitmap")])
def test_fonts_that_forbid_embedding_are_refused(tmp_path, fs_type, word):
    path = tmp_path / "restricted.ttf"
    path.write_bytes(with_fs_type(BUNDLED_REGULAR.read_bytes(), fs_type))
    (candidate,) = inspect_font_file(path)
    assert not candidate.usable and word in candidate.reason.render("en")
    assert f"{fs_type:04X}" in candidate.reason.render("zh_CN")


def test_installable_fonts_and_collections_are_accepted(tmp_path):
    path = tmp_path / "fine.ttf"
    path.write_bytes(with_fs_type(BUNDLED_REGULAR.read_bytes(), 0x0008))
    (candidate,) = inspect_font_file(path)
    assert candidate.usable and candidate.family == "Noto Sans SC"
    # A .ttc with two faces.
    face = sfnt(b"\0\1\0\0", {b"glyf": b"", b"cmap": b""})
    ttc = b"ttcf" + struct.pack(">HHI", 1, 0, 2)
    offsets = struct.pack(">II", 20, 20 + len(face))
    data = bytearray(ttc + offsets)
    # Table offsets inside each face are absolute in a collection: rebuild them.
    for base in (20, 20 + len(face)):
        rebuilt = bytearray(face)
        for i in range(2):
            start = 12 + 16 * i + 8
            (offset,) = struct.unpack(">I", rebuilt[start : start + 4])
            rebuilt[start : start + 4] = struct.pack(">I", offset + base)
        data += rebuilt
    path = tmp_path / "two.ttc"
    path.write_bytes(bytes(data))
    faces = inspect_font_file(path)
    assert [f.index for f in faces] == [0, 1] and all(f.usable for f in faces)


def test_garbage_is_refused_not_crashed(tmp_path):
    path = tmp_path / "x.ttf"
    path.write_bytes(b"not a font at all")
    (candidate,) = inspect_font_file(path)
    assert not candidate.usable and candidate.reason is not None


def test_bundled_font_comes_first_and_missing_characters_name_their_owners():
    fonts = list_fonts(dirs=[])
    assert fonts[0].bundled and fonts[0].usable
    font = choose_font()
    missing = missing_characters(
        font.regular,
        [
            ("阿依古丽·买买提", "阿依古丽·买买提 同学"),
            ("王𠇔", "王𠇔 同学"),
            ("刘𠇔", "刘𠇔"),
            ("表情😀", "表情😀"),
        ],
    )
    assert [(m.char, m.owners) for m in missing] == [
        ("😀", ("表情😀",)),  # in code point order
        ("𠇔", ("王𠇔", "刘𠇔")),
    ]
    line = missing[1].describe().render("zh_CN")
    assert "U+201D4" in line and "王𠇔" in line and "刘𠇔" in line


def test_the_missing_character_messages_read_right_for_one_character():
    # "The font Noto Sans SC lacks 1 characters" and "missing … in 1: 吉𠮷" in English.
    from outreach.i18n import tr_in
    from outreach.printing.font_doctor import MissingCharacter

    for key in ("awards.cli.fonts.missing", "awards.error.missing_glyphs"):
        assert "1 characters" not in tr_in("en", key, font="Noto Sans SC", count=1)
    line = MissingCharacter("𠮷", ("吉𠮷",)).describe().render("en")
    assert "in 1:" not in line and "吉𠮷" in line
