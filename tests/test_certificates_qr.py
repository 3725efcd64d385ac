"""QR matrices for serials: what segno makes, and decodable by a scanner (zbar)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import segno

from outreach.printing.qr_codes import qr_matrix


def test_matrix_is_segnos_with_a_fixed_mask():
    text = "2026-QZ-0001 K7QX2M"
    expected = segno.make(text, error="m", micro=False, mask=0, boost_error=False)
    assert tuple(bytes(r) for r in qr_matrix(text)) == tuple(bytes(r) for r in expected.matrix)
    assert len(qr_matrix(text)) == 21  # version 1: the quiet zone is left to the drawing


def test_serials_decode_with_zbar(tmp_path):
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg (zbar-tools) not installed")
    from PIL import Image

    texts = ["2026-QZ-0001 K7QX2M", "2026-ZY-0042 SUZY5F", "2027-QZ-9999 ABCDEF"]
    paths = []
    for n, text in enumerate(texts):
        matrix = qr_matrix(text)
        size = len(matrix) + 8
        image = Image.new("L", (size, size), 255)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    image.putpixel((x + 4, y + 4), 0)
        path = tmp_path / f"{n:02d}.png"
        image.resize((size * 6, size * 6), Image.Resampling.NEAREST).save(path)
        paths.append(path)
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", *map(str, paths)], capture_output=True, text=True
    ).stdout.splitlines()
    assert out == texts
