"""Tests of rnnbook.train.torch_loop: fit_torch."""

import numpy as np
import pytest

from rnnbook import metrics, torch_models, train

from .examples import toy_data


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
            ({"clip_norm": 0}, ValueError, r"`clip_norm` must be > 0\.0\. Received: clip_norm=0\.0"),
            ({"clip_norm": "max"}, TypeError, r"`clip_norm` must be a real number\. Received: clip_norm='max'"),
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


class TestClipNorm:
    """clip_norm: the global gradient norm is clipped after backward, before the step."""

    def test_is_the_plain_loop_with_clip_grad_norm_bit_for_bit(self):
        import torch
        import torch.nn.functional as F

        clip, lr, batch_size, epochs = 0.05, 0.05, 32, 2
        model, _ = fit_linear_torch(epochs=epochs, lr=lr, batch_size=batch_size, clip_norm=clip)
        X_tr, y_tr, _, _ = toy_data()
        X, y = torch.as_tensor(X_tr), torch.as_tensor(y_tr)  # (192, 6, 1), (192, 1)
        train.set_seed(0)
        plain = torch_models.build_linear(6)
        optimizer = torch.optim.Adam(plain.parameters(), lr=lr)
        generator = torch.Generator().manual_seed(0)
        clipped_steps = 0
        for _ in range(epochs):
            order = torch.randperm(len(X), generator=generator)  # (192,)
            for first in range(0, len(X), batch_size):
                index = order[first:first + batch_size]
                optimizer.zero_grad()
                F.mse_loss(plain(X[index]), y[index]).backward()
                norm = torch.nn.utils.clip_grad_norm_(plain.parameters(), clip)
                clipped_steps += int(norm > clip)
                optimizer.step()
        assert clipped_steps > 0  # the clip binds, so this test can tell
        for name, value in plain.state_dict().items():
            assert torch.equal(model.state_dict()[name], value), name
        unclipped, _ = fit_linear_torch(epochs=epochs, lr=lr, batch_size=batch_size)
        assert any(not torch.equal(value, model.state_dict()[name])
                   for name, value in unclipped.state_dict().items())  # clipping mattered

    def test_a_tiny_clip_norm_bounds_the_first_step(self):
        """Adam's first step is lr g_i / (|g_i| + eps) per weight: its norm is <= lr c / eps."""
        import torch

        lr, clip, eps = 0.05, 1e-10, 1e-8  # eps: torch.optim.Adam's default
        train.set_seed(0)
        start = torch.cat([p.detach().flatten() for p in torch_models.build_linear(6).parameters()])

        def first_step(**kwargs):
            model, _ = fit_linear_torch(epochs=1, batch_size=192, lr=lr, **kwargs)  # one step
            end = torch.cat([p.detach().flatten() for p in model.parameters()])
            return float(torch.linalg.vector_norm(end - start))

        assert first_step(clip_norm=clip) <= 1.001 * lr * clip / eps
        assert first_step() > 100 * lr * clip / eps  # unclipped: about lr per weight
