"""Money is integer fen. Organisers type yuan ("12.5", "¥12.50", "１２元"); it is parsed exactly
(no floats, so 0.1 + 0.2 never shows up on a receipt) and shown as ``¥12.50``."""

from __future__ import annotations

import re

from outreach.i18n import Message, msg

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_AMOUNT = re.compile(r"^(?P<sign>[-−]?)(?P<yuan>\d+)(?:\.(?P<fen>\d{0,2}))?$")
_DECORATIONS = ("¥", "￥", "RMB", "CNY", "元", " ")
# Thousands separators only where they group thousands: "1,50" (a decimal comma) is not ¥150.
_GROUPED = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d*)?$")


class MoneyError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


def parse_yuan(text: str, *, allow_negative: bool = False) -> int:
    """``"12.5"`` → 1250 fen. Accepts ¥/￥/元, thousands commas (grouping thousands) and
    full-width digits; refuses more than two decimals, a comma anywhere else ("1,50"), empty
    text and (unless allowed) negative amounts."""
    cleaned = str(text).translate(_FULLWIDTH).strip().upper()
    for decoration in _DECORATIONS:
        cleaned = cleaned.replace(decoration, "")
    if cleaned.startswith("-¥"):
        cleaned = "-" + cleaned[2:]
    cleaned = cleaned.replace("，", ",")
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise MoneyError(msg("budget.error.amount_text", text=str(text)))
        cleaned = cleaned.replace(",", "")
    match = _AMOUNT.match(cleaned)
    if not match or len(match.group("yuan")) > 12:
        raise MoneyError(msg("budget.error.amount_text", text=str(text)))
    fen = int(match.group("yuan")) * 100 + int((match.group("fen") or "").ljust(2, "0"))
    if match.group("sign"):
        if not allow_negative:
            raise MoneyError(msg("budget.error.amount_negative", text=str(text)))
        fen = -fen
    return fen


def format_fen(fen: int, *, symbol: str = "¥") -> str:
    """1250 → ``¥12.50``; −1250 → ``-¥12.50``; thousands separated (``¥1,234.00``)."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(int(fen)), 100)
    return f"{sign}{symbol}{yuan:,}.{rest:02d}"
