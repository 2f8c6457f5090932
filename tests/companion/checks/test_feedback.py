"""Tests of rnnbook.checks.feedback: how a verdict reads as text, Markdown and HTML."""

import pytest

from rnnbook import checks
from rnnbook.checks import Feedback


class TestFeedback:
    def test_text_html_markdown_and_bool(self):
        fb = Feedback("count", False, "3 is not the count.", ("Use `len`.",))
        assert not fb and fb.status == "try again"
        assert str(fb) == "[try again] count: 3 is not the count.\n  hint: Use `len`."
        assert repr(fb) == str(fb)
        assert "<code>len</code>" in fb._repr_html_() and "#cf222e" in fb._repr_html_()
        assert fb._repr_markdown_() == "❌ **count** (try again): 3 is not the count.\n\n- *Hint:* Use `len`."

    def test_passed_shows_notes(self):
        fb = Feedback("count", True, "Correct.", ("float32 is fine.",))
        assert fb and fb.status == "correct"
        assert "note: float32 is fine." in str(fb)
        assert "<em>Note:</em>" in fb._repr_html_()

    def test_html_is_escaped(self):
        fb = Feedback("a<b", False, "x & y")
        assert "a&lt;b" in fb._repr_html_() and "x &amp; y" in fb._repr_html_()

    def test_not_answered(self):
        fb = checks.not_answered("count")
        assert not fb.passed and not fb.answered and fb.status == "not answered"
        assert "No answer yet" in str(fb)

    def test_combine(self):
        good = Feedback("a", True, "Correct.")
        bad = Feedback("b", False, "Wrong shape.", ("Add an axis.",))
        fb = checks.combine("windows", {"X": good, "y": bad})
        assert not fb.passed
        assert fb.message == "`X` is right. `y`: Wrong shape."
        assert fb.hints == ("`y`: Add an axis.",)
        assert checks.combine("w", {"X": good, "y": good}).message == "Correct: `X` and `y` are right."
        both_missing = checks.combine("w", {"X": checks.not_answered("X"), "y": checks.not_answered("y")})
        assert both_missing.status == "not answered"

    def test_combine_needs_parts(self):
        with pytest.raises(ValueError, match=r"`parts` must hold at least one Feedback"):
            checks.combine("w", {})
