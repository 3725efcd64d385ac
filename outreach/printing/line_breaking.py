"""Breaking printed text into lines by the Chinese rules (禁则, kinsoku): no line starts with
closing punctuation (，。、；：？！”’）》」』】… and their kind) and none ends with opening
punctuation (“‘（《「『【…). Lines break anywhere between CJK characters and at spaces between
Latin words, which stay whole.

ReportLab's ``wordWrap="CJK"`` only lets a few closing marks hang in the margin (not ，” or
》) and lets a line end on “, so text wrapped by the program itself goes through ``wrap_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Closing punctuation: may not start a line. Half-width marks are here for a ")" or "," typed
# straight after a CJK character (after a Latin word they are part of the word anyway).
CANNOT_START = frozenset("，。、；：？！”’）》」』】〕〗〙〉］｝…‥・·％‰℃°～．)]}.,;:!?%")
# Opening punctuation: may not end a line.
CANNOT_END = frozenset("“‘（《「『【〔〖〘〈［｛([{")
# Marks that come in pairs and are never split between lines: —— and …….
_UNSPLIT = frozenset("—…")

# A Latin word with its own punctuation and the spaces after it, a run of spaces, or one
# character (CJK characters break anywhere).
_TOKENS = re.compile(r"[A-Za-z0-9\-_.,;:!?'\"()%/]+\s*|\s+|.")


def _units(paragraph: str) -> list[str]:
    """The paragraph as pieces no line break may fall inside: a token with the closing marks
    after it and the opening marks before it."""
    units: list[str] = []
    glue_next = False
    for token in _TOKENS.findall(paragraph):
        first = token[0]
        if units and (
            glue_next or first in CANNOT_START or (first in _UNSPLIT and units[-1][-1:] == first)
        ):
            units[-1] += token
        else:
            units.append(token)
        glue_next = token[-1] in CANNOT_END
    return units


def wrap_text(text: str, width_of: Callable[[str], float], box_w: float) -> list[str]:
    """Break ``text`` into lines no wider than ``box_w`` (as ``width_of`` measures a line),
    keeping the line-breaking rules above; explicit newlines are kept. A piece wider than the
    box on its own gets a line of its own and overflows it."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            candidate = line + unit
            if line and width_of(candidate.rstrip()) > box_w:
                lines.append(line.rstrip())
                line = unit.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


# An answer blank typed as "（ ）" or "( )": the spaces inside are part of it.
_BLANK = re.compile(r"([（(])([ \u3000]+)([）)])")


def glued_blanks(text: str) -> str:
    """``text`` with the spaces inside answer blanks made no-break spaces, so a screen's own
    line breaking (Qt's) never leaves "（" at a line's end and "）。" at the next one's start."""
    return _BLANK.sub(lambda m: m[1] + "\u00a0" * len(m[2]) + m[3], text)
