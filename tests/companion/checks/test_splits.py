"""Tests of rnnbook.checks.splits: a chronological train / valid / test split made by hand.

Expected answers are built independently of the package: cut points by hand.
"""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from rnnbook import checks, data

from .examples import TEST, TRAIN, VALID, WEEKLY, all_hints, hand_split


class TestChronologicalSplit:
    def test_right_answer_passes(self):
        fb = checks.check_chronological_split(TRAIN, VALID, TEST, series=WEEKLY)
        assert fb.passed and fb.hints == ()
        assert "210, 45 and 45" in fb.message

    def test_column_segments_and_lists_pass(self):
        fb = checks.check_chronological_split(TRAIN[:, None], list(VALID), TEST[:, None],
                                              series=WEEKLY[:, None])
        assert fb.passed

    def test_other_fractions(self):
        parts = hand_split(WEEKLY, (0.6, 0.2, 0.2))
        assert checks.check_chronological_split(*parts, series=WEEKLY,
                                                fractions=(0.6, 0.2, 0.2)).passed

    def test_sklearn_without_shuffling_passes_with_a_note(self):
        co2 = data.load_co2().values
        rest, test = train_test_split(co2, test_size=0.15, shuffle=False)
        train, valid = train_test_split(rest, test_size=0.15 / 0.85, shuffle=False)
        assert (len(train), len(valid), len(test)) != tuple(len(p) for p in hand_split(co2))
        fb = checks.check_chronological_split(train, valid, test, series=co2)
        assert fb.passed and "rounds" in all_hints(fb)

    def test_not_answered_and_partly_answered(self):
        fb = checks.check_chronological_split(None, None, None, series=WEEKLY)
        assert not fb.passed and not fb.answered
        fb = checks.check_chronological_split(TRAIN, None, TEST, series=WEEKLY)
        assert not fb.passed and fb.answered and "`valid` is still None" in fb.message

    def test_shuffled_split(self):
        rest, test = train_test_split(WEEKLY, test_size=0.15, random_state=0)  # shuffles
        train, valid = train_test_split(rest, test_size=0.15 / 0.85, random_state=0)
        fb = checks.check_chronological_split(train, valid, test, series=WEEKLY)
        assert not fb.passed
        assert "shuffled" in fb.message and "shuffle=False" in all_hints(fb)

    def test_segments_in_the_wrong_order(self):
        # the test segment taken from the start of the series, the training one from the end
        fb = checks.check_chronological_split(WEEKLY[-210:], WEEKLY[45:90], WEEKLY[:45],
                                              series=WEEKLY)
        assert not fb.passed and "wrong order" in fb.message
        assert "`test` < `valid` < `train`" in fb.message and "oldest" in all_hints(fb)

    def test_overlap_of_one_value(self):
        fb = checks.check_chronological_split(TRAIN, WEEKLY[209:255], TEST, series=WEEKLY)
        assert not fb.passed
        assert fb.hints == ("The last value of `train` is also the first value of `valid`: "
                            "each value must be in exactly one segment.",)

    def test_gap_of_one_value(self):
        fb = checks.check_chronological_split(TRAIN, VALID, WEEKLY[256:], series=WEEKLY)
        assert not fb.passed
        assert "1 value(s) between `valid` and `test` are in no segment" in all_hints(fb)

    def test_larger_overlap(self):
        fb = checks.check_chronological_split(TRAIN, WEEKLY[200:255], TEST, series=WEEKLY)
        assert "share 10 values" in all_hints(fb)

    def test_missing_head_and_tail(self):
        fb = checks.check_chronological_split(WEEKLY[1:210], VALID, WEEKLY[255:299], series=WEEKLY)
        assert not fb.passed
        assert "first 1 value(s)" in all_hints(fb) and "last 1 value(s)" in all_hints(fb)

    def test_split_of_a_scaled_copy(self):
        scaled = (WEEKLY - WEEKLY.min()) / (WEEKLY.max() - WEEKLY.min())
        fb = checks.check_chronological_split(*hand_split(scaled), series=WEEKLY)
        assert not fb.passed and "rescaled copy" in all_hints(fb)

    def test_values_from_elsewhere(self):
        fb = checks.check_chronological_split(TRAIN, VALID, TEST + np.sin(TEST), series=WEEKLY)
        assert not fb.passed and "`test` is not a stretch" in fb.message
        assert "slice `series[start:stop]`" in all_hints(fb)

    def test_wrong_shares(self):
        # segments in time order, but cut at 50 % and 75 % instead of 70 % and 85 %
        fb = checks.check_chronological_split(*hand_split(WEEKLY, (0.5, 0.25, 0.25)),
                                              series=WEEKLY)
        assert not fb.passed and "shares (50.0%, 25.0%, 25.0%)" in fb.message
        assert "70%, 15%, 15%" in all_hints(fb)

    def test_row_segment_and_empty_segment(self):
        fb = checks.check_chronological_split(TRAIN[None, :], VALID, TEST, series=WEEKLY)
        assert not fb.passed and "shape (1, 210)" in fb.message
        fb = checks.check_chronological_split(TRAIN, VALID[:0], WEEKLY[210:], series=WEEKLY)
        assert not fb.passed and "`valid` is empty" in fb.message

    def test_text_answer(self):
        fb = checks.check_chronological_split("train", VALID, TEST, series=WEEKLY)
        assert not fb.passed and fb.message.startswith("`train`: Your answer is a str")

    def test_invalid_series_and_fractions(self):
        with pytest.raises(ValueError, match=r"`series` must be univariate.*\(300, 2\)"):
            checks.check_chronological_split(TRAIN, VALID, TEST,
                                             series=np.stack([WEEKLY, WEEKLY], axis=1))
        with pytest.raises(TypeError, match="`series` must be array-like"):
            checks.check_chronological_split(TRAIN, VALID, TEST, series="co2")
        with pytest.raises(ValueError, match=r"`fractions` must sum to 1"):
            checks.check_chronological_split(TRAIN, VALID, TEST, series=WEEKLY,
                                             fractions=(0.7, 0.2, 0.2))
