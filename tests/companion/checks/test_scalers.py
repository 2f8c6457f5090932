"""Tests of rnnbook.checks.scalers: a scaler fitted on the training segment, and on nothing else."""

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from rnnbook import checks, data

from .examples import PARTS, TEST, TRAIN, VALID, WEEKLY, all_hints


class TestTrainScaler:
    @pytest.mark.parametrize("answer", [
        data.fit_scaler(TRAIN, "minmax"),
        MinMaxScaler().fit(TRAIN.reshape(-1, 1)),
        (TRAIN.min(), TRAIN.max() - TRAIN.min()),
        [float(TRAIN.min()), float(np.ptp(TRAIN))],
    ], ids=["rnnbook", "sklearn", "tuple", "list"])
    def test_right_minmax_scalers_pass(self, answer):
        fb = checks.check_train_scaler(answer, **PARTS, kind="minmax")
        assert fb.passed and fb.hints == ()

    def test_right_standard_scalers_pass(self):
        for answer in (data.fit_scaler(TRAIN, "standard"),
                       StandardScaler().fit(TRAIN.reshape(-1, 1)),
                       (TRAIN.mean(), TRAIN.std())):
            assert checks.check_train_scaler(answer, **PARTS, kind="standard").passed

    def test_pandas_standard_deviation_passes_with_a_note(self):
        fb = checks.check_train_scaler((TRAIN.mean(), TRAIN.std(ddof=1)), **PARTS, kind="standard")
        assert fb.passed and "n - 1" in all_hints(fb)

    def test_not_answered(self):
        fb = checks.check_train_scaler(None, **PARTS)
        assert not fb.answered and not fb.passed

    def test_refitted_on_test_like_fit_transform(self):
        scaler = MinMaxScaler()
        scaler.fit_transform(TRAIN.reshape(-1, 1))
        scaler.fit_transform(TEST.reshape(-1, 1))  # the source document's second call
        fb = checks.check_train_scaler(scaler, **PARTS)
        assert not fb.passed and "wrong data" in fb.message
        assert "the test segment" in all_hints(fb) and "fit_transform" in all_hints(fb)

    @pytest.mark.parametrize("values, words", [
        (VALID, "the validation segment"),
        (WEEKLY, "the whole series"),
        (np.concatenate([TRAIN, VALID]), "training and validation data together"),
    ])
    def test_fitted_on_other_data(self, values, words):
        for kind in ("minmax", "standard"):
            fb = checks.check_train_scaler(data.fit_scaler(values, kind), **PARTS, kind=kind)
            assert not fb.passed and words in all_hints(fb)

    def test_fitted_on_a_row(self):
        fb = checks.check_train_scaler(MinMaxScaler().fit(TRAIN.reshape(1, -1)), **PARTS)
        assert not fb.passed and "210 columns" in fb.message and "reshape(-1, 1)" in fb.message

    def test_unfitted_scaler(self):
        fb = checks.check_train_scaler(MinMaxScaler(), **PARTS)
        assert not fb.passed and "not fitted yet" in fb.message

    def test_other_kind(self):
        fb = checks.check_train_scaler(StandardScaler().fit(TRAIN.reshape(-1, 1)), **PARTS)
        assert not fb.passed and "standard scaler" in fb.message and "min-max" in fb.message

    def test_maximum_instead_of_range(self):
        fb = checks.check_train_scaler((TRAIN.min(), TRAIN.max()), **PARTS)
        assert not fb.passed and "max - min" in all_hints(fb)

    def test_unrelated_numbers_and_objects(self):
        fb = checks.check_train_scaler((0.0, 1.0), **PARTS)
        assert not fb.passed and "match no segment" in all_hints(fb)
        fb = checks.check_train_scaler("minmax", **PARTS)
        assert not fb.passed and "not a fitted scaler" in fb.message
        fb = checks.check_train_scaler((np.nan, 1.0), **PARTS)
        assert not fb.passed and "not finite" in fb.message

    def test_feedback_never_shows_the_statistics(self):
        fb = checks.check_train_scaler(data.fit_scaler(TEST), **PARTS)
        text = str(fb)
        assert f"{TRAIN.min():.3f}" not in text and f"{np.ptp(TRAIN):.3f}" not in text

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`kind` must be one of 'minmax', 'standard'. "
                                             r"Received: kind='robust'"):
            checks.check_train_scaler(None, **PARTS, kind="robust")
        with pytest.raises(ValueError, match="`train` must hold at least two different values"):
            checks.check_train_scaler(None, train=np.ones(5), valid=VALID, test=TEST)
        with pytest.raises(TypeError, match="`test` must be array-like"):
            checks.check_train_scaler(None, train=TRAIN, valid=VALID, test=None)
