"""A question file in an unknown encoding, or empty, is named as such; nothing is imported."""

from __future__ import annotations

import pytest

from outreach.exam.question_import import preview_file
from outreach.spreadsheets import TableError


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty"), (b"  \n\n", "empty"), (b"1\xa1\xa2\xff\xff\xff\x80\n", "encoding")],
)
def test_unreadable_question_files(tmp_path, db, content, needle):
    path = tmp_path / "bank.txt"
    path.write_bytes(content)
    with pytest.raises(TableError) as caught:
        preview_file(path, db)
    assert "bank.txt" in str(caught.value) and needle in str(caught.value)
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 0
