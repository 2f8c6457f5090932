"""Tests of the chapter 11 checkers: right answers pass, realistic wrong answers get the specific hint.

Expected answers are built independently of the package: cut points by hand,
window positions by stepping back one season at a time, MSEs with explicit loops.
"""

import math

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from rnnbook import checks, data

# A trending, seasonal series with no repeated values, like weekly CO2.
T = 300
WEEKS = np.arange(T)
SERIES = 300.0 + 0.03 * WEEKS + 3.0 * np.sin(2 * np.pi * WEEKS / 52) + 0.001 * WEEKS**1.5


def hand_split(series, shares=(0.7, 0.15, 0.15)):
    """Cut points by hand: floor of each share, the rest to the test segment."""
    n = len(series)
    cut1 = math.floor(shares[0] * n)
    cut2 = cut1 + math.floor(shares[1] * n)
    return series[:cut1], series[cut1:cut2], series[cut2:]


TRAIN, VALID, TEST = hand_split(SERIES)


def all_hints(fb):
    return " ".join(fb.hints)


# ---------------------------------------------------------------------------
# check_chronological_split
# ---------------------------------------------------------------------------
class TestChronologicalSplit:
    def test_right_answer_passes(self):
        fb = checks.check_chronological_split(TRAIN, VALID, TEST, series=SERIES)
        assert fb.passed and fb.hints == ()
        assert "210, 45 and 45" in fb.message

    def test_column_segments_and_lists_pass(self):
        fb = checks.check_chronological_split(TRAIN[:, None], list(VALID), TEST[:, None],
                                              series=SERIES[:, None])
        assert fb.passed

    def test_other_fractions(self):
        parts = hand_split(SERIES, (0.6, 0.2, 0.2))
        assert checks.check_chronological_split(*parts, series=SERIES,
                                                fractions=(0.6, 0.2, 0.2)).passed

    def test_sklearn_without_shuffling_passes_with_a_note(self):
        co2 = data.load_co2().values
        rest, test = train_test_split(co2, test_size=0.15, shuffle=False)
        train, valid = train_test_split(rest, test_size=0.15 / 0.85, shuffle=False)
        assert (len(train), len(valid), len(test)) != tuple(len(p) for p in hand_split(co2))
        fb = checks.check_chronological_split(train, valid, test, series=co2)
        assert fb.passed and "rounds" in all_hints(fb)

    def test_not_answered_and_partly_answered(self):
        fb = checks.check_chronological_split(None, None, None, series=SERIES)
        assert not fb.passed and not fb.answered
        fb = checks.check_chronological_split(TRAIN, None, TEST, series=SERIES)
        assert not fb.passed and fb.answered and "`valid` is still None" in fb.message

    def test_shuffled_split(self):
        rest, test = train_test_split(SERIES, test_size=0.15, random_state=0)  # shuffles
        train, valid = train_test_split(rest, test_size=0.15 / 0.85, random_state=0)
        fb = checks.check_chronological_split(train, valid, test, series=SERIES)
        assert not fb.passed
        assert "shuffled" in fb.message and "shuffle=False" in all_hints(fb)

    def test_segments_in_the_wrong_order(self):
        # the test segment taken from the start of the series, the training one from the end
        fb = checks.check_chronological_split(SERIES[-210:], SERIES[45:90], SERIES[:45],
                                              series=SERIES)
        assert not fb.passed and "wrong order" in fb.message
        assert "`test` < `valid` < `train`" in fb.message and "oldest" in all_hints(fb)

    def test_overlap_of_one_value(self):
        fb = checks.check_chronological_split(TRAIN, SERIES[209:255], TEST, series=SERIES)
        assert not fb.passed
        assert fb.hints == ("The last value of `train` is also the first value of `valid`: "
                            "each value must be in exactly one segment.",)

    def test_gap_of_one_value(self):
        fb = checks.check_chronological_split(TRAIN, VALID, SERIES[256:], series=SERIES)
        assert not fb.passed
        assert "1 value(s) between `valid` and `test` are in no segment" in all_hints(fb)

    def test_larger_overlap(self):
        fb = checks.check_chronological_split(TRAIN, SERIES[200:255], TEST, series=SERIES)
        assert "share 10 values" in all_hints(fb)

    def test_missing_head_and_tail(self):
        fb = checks.check_chronological_split(SERIES[1:210], VALID, SERIES[255:299], series=SERIES)
        assert not fb.passed
        assert "first 1 value(s)" in all_hints(fb) and "last 1 value(s)" in all_hints(fb)

    def test_split_of_a_scaled_copy(self):
        scaled = (SERIES - SERIES.min()) / (SERIES.max() - SERIES.min())
        fb = checks.check_chronological_split(*hand_split(scaled), series=SERIES)
        assert not fb.passed and "rescaled copy" in all_hints(fb)

    def test_values_from_elsewhere(self):
        fb = checks.check_chronological_split(TRAIN, VALID, TEST + np.sin(TEST), series=SERIES)
        assert not fb.passed and "`test` is not a stretch" in fb.message
        assert "slice `series[start:stop]`" in all_hints(fb)

    def test_wrong_shares(self):
        # segments in time order, but cut at 50 % and 75 % instead of 70 % and 85 %
        fb = checks.check_chronological_split(*hand_split(SERIES, (0.5, 0.25, 0.25)),
                                              series=SERIES)
        assert not fb.passed and "shares (50.0%, 25.0%, 25.0%)" in fb.message
        assert "70%, 15%, 15%" in all_hints(fb)

    def test_row_segment_and_empty_segment(self):
        fb = checks.check_chronological_split(TRAIN[None, :], VALID, TEST, series=SERIES)
        assert not fb.passed and "shape (1, 210)" in fb.message
        fb = checks.check_chronological_split(TRAIN, VALID[:0], SERIES[210:], series=SERIES)
        assert not fb.passed and "`valid` is empty" in fb.message

    def test_text_answer(self):
        fb = checks.check_chronological_split("train", VALID, TEST, series=SERIES)
        assert not fb.passed and fb.message.startswith("`train`: Your answer is a str")

    def test_invalid_series_and_fractions(self):
        with pytest.raises(ValueError, match=r"`series` must be univariate.*\(300, 2\)"):
            checks.check_chronological_split(TRAIN, VALID, TEST,
                                             series=np.stack([SERIES, SERIES], axis=1))
        with pytest.raises(TypeError, match="`series` must be array-like"):
            checks.check_chronological_split(TRAIN, VALID, TEST, series="co2")
        with pytest.raises(ValueError, match=r"`fractions` must sum to 1"):
            checks.check_chronological_split(TRAIN, VALID, TEST, series=SERIES,
                                             fractions=(0.7, 0.2, 0.2))


# ---------------------------------------------------------------------------
# check_train_scaler
# ---------------------------------------------------------------------------
PARTS = {"train": TRAIN, "valid": VALID, "test": TEST}


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
        (SERIES, "the whole series"),
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


# ---------------------------------------------------------------------------
# check_seasonal_naive_indices
# ---------------------------------------------------------------------------
def positions_by_stepping_back(lookback, period, horizon):
    """For each step, start at the forecast week and go back one season until inside the window."""
    out = []
    for k in range(1, horizon + 1):
        position = lookback - 1 + k
        while position >= lookback:
            position -= period
        out.append(position)
    return np.array(out)


class TestSeasonalNaiveIndices:
    @pytest.mark.parametrize("lookback, period, horizon", [(60, 52, 60), (52, 52, 1), (12, 4, 9),
                                                           (5, 1, 3)])
    def test_right_answer_passes_and_matches_the_forecast(self, lookback, period, horizon):
        expected = positions_by_stepping_back(lookback, period, horizon)
        fb = checks.check_seasonal_naive_indices(expected, lookback=lookback, period=period,
                                                 horizon=horizon)
        assert fb.passed
        X = np.arange(float(lookback)).reshape(1, lookback, 1)  # value = position
        from rnnbook.forecast import seasonal_naive_forecast

        np.testing.assert_array_equal(seasonal_naive_forecast(X, horizon, period)[0], expected)

    def test_list_and_negative_positions_pass(self):
        expected = positions_by_stepping_back(60, 52, 60)
        assert checks.check_seasonal_naive_indices(list(expected), lookback=60, period=52,
                                                   horizon=60).passed
        fb = checks.check_seasonal_naive_indices(expected - 60, lookback=60, period=52, horizon=60)
        assert fb.passed and "negative indices" in all_hints(fb)

    def test_not_answered(self):
        fb = checks.check_seasonal_naive_indices(None, lookback=60, period=52, horizon=60)
        assert not fb.answered

    @pytest.mark.parametrize("shift, words", [(1, "1-based"), (-1, "one week too early")])
    def test_off_by_one(self, shift, words):
        wrong = positions_by_stepping_back(60, 52, 60) + shift
        fb = checks.check_seasonal_naive_indices(wrong, lookback=60, period=52, horizon=60)
        assert not fb.passed and words in all_hints(fb)

    def test_no_wrap_around(self):
        wrong = 59 + np.arange(1, 61) - 52  # runs past the window for k > 52
        fb = checks.check_seasonal_naive_indices(wrong, lookback=60, period=52, horizon=60)
        assert not fb.passed and "two (or more) seasons" in all_hints(fb)

    def test_naive_positions(self):
        fb = checks.check_seasonal_naive_indices(np.full(60, 59), lookback=60, period=52,
                                                 horizon=60)
        assert not fb.passed and "naive forecast" in all_hints(fb)

    def test_wrong_length(self):
        fb = checks.check_seasonal_naive_indices(positions_by_stepping_back(60, 52, 52),
                                                 lookback=60, period=52, horizon=60)
        assert not fb.passed and "shape (52,)" in fb.message

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`period` must be <= `lookback` \(40\).*period=52"):
            checks.check_seasonal_naive_indices(None, lookback=40, period=52, horizon=5)
        with pytest.raises(ValueError, match="`horizon` must be >= 1. Received: horizon=0"):
            checks.check_seasonal_naive_indices(None, lookback=60, period=52, horizon=0)
        with pytest.raises(TypeError, match="`lookback` must be an integer. Received: lookback=60.0"):
            checks.check_seasonal_naive_indices(None, lookback=60.0, period=52, horizon=5)


# ---------------------------------------------------------------------------
# check_seasonal_naive_mse
# ---------------------------------------------------------------------------
LOOKBACK, PERIOD = 16, 12
X_W, Y_W = data.make_windows(SERIES, LOOKBACK)  # (N, 16, 1), (N, 1)


def loop_seasonal_mse(X, y, period):
    """The seasonal naive MSE of one-step windows with an explicit loop."""
    total = 0.0
    for window, target in zip(X[:, :, 0], y[:, 0]):
        total += (target - window[len(window) - period]) ** 2
    return total / len(X)


class TestSeasonalNaiveMse:
    def test_right_answer_passes(self):
        answer = loop_seasonal_mse(X_W, Y_W, PERIOD)
        assert checks.check_seasonal_naive_mse(answer, X_W, Y_W, period=PERIOD).passed
        assert checks.check_seasonal_naive_mse(np.float32(answer), X_W, Y_W[:, 0],
                                               period=PERIOD).passed

    def test_multi_step_targets(self):
        X, Y = data.make_windows(SERIES, LOOKBACK, horizon=3)
        errors = [(Y[i, k] - X[i, LOOKBACK - PERIOD + k, 0]) ** 2
                  for i in range(len(X)) for k in range(3)]
        assert checks.check_seasonal_naive_mse(float(np.mean(errors)), X, Y, period=PERIOD).passed

    def test_not_answered(self):
        assert not checks.check_seasonal_naive_mse(None, X_W, Y_W, period=PERIOD).answered

    @pytest.mark.parametrize("wrong, words", [
        (lambda: math.sqrt(loop_seasonal_mse(X_W, Y_W, PERIOD)), "RMSE"),
        (lambda: float(np.mean(np.abs(Y_W[:, 0] - X_W[:, LOOKBACK - PERIOD, 0]))),
         "mean absolute error"),
        (lambda: float(np.mean((Y_W[:, 0] - X_W[:, -1, 0]) ** 2)), "naive forecast"),
        (lambda: loop_seasonal_mse(X_W, Y_W, PERIOD - 1), "one step too short"),
        (lambda: loop_seasonal_mse(X_W, Y_W, PERIOD + 1), "one step too long"),
        (lambda: float(np.mean((Y_W[:, 0] - X_W[:, 0, 0]) ** 2)), "first value of each window"),
        (lambda: float(np.mean((Y_W - X_W[:, LOOKBACK - PERIOD, 0]) ** 2)), "(N, N)"),
    ], ids=["rmse", "mae", "naive", "short", "long", "first", "broadcast"])
    def test_realistic_wrong_answers(self, wrong, words):
        fb = checks.check_seasonal_naive_mse(wrong(), X_W, Y_W, period=PERIOD)
        assert not fb.passed and words in all_hints(fb)

    def test_window_of_exactly_one_season(self):
        X, y = data.make_windows(SERIES, PERIOD)  # the first value is the seasonal one here
        right = float(np.mean((y[:, 0] - X[:, 0, 0]) ** 2))
        assert checks.check_seasonal_naive_mse(right, X, y, period=PERIOD).passed

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`period` must be <= the window length T=16. "
                                             r"Received: period=20"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W, period=20)
        with pytest.raises(ValueError, match="`X` must have 3 dimensions"):
            checks.check_seasonal_naive_mse(1.0, X_W[:, :, 0], Y_W, period=PERIOD)
        with pytest.raises(ValueError, match="`X` and `y` must have the same number of windows"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W[:-1], period=PERIOD)
        with pytest.raises(TypeError, match="`period` must be an integer"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W, period="12")


# ---------------------------------------------------------------------------
# Every checker answers a student, whatever the answer
# ---------------------------------------------------------------------------
RAGGED = [[1.0, 2.0], [3.0]]
ABSURD = [None, "abc", RAGGED, math.nan, math.inf, -1, True, object(), np.zeros((0, 3)), {"a": 1}]
ABSURD_IDS = ["None", "string", "ragged", "nan", "inf", "negative", "bool", "object", "empty",
              "dict"]
CALLS = {
    "split": lambda a: checks.check_chronological_split(a, VALID, TEST, series=SERIES),
    "scaler": lambda a: checks.check_train_scaler(a, **PARTS),
    "indices": lambda a: checks.check_seasonal_naive_indices(a, lookback=60, period=52, horizon=60),
    "mse": lambda a: checks.check_seasonal_naive_mse(a, X_W, Y_W, period=PERIOD),
}


@pytest.mark.parametrize("answer", ABSURD, ids=ABSURD_IDS)
@pytest.mark.parametrize("checker", list(CALLS))
def test_checkers_give_feedback_on_any_answer(checker, answer):
    feedback = CALLS[checker](answer)
    assert isinstance(feedback, checks.Feedback)
    assert not feedback.passed and feedback.message.strip()
    assert str(feedback) and feedback._repr_html_()
