"""Budget categories (活动经费): the seed's three (宣传海报, 制作传单, 奖项费用) and more, each with a
planned amount in fen. Planned amounts are a plan, not a ledger: they may be edited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# code -> (Chinese name, English name); the first three are the seed's 八、活动经费.
DEFAULT_CATEGORIES: dict[str, tuple[str, str]] = {
    "posters": ("宣传海报", "Posters"),
    "flyers": ("制作传单", "Flyers"),
    "prizes": ("奖项费用", "Prizes"),
    "printing": ("印刷费用", "Printing"),
    "transport": ("交通费用", "Transport"),
    "other": ("其他费用", "Other"),
}


class CategoryError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    planned_fen: int
    sort_order: int

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" else (self.name_en or self.name_zh)


def _row(row) -> Category:
    return Category(row[0], row[1], row[2], row[3], row[4])


def list_categories(db: Database) -> list[Category]:
    rows = db.execute(
        "SELECT code, name_zh, name_en, planned_fen, sort_order FROM budget_categories "
        "ORDER BY sort_order, code"
    ).fetchall()
    return [_row(r) for r in rows]


def get_category(db: Database, code: str) -> Category | None:
    row = db.execute(
        "SELECT code, name_zh, name_en, planned_fen, sort_order FROM budget_categories "
        "WHERE code = ?",
        [code],
    ).fetchone()
    return _row(row) if row else None


def category_name(db: Database, code: str, language: str) -> str:
    category = get_category(db, code)
    return category.name(language) if category else code


def set_planned(db: Database, code: str, planned_fen: int) -> Category:
    """Change a category's planned amount (fen, not negative). Returns the category."""
    if get_category(db, code) is None:
        raise CategoryError(msg("budget.error.unknown_category", category=code))
    if int(planned_fen) < 0:
        raise CategoryError(msg("budget.error.planned_negative"))
    with db.atomic():
        db.execute(
            "UPDATE budget_categories SET planned_fen = ?, updated_at = ? WHERE code = ?",
            [int(planned_fen), now_iso(), code],
        )
    return get_category(db, code)  # type: ignore[return-value]


def add_category(db: Database, code: str, name_zh: str, name_en: str = "") -> Category:
    code = code.strip().lower()
    if not code or not name_zh.strip():
        raise CategoryError(msg("budget.error.category_blank"))
    if get_category(db, code) is not None:
        raise CategoryError(msg("budget.error.category_exists", category=code))
    with db.atomic():
        order = db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM budget_categories")
        db["budget_categories"].insert(
            {
                "code": code,
                "name_zh": name_zh.strip(),
                "name_en": name_en.strip() or name_zh.strip(),
                "planned_fen": 0,
                "sort_order": order.fetchone()[0],
                "updated_at": now_iso(),
            }
        )
    return get_category(db, code)  # type: ignore[return-value]
