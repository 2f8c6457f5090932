"""Tests of the training loops and schedules in rnnbook.train."""

import os

import numpy as np
import pytest
import torch

from rnnbook import metrics, torch_models, train


@pytest.fixture(autouse=True)
def no_progress_bars(monkeypatch):
    monkeypatch.setenv(train.PROGRESS_ENV, "0")


def toy_data(n=256, T=6, seed=0):
    """Windows whose target is a fixed linear function of the inputs (learnable exactly)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, T, 1)).astype("float32")
    y = (0.5 * X[:, -1] - 0.25 * X[:, -2]).astype("float32")  # (n, 1)
    return X[:192], y[:192], X[192:], y[192:]


class TestPickDevice:
    def test_cpu_without_accelerators(self, monkeypatch):
        monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
        assert train.pick_device() == torch.device("cpu")

    def test_prefers_cuda_then_mps(self, monkeypatch):
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
        monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
        assert train.pick_device().type == "cuda"
        monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        assert train.pick_device().type == "mps"


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


def fit_linear_torch(seed=0, **kwargs):
    X_tr, y_tr, X_va, y_va = toy_data()
    train.set_seed(seed)
    model = torch_models.build_linear(6)
    options = dict(epochs=15, batch_size=32, lr=0.05, seed=seed, verbose=False, device="cpu")
    options.update(kwargs)
    result = train.fit_torch(model, X_tr, y_tr, X_va, y_va, **options)
    return model, result


class TestFitTorch:
    def test_learns_and_reports(self, capsys):
        model, result = fit_linear_torch(verbose=True)
        assert set(result.history) == {"loss", "val_loss", "lr"}
        assert result.epochs == 15 == len(result.history["loss"])
        assert result.history["val_loss"][-1] < 0.01 * result.history["val_loss"][0]
        assert result.fit_seconds > 0
        line = capsys.readouterr().out.strip()
        assert line.startswith("fit_torch: 15 epochs in") and "best val_loss" in line

    def test_validation_loss_is_the_mse_of_the_final_model(self):
        model, result = fit_linear_torch()
        _, _, X_va, y_va = toy_data()
        val = metrics.mse(y_va, torch_models.predict(model, X_va))
        assert result.history["val_loss"][-1] == pytest.approx(val, rel=1e-4)

    def test_deterministic_given_seed(self):
        _, first = fit_linear_torch(seed=3)
        _, second = fit_linear_torch(seed=3)
        assert first.history == second.history
        _, other = fit_linear_torch(seed=4)
        assert other.history["loss"] != first.history["loss"]

    def test_early_stopping_restores_best_weights(self):
        # a learning rate far too high makes the validation loss bounce, so patience fires
        model, result = fit_linear_torch(lr=1.5, epochs=30, patience=2)
        assert result.epochs < 30
        assert result.epochs == result.best_epoch + 2
        _, _, X_va, y_va = toy_data()
        val = metrics.mse(y_va, torch_models.predict(model, X_va))
        assert val == pytest.approx(min(result.history["val_loss"]), rel=1e-4)
        assert result.best == min(result.history["val_loss"])

    def test_plateau_halves_the_learning_rate(self):
        _, result = fit_linear_torch(lr=1.5, epochs=12, schedule="plateau")
        rates = result.history["lr"]
        assert rates[0] == pytest.approx(1.5) and min(rates) < 1.5
        assert all(r / rates[0] in {0.5**k for k in range(12)} for r in rates)

    def test_onecycle_rates_recorded(self):
        _, result = fit_linear_torch(schedule="onecycle", epochs=4)
        expected = train.lr_schedule(4 * 6, 0.05, "onecycle")[5::6]  # last step of each epoch
        np.testing.assert_allclose(result.history["lr"], expected, rtol=1e-12)

    def test_seq2seq_metric_is_monitored(self):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(64, 5, 1)).astype("float32")
        Y = np.repeat(X, 2, axis=2)  # (N, T, 2): copy the input
        train.set_seed(0)
        model = torch_models.build_rnn("gru", [4], head="dense", horizon=2, seq2seq=True)
        result = train.fit_torch(model, X[:48], Y[:48], X[48:], Y[48:], epochs=2, batch_size=16,
                                 lr=0.01, val_metric="last_time_step_mse", verbose=False)
        assert result.monitor == "val_last_time_step_mse"
        val = metrics.last_time_step_mse(Y[48:], torch_models.predict(model, X[48:]))
        assert result.history["val_last_time_step_mse"][-1] == pytest.approx(val, rel=1e-4)

    def test_cross_entropy_for_character_models(self):
        X = np.eye(3, dtype="float32")[np.array([[0, 1, 2], [2, 1, 0]])]  # (2, 3, 3) one-hot
        y = np.array([[1, 2, 0], [1, 0, 2]])  # (2, 3) next-character ids
        train.set_seed(0)
        model = torch_models.build_char_model(3, 6)
        result = train.fit_torch(model, X, y, X, y, epochs=60, batch_size=2, lr=0.05,
                                 loss="cross_entropy", verbose=False)
        assert result.history["loss"][-1] < 0.2
        assert (torch_models.predict(model, X).argmax(-1) == y).all()

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"epochs": 0}, ValueError, r"`epochs` must be >= 1\. Received: epochs=0"),
            ({"batch_size": 2.0}, TypeError, r"`batch_size` must be an integer\. Received: batch_size=2\.0"),
            ({"lr": -1.0}, ValueError, r"`lr` must be > 0\.0\. Received: lr=-1\.0"),
            ({"loss": "mae"}, ValueError, r"`loss` must be one of 'mse', 'last_time_step_mse', 'cross_entropy'\. Received: loss='mae'"),
            ({"val_metric": "mse"}, ValueError, r"`val_metric` must be one of None, 'last_time_step_mse'\. Received: val_metric='mse'"),
            ({"patience": 0}, ValueError, r"`patience` must be >= 1\. Received: patience=0"),
            ({"schedule": "linear"}, ValueError, r"`schedule` must be one of None, 'plateau', 'cosine', 'onecycle'"),
            ({"seed": -1}, ValueError, r"`seed` must be >= 0\. Received: seed=-1"),
            ({"val_batch_size": 0}, ValueError, r"`val_batch_size` must be >= 1\. Received: val_batch_size=0"),
        ],
    )
    def test_invalid_options(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            fit_linear_torch(**kwargs)

    def test_validation_batch_size_changes_speed_not_values(self):
        _, small = fit_linear_torch(epochs=3, val_batch_size=5)
        _, whole = fit_linear_torch(epochs=3, val_batch_size=10_000)
        assert small.history["loss"] == whole.history["loss"]  # training is untouched
        assert small.history["val_loss"] == pytest.approx(whole.history["val_loss"], rel=1e-5)

    def test_invalid_arrays(self):
        X_tr, y_tr, X_va, y_va = toy_data()
        model = torch_models.build_linear(6)
        common = dict(epochs=1, batch_size=8, lr=0.1)
        with pytest.raises(ValueError, match=r"`X_train` and `y_train` must have the same number of samples\. Received: X_train with shape \(192, 6, 1\) and y_train with shape \(10, 1\)"):
            train.fit_torch(model, X_tr, y_tr[:10], X_va, y_va, **common)
        with pytest.raises(ValueError, match=r"`X_valid` must be a non-empty array"):
            train.fit_torch(model, X_tr, y_tr, X_va[:0], y_va, **common)


@pytest.fixture(scope="module")
def keras_models():
    return pytest.importorskip("rnnbook.keras_models")


class TestFitKeras:
    def fit(self, keras_models, seed=0, **kwargs):
        import keras  # noqa: F401

        X_tr, y_tr, X_va, y_va = toy_data()
        train.set_seed(seed)
        model = keras_models.build_linear(6)
        options = dict(epochs=8, batch_size=32, lr=0.05, seed=seed, verbose=False)
        options.update(kwargs)
        return model, train.fit_keras(model, X_tr, y_tr, X_va, y_va, **options)

    def test_learns_reports_and_repeats(self, keras_models, capsys):
        model, result = self.fit(keras_models, verbose=True)
        assert set(result.history) == {"loss", "val_loss", "lr"}
        assert result.epochs == 8 and result.history["lr"] == pytest.approx([0.05] * 8)
        assert result.history["val_loss"][-1] < 0.1 * result.history["val_loss"][0]
        assert capsys.readouterr().out.startswith("fit_keras: 8 epochs in")
        _, again = self.fit(keras_models)
        assert again.history == result.history

    def test_validation_batch_size_changes_speed_not_values(self, keras_models):
        _, small = self.fit(keras_models, epochs=3, val_batch_size=5)
        _, whole = self.fit(keras_models, epochs=3, val_batch_size=10_000)
        assert small.history["loss"] == whole.history["loss"]  # training is untouched
        assert small.history["val_loss"] == pytest.approx(whole.history["val_loss"], rel=1e-5)
        with pytest.raises(ValueError, match=r"`val_batch_size` must be >= 1\. Received: val_batch_size=0"):
            self.fit(keras_models, val_batch_size=0)

    def test_early_stopping_and_schedule(self, keras_models):
        model, result = self.fit(keras_models, lr=1.5, epochs=30, patience=2)
        assert result.epochs == result.best_epoch + 2 < 30
        _, _, X_va, y_va = toy_data()
        val = metrics.mse(y_va, model.predict(X_va, verbose=0))
        assert val == pytest.approx(result.best, rel=1e-4)
        _, cosine = self.fit(keras_models, schedule="cosine", epochs=3)
        expected = train.lr_schedule(3 * 6, 0.05, "cosine")[5::6]  # last step of each epoch
        np.testing.assert_allclose(cosine.history["lr"], expected, rtol=1e-6)

    def test_invalid(self, keras_models):
        with pytest.raises(ValueError, match=r"`loss` must be one of"):
            self.fit(keras_models, loss="huber")


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

    def test_fit_keras_follows_keras_own_callbacks(self, keras_models):
        """fit_keras's rule gives what Keras's EarlyStopping and ReduceLROnPlateau give."""
        import keras

        X_tr, y_tr, X_va, y_va = toy_data()
        options = dict(epochs=30, batch_size=32, lr=1.5, seed=0)
        train.set_seed(0)
        ours = keras_models.build_linear(6)
        result = train.fit_keras(ours, X_tr, y_tr, X_va, y_va, schedule="plateau", patience=4,
                                 verbose=False, **options)
        train.set_seed(0)
        theirs = keras_models.build_linear(6)
        keras.utils.set_random_seed(0)
        theirs.compile(optimizer=keras.optimizers.Adam(learning_rate=1.5), loss="mse")
        fitted = theirs.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=30, batch_size=32,
                            shuffle=True, verbose=0, callbacks=[
                                keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=2,
                                                                  min_delta=0.0),
                                keras.callbacks.EarlyStopping(patience=4, min_delta=0.0,
                                                              restore_best_weights=True)])
        assert min(result.history["lr"]) < 1.5  # the plateau rule fired
        assert result.history["val_loss"] == [float(v) for v in fitted.history["val_loss"]]
        for a, b in zip(ours.get_weights(), theirs.get_weights()):
            np.testing.assert_array_equal(a, b)


class TestFitConfig:
    def test_fields_become_plain_numbers(self):
        config = train.FitConfig(epochs=np.int64(3), batch_size=8, lr=1, patience=np.int32(2))
        assert type(config.epochs) is int and type(config.lr) is float
        assert type(config.patience) is int and config.validation_batch_size == 8
        assert train.FitConfig(val_batch_size=100).validation_batch_size == 100

    @pytest.mark.parametrize("kwargs, error, message", [
        ({"epochs": 0}, ValueError, r"`epochs` must be >= 1\. Received: epochs=0"),
        ({"lr": 0.0}, ValueError, r"`lr` must be > 0\.0\. Received: lr=0\.0"),
        ({"patience": 1.5}, TypeError, r"`patience` must be an integer\. Received: patience=1\.5"),
        ({"schedule": "step"}, ValueError, r"`schedule` must be one of None, 'plateau', 'cosine', "
                                           r"'onecycle'\. Received: schedule='step'"),
    ])
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            train.FitConfig(**kwargs)

    def test_the_recipes_use_the_same_class(self):
        from rnnbook import recipes

        assert recipes.FitConfig is train.FitConfig


def test_quiet_keras_sets_the_books_environment_unless_the_reader_chose():
    """A notebook that calls quiet_keras first computes as the book's build does, quietly."""
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from rnnbook.train import quiet_keras\n"
        "assert 'tensorflow' not in sys.modules\n"
        "keras = quiet_keras()\n"
        "assert quiet_keras() is keras and 'tensorflow' in sys.modules\n"
        "print(os.environ['TF_ENABLE_ONEDNN_OPTS'], os.environ['TF_CPP_MIN_LOG_LEVEL'])\n"
    )
    names = tuple(train.KERAS_ENVIRONMENT)
    for preset, expected in ((None, ["0", "3"]), ("1", ["1", "3"])):
        env = {k: v for k, v in os.environ.items() if k not in names}
        if preset is not None:
            env["TF_ENABLE_ONEDNN_OPTS"] = preset
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env)
        assert out.stdout.split() == expected, (preset, out.stdout, out.stderr[-500:])
        assert out.stderr == "", out.stderr[-500:]  # TensorFlow's start-up messages are silenced
