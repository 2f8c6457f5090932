"""Fixtures shared by the tests of rnnbook.data."""

import pytest

from rnnbook import data


@pytest.fixture(scope="module")
def co2():
    return data.load_co2()
