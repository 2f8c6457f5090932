"""Tests of rnnbook.train.config: the fit configuration, the learning-rate schedules and the monitor."""

import numpy as np
import pytest

from rnnbook import train


class TestLrSchedule:
    def test_constant_and_plateau(self):
        np.testing.assert_array_equal(train.lr_schedule(5, 0.1, None), np.full(5, 0.1))
        np.testing.assert_array_equal(train.lr_schedule(5, 0.1, "plateau"), np.full(5, 0.1))

    def test_cosine_against_formula(self):
        steps = np.arange(100)
        expected = 0.01 * 0.5 * (1 + np.cos(np.pi * steps / 100))
        np.testing.assert_allclose(train.lr_schedule(100, 0.01, "cosine"), expected, rtol=1e-12)

    def test_onecycle_shape(self):
        rates = train.lr_schedule(100, 0.01, "onecycle")
        assert rates[0] == pytest.approx(0.01 / 25)
        assert rates.argmax() == 30 and rates.max() == pytest.approx(0.01)
        assert np.all(np.diff(rates[:31]) > 0) and np.all(np.diff(rates[30:]) < 0)

    @pytest.mark.parametrize(
        "args, error, message",
        [
            ((0, 0.1, None), ValueError, r"`total_steps` must be >= 1\. Received: total_steps=0"),
            ((5, 0.0, None), ValueError, r"`lr` must be > 0\.0\. Received: lr=0\.0"),
            ((5, 0.1, "step"), ValueError, r"`schedule` must be one of None, 'plateau', 'cosine', 'onecycle'\. Received: schedule='step'"),
        ],
    )
    def test_invalid(self, args, error, message):
        with pytest.raises(error, match=message):
            train.lr_schedule(*args)


class TestMonitor:
    """One rule for early stopping and the plateau schedule, in both training loops."""

    def test_counts_epochs_without_improvement(self):
        monitor = train.Monitor(patience=3)
        improved = [monitor.update(v) for v in (5.0, 4.0, 4.0, 4.5, 3.9, 4.0, 4.0, 4.0)]
        assert improved == [True, True, False, False, True, False, False, False]
        assert (monitor.best, monitor.best_epoch, monitor.wait, monitor.stop) == (3.9, 5, 3, True)
        assert monitor.lr_scale == 1.0  # no plateau schedule

    def test_plateau_halves_after_two_epochs_and_counts_again(self):
        monitor = train.Monitor(schedule="plateau")
        scales = []
        for value in (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.6, 0.7):
            monitor.update(value)
            scales.append(monitor.lr_scale)
        assert scales == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]
        assert not monitor.stop  # no patience: never stops


class TestFitConfig:
    def test_fields_become_plain_numbers(self):
        config = train.FitConfig(epochs=np.int64(3), batch_size=8, lr=1, patience=np.int32(2))
        assert type(config.epochs) is int and type(config.lr) is float
        assert type(config.patience) is int and config.validation_batch_size == 8
        assert train.FitConfig(val_batch_size=100).validation_batch_size == 100
        assert train.FitConfig().clip_norm is None
        clipped = train.FitConfig(clip_norm=np.float32(0.5))
        assert type(clipped.clip_norm) is float and clipped.clip_norm == 0.5
        assert train.FitConfig(clip_norm=2).kwargs()["clip_norm"] == 2.0

    @pytest.mark.parametrize("kwargs, error, message", [
        ({"epochs": 0}, ValueError, r"`epochs` must be >= 1\. Received: epochs=0"),
        ({"lr": 0.0}, ValueError, r"`lr` must be > 0\.0\. Received: lr=0\.0"),
        ({"patience": 1.5}, TypeError, r"`patience` must be an integer\. Received: patience=1\.5"),
        ({"clip_norm": 0.0}, ValueError, r"`clip_norm` must be > 0\.0\. Received: clip_norm=0\.0"),
        ({"clip_norm": -1}, ValueError, r"`clip_norm` must be > 0\.0\. Received: clip_norm=-1\.0"),
        ({"clip_norm": "1"}, TypeError, r"`clip_norm` must be a real number\. Received: clip_norm='1'"),
        ({"clip_norm": True}, TypeError, r"`clip_norm` must be a real number\. Received: clip_norm=True"),
        ({"schedule": "step"}, ValueError, r"`schedule` must be one of None, 'plateau', 'cosine', "
                                           r"'onecycle'\. Received: schedule='step'"),
    ])
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            train.FitConfig(**kwargs)

    def test_the_recipes_use_the_same_class(self):
        from rnnbook import recipes

        assert recipes.FitConfig is train.FitConfig
