"""Tests of rnnbook.train.keras_loop: fit_keras."""

import numpy as np
import pytest

from rnnbook import metrics, train

from .examples import toy_data


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

    def test_follows_keras_own_callbacks(self, keras_models):
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


class TestClipNorm:
    """clip_norm becomes Adam's global_clipnorm: the same global norm fit_torch clips."""

    def test_sets_global_clipnorm_on_the_optimiser(self, keras_models):
        model, _ = self_fit(keras_models, epochs=1, clip_norm=0.5)
        assert model.optimizer.global_clipnorm == 0.5
        assert model.optimizer.clipnorm is None and model.optimizer.clipvalue is None
        plain, _ = self_fit(keras_models, epochs=1)
        assert plain.optimizer.global_clipnorm is None

    def test_a_tiny_clip_norm_bounds_the_first_step(self, keras_models):
        """Keras's first Adam step is lr g_i / (|g_i| + eps / sqrt(1 - beta_2)) per weight."""
        lr, clip = 0.05, 1e-9
        bound = lr * clip * np.sqrt(1 - 0.999) / 1e-7  # Keras's default beta_2 and epsilon

        def first_step(**kwargs):
            train.set_seed(0)
            start = np.concatenate([w.ravel() for w in keras_models.build_linear(6).get_weights()])
            model, _ = self_fit(keras_models, epochs=1, batch_size=192, lr=lr, **kwargs)
            end = np.concatenate([w.ravel() for w in model.get_weights()])
            return float(np.linalg.norm(end - start))

        assert first_step(clip_norm=clip) <= 1.001 * bound
        assert first_step() > 100 * bound


def self_fit(keras_models, **kwargs):
    return TestFitKeras().fit(keras_models, **kwargs)
