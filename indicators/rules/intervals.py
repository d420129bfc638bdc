"""Confidence intervals for a school's year-over-year change: pure functions.

Each function takes numbers or NumPy arrays (pandas columns) alike and gives NaN where the
data allow no interval (no participants, no spread of scores).

* ``wilson``: the Wilson score interval of a proportion (Wilson 1927). Unlike the textbook
  p ± z·√(p(1−p)/n) it stays within 0–1 and does not shrink to a point when nobody (or
  everybody) failed — the usual case of a small school.
* ``proportion_difference``: Newcombe's hybrid score interval for the difference of two
  independent proportions (Newcombe 1998, «method 10»), built from the two Wilson intervals.
  Its coverage is close to the nominal one even for classes of a few pupils, where the simple
  Wald interval is far too narrow.
* ``mean_difference``: the difference of two means ± z times Welch's standard error
  √(s₁²/n₁ + s₂²/n₂), each year with its own variance. A normal approximation: for classes of
  a few pupils Student's t would be a little wider (docs/verdicts.md).
"""

from statistics import NormalDist

import numpy as np


def z_value(confidence):
    """The two-sided normal quantile: 1.959964 for 0.95."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson(successes, trials, z):
    """The Wilson score interval (lower, upper) of ``successes`` out of ``trials``."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = (x + z * z / 2) / (n + z * z)
        half = z * np.sqrt(x * (n - x) / n + z * z / 4) / (n + z * z)
        valid = n > 0
        lower = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
        upper = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    return _scalar(lower), _scalar(upper)


def proportion_difference(successes_before, trials_before, successes, trials, z):
    """Newcombe's interval (lower, upper) for p − p_before, the change of a proportion.

    With the two Wilson intervals (l₀, u₀) and (l₁, u₁) of p₀ and p₁ and d = p₁ − p₀:
    lower = d − √((p₁ − l₁)² + (u₀ − p₀)²), upper = d + √((u₁ − p₁)² + (p₀ − l₀)²).
    """
    n0 = np.asarray(trials_before, dtype=float)
    n1 = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = np.asarray(successes_before, dtype=float) / n0
        p1 = np.asarray(successes, dtype=float) / n1
    l0, u0 = wilson(successes_before, trials_before, z)
    l1, u1 = wilson(successes, trials, z)
    difference = p1 - p0
    lower = difference - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    upper = difference + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return _scalar(lower), _scalar(upper)


def sample_variance(count, mean, sum_of_squares):
    """The scores' sample variance (divided by n − 1) from their count, mean and sum of squares.

    NaN for fewer than two scores, a missing sum, or a sum too small for the mean (a sum of
    squares can never be below n·mean²: such a row was not computed from the same scores).
    """
    n = np.asarray(count, dtype=float)
    m = np.asarray(mean, dtype=float)
    squares = np.asarray(sum_of_squares, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = squares - n * m * m
        # Rounding of the mean leaves a tiny negative spread where all scores are equal.
        tolerance = 1e-9 * np.abs(squares) + 1e-9
        variance = np.where(
            (n >= 2) & (spread > -tolerance), np.maximum(spread, 0.0) / (n - 1), np.nan
        )
    return _scalar(variance)


def mean_difference(count_before, mean_before, variance_before, count, mean, variance, z):
    """The interval (lower, upper) for mean − mean_before: the difference ± z·√(s₀²/n₀ + s₁²/n₁)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.sqrt(
            np.asarray(variance_before, dtype=float) / np.asarray(count_before, dtype=float)
            + np.asarray(variance, dtype=float) / np.asarray(count, dtype=float)
        )
    difference = np.asarray(mean, dtype=float) - np.asarray(mean_before, dtype=float)
    return _scalar(difference - z * error), _scalar(difference + z * error)


def _scalar(values):
    """A plain float for scalar input, the array otherwise."""
    return float(values) if np.ndim(values) == 0 else values
