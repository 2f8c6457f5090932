"""Fixtures shared by the tests of rnnbook.train."""

import pytest

from rnnbook import train


@pytest.fixture(autouse=True)
def no_progress_bars(monkeypatch):
    monkeypatch.setenv(train.PROGRESS_ENV, "0")


@pytest.fixture(scope="module")
def keras_models():
    return pytest.importorskip("rnnbook.keras_models")
