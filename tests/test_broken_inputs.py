"""The broken-input corpus (tests/corpus/): every importer refuses each file with exit 1 and a
clear message naming the file (and row or line where one applies), and the programme file's
contents are unchanged (hash of every table before and after)."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest

from outreach.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"

COMMANDS = {
    "roster": lambda f: ["import", "roster", str(f)],
    "questions": lambda f: ["import", "questions", str(f)],
    "answers": lambda f: ["import", "answers", str(f), "--exam", "初赛"],
    "bundles": lambda f: ["merge", str(f)],
}

# file -> what the message must say besides the file name (row/line and the reason)
EXPECTED = {
    "roster/empty.csv": ["empty"],
    "roster/header_only.csv": ["no members"],
    "roster/wrong_headers.csv": ["row 1", "missing column"],
    "roster/binary_garbage.csv": ["binary"],
    "roster/pdf_renamed.csv": ["binary"],
    "roster/invalid_encoding.csv": ["encoding"],
    "roster/two_captains.csv": ["row 2", "2 captains"],
    "roster/duplicate_student_no.csv": ["row 3", "2026090901", "repeats row 2"],
    "roster/team_too_big.csv": ["row 8", "too many members: 7", "守望队"],
    "roster/missing_name.csv": ["row 3", "name is empty"],
    "roster/bad_phone.csv": ["row 5", "12345"],
    "roster/unknown_role.csv": ["row 4", "教练"],
    "roster/unterminated_quote.csv": ["row 3"],
    "roster/zip_renamed.xlsx": ["Excel", "damaged"],
    "roster/text_renamed.xlsx": ["Excel", "damaged"],
    "roster/truncated.xlsx": ["Excel", "damaged"],
    "roster/formula_cells.xlsx": ["row 3", "row 4"],
    "questions/empty.txt": ["empty"],
    "questions/no_answer.txt": ["line 1", "No answer"],
    "questions/answer_not_in_options.txt": ["line 6", '"F"'],
    "questions/duplicate_question.txt": ["line 8", "Duplicate", "line 1"],
    "questions/empty_option.txt": ["line 3", "Option B is empty"],
    "questions/binary_garbage.txt": ["binary"],
    "questions/invalid_encoding.txt": [],
    "questions/no_questions_at_all.txt": ["No questions"],
    "questions/wrong_headers.csv": ["row 1", "missing column"],
    "questions/formula_cells.xlsx": ["row 2", "row 3"],
    "questions/zip_renamed.xlsx": ["Excel", "damaged"],
    "answers/empty.csv": ["empty"],
    "answers/wrong_headers.csv": ["row 1", "missing column"],
    "answers/unknown_student.csv": ["row 2", "9999999999"],
    "answers/unknown_version.csv": ["row 2", '"Z"'],
    "answers/bad_letters.csv": ["row 2", '"X"'],
    "answers/binary_garbage.csv": ["binary"],
    "answers/formula_cells.xlsx": ["row 2"],
    "bundles/empty.json": ["empty"],
    "bundles/garbage.json": ["not a bundle"],
    "bundles/truncated.json": ["damaged at line 1"],
    "bundles/not_a_bundle.json": ["not a bundle"],
    "bundles/newer_format.json": ["version 7"],
    "bundles/row_wrong_length.json": ["table teams, row 1"],
    "bundles/from_newer_program.json": ["9999_from_the_future"],
    "bundles/utf16.json": ["not a bundle"],
}


def table_hash(db_path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        digest = hashlib.sha256()
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        for name in names:
            rows = sorted(repr(r) for r in conn.execute(f"SELECT * FROM [{name}]"))
            digest.update(name.encode())
            digest.update("\n".join(rows).encode())
        return digest.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "demo.db"
    assert main(["--db", str(path), "demo"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return path


@pytest.fixture
def programme_copy(demo_file, tmp_path):
    path = tmp_path / "programme.db"
    shutil.copy(demo_file, path)  # the demo was closed: no WAL beside it
    return path


def refuse(db: Path, args: list[str]) -> str:
    from outreach import i18n

    out, err = io.StringIO(), io.StringIO()
    before = table_hash(db)
    i18n.set_language("en")
    code = main(["--db", str(db), *args], stdout=out, stderr=err)
    assert code == 1, f"exit {code}: {out.getvalue()} {err.getvalue()}"
    assert table_hash(db) == before, "the programme file changed"
    return err.getvalue()


def test_the_corpus_is_complete():
    files = sorted(
        str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS
    )
    assert files == sorted(EXPECTED)
    assert len(files) >= 30
    assert {f.split("/")[0] for f in files} == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_input_is_refused_with_a_clear_message(name, programme_copy, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    path = CORPUS / name
    message = refuse(programme_copy, COMMANDS[name.split("/")[0]](path))
    assert path.name in message
    for fragment in EXPECTED[name]:
        assert fragment in message, f"{fragment!r} not in {message!r}"


@pytest.mark.parametrize(
    ("kind", "suffix"), [("roster", ".csv"), ("questions", ".txt"), ("answers", ".csv")]
)
def test_huge_files_are_refused_before_reading(kind, suffix, programme_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    from outreach.spreadsheets import MAX_IMPORT_BYTES

    huge = tmp_path / f"huge_{kind}{suffix}"
    line = "2026级精算9班,守望队,陈晓,2026090901,13800000001,队长\n".encode()
    with open(huge, "wb") as handle:
        handle.write("班级,队名,姓名,学号,手机,角色\n".encode())
        handle.write(line * (MAX_IMPORT_BYTES // len(line) + 10))
    message = refuse(programme_copy, COMMANDS[kind](huge))
    assert huge.name in message


def test_huge_bundle_is_refused(programme_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    from outreach.exchange import bundle

    monkeypatch.setattr(bundle, "MAX_BUNDLE_BYTES", 1024 * 1024)
    huge = tmp_path / "huge.bundle.json"
    huge.write_bytes(b" " * (1024 * 1024 + 1))
    assert "huge.bundle.json" in refuse(programme_copy, ["merge", str(huge)])
