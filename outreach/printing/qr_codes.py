"""QR matrices for certificate serials, from segno.

A fixed mask and no error-level boost skip segno's evaluation of all eight masks (every mask
is valid by the standard), which keeps a 1,000-certificate batch fast.
"""

from __future__ import annotations

import segno


def qr_matrix(text: str) -> tuple[bytearray, ...]:
    """Rows of 0/1 (dark = 1) for ``text``."""
    return tuple(segno.make(text, error="m", micro=False, mask=0, boost_error=False).matrix)
