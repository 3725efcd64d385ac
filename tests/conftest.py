"""Test set-up: Qt offscreen, a private user-data folder, Chinese as the starting language."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from outreach import i18n  # noqa: E402
from outreach.storage import memory_programme  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(folder))
    i18n.set_language("zh_CN")
    yield folder
    i18n.set_language("zh_CN")


@pytest.fixture
def programme():
    """A migrated in-memory programme."""
    prog = memory_programme()
    yield prog
    prog.close()


@pytest.fixture
def db(programme):
    return programme.db


@pytest.fixture
def demo_db(programme):
    from outreach.demo import fill_demo

    fill_demo(programme.db)
    return programme.db
