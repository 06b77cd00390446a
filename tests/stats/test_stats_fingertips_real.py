"""Real-data check: recompute Fingertips' published limits for indicator 90284.

Source: ../shared/data/fingertips/fingertips_90284_hosp_admissions_injuries_0_14_ctyua.csv,
a raw Fingertips export (hospital admissions caused by injuries in children aged 0-14, crude
rate per 10,000, 2010/11-2023/24) with Count, Denominator and the published 95% and 99.8%
limits.  The findings are written up in docs/statistics.md.

Every row with published limits is put in exactly one class:

* ``agree``: limits recomputed from Count and Denominator match every published limit to 4
  significant figures;
* ``rounded_count``: they do not, but the published Count is a multiple of 5 and an integer
  count within ±2 of it reproduces every published limit.  Hospital Episode Statistics
  counts are published rounded to the nearest 5 (disclosure control) while Fingertips
  computes the limits from the unrounded count;
* ``unexplained``: anything else, which must not occur.

Rows without a Count (suppressed, or "not presented" with the Fingertips sentinel −1 as
limits) cannot be recomputed and are counted separately.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from numpy.typing import NDArray

from partnership.stats import rate_ci

MULTIPLIER = 10_000
SENTINEL = -1.0  # Fingertips writes -1 for a missing number


def column(rows: list[dict[str, str]], name: str) -> NDArray[np.float64]:
    out = np.array([float(r[name]) if r[name].strip() else np.nan for r in rows])
    out[out == SENTINEL] = np.nan
    return out


def same_4sf(computed: NDArray[np.float64], published: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Within half a unit of the published number's 4th significant figure."""
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = 10.0 ** (np.floor(np.log10(np.abs(published))) - 3)
    return np.abs(computed - published) <= 0.5 * unit


Floats = NDArray[np.float64]


def limits_match(
    count: Floats, denominator: Floats, published: tuple[Floats, ...]
) -> NDArray[np.bool_]:
    """True where every published limit (95%, and 99.8% where published) is reproduced."""
    l95, u95, l998, u998 = published
    _, a, b = rate_ci(count, denominator, confidence=0.95, multiplier=MULTIPLIER)
    _, c, d = rate_ci(count, denominator, confidence=0.998, multiplier=MULTIPLIER)
    ok = same_4sf(a, l95) & same_4sf(b, u95)
    has998 = ~np.isnan(l998) & ~np.isnan(u998)
    return ok & (~has998 | (same_4sf(c, l998) & same_4sf(d, u998)))


def classify(rows: list[dict[str, str]]) -> tuple[dict[str, int], Counter[str]]:
    count, den, value = column(rows, "Count"), column(rows, "Denominator"), column(rows, "Value")
    l95, u95 = column(rows, "Lower CI 95.0 limit"), column(rows, "Upper CI 95.0 limit")
    l998, u998 = column(rows, "Lower CI 99.8 limit"), column(rows, "Upper CI 99.8 limit")
    published = (l95, u95, l998, u998)
    sentinel = np.array([r["Lower CI 95.0 limit"].strip() == "-1" for r in rows])
    has_limits = ~np.isnan(l95) & ~np.isnan(u95)
    recomputable = has_limits & ~np.isnan(count) & ~np.isnan(den)
    c, d = count[recomputable], den[recomputable]
    pub = tuple(p[recomputable] for p in published)

    agree = limits_match(c, d, pub)
    agree95 = same_4sf(rate_ci(c, d, confidence=0.95, multiplier=MULTIPLIER)[1], pub[0])
    agree95 &= same_4sf(rate_ci(c, d, confidence=0.95, multiplier=MULTIPLIER)[2], pub[1])
    reproducible = np.zeros(c.size, dtype=bool)
    for offset in (-2, -1, 1, 2):
        shifted = np.maximum(c + offset, 0)
        reproducible |= limits_match(shifted, d, pub)
    rounded = ~agree & (c % 5 == 0) & reproducible
    unexplained = ~agree & ~rounded

    value_ok = same_4sf(c / d * MULTIPLIER, value[recomputable])
    return {
        "rows": len(rows),
        "with_limits": int(has_limits.sum()),
        "recomputable": int(recomputable.sum()),
        "not_recomputable": int((has_limits & ~recomputable).sum()),
        "sentinel_limits": int(sentinel.sum()),
        "agree": int(agree.sum()),
        "agree95": int(agree95.sum()),
        "with_998": int((~np.isnan(pub[2])).sum()),
        "rounded_count": int(rounded.sum()),
        "unexplained": int(unexplained.sum()),
        "value_agree": int(value_ok.sum()),
        "count_multiple_of_5": int((c % 5 == 0).sum()),
    }, Counter(
        r["Area Type"] + (" (deprivation decile)" if r["Category"] else "")
        for r, bad in zip(
            (r for r, keep in zip(rows, recomputable, strict=True) if keep),
            ~agree,
            strict=True,
        )
        if bad
    )


def test_fingertips_90284_limits_are_reproduced(fingertips_90284: list[dict[str, str]]) -> None:
    """Every published limit is either reproduced from Count and Denominator to 4
    significant figures, or reproduced from the unrounded count that the rounded Count
    hides.  No disagreement is left unexplained."""
    result, disagreeing = classify(fingertips_90284)
    recomputable = result["recomputable"]
    assert recomputable > 6000
    # The published value is the published (rounded) Count over the Denominator.
    assert result["value_agree"] == recomputable
    assert result["unexplained"] == 0
    assert result["agree"] + result["rounded_count"] == recomputable
    # About a quarter agree directly: rounding leaves the count unchanged when the true
    # count already ends in 0 or 5, and national counts are not rounded.
    assert result["agree"] / recomputable > 0.25
    # Only local-authority and deprivation-decile counts are rounded; England's are exact.
    assert set(disagreeing) <= {
        "Counties & UAs (from Apr 2023)",
        "England (deprivation decile)",
    }


def test_fingertips_rounding_explanation_is_specific() -> None:
    """The rounding class is not a catch-all: changing a count by 1 to 2 events visibly
    moves the limits of a typical local authority (about 200 admissions)."""
    _, a, b = rate_ci(213, 11_642, multiplier=MULTIPLIER)
    _, c, d = rate_ci(215, 11_642, multiplier=MULTIPLIER)
    assert not same_4sf(np.asarray(a), np.asarray(c))
    # E06000003 (Redcar and Cleveland), boys, 2012/13: published 159.21032 to 209.24906
    # with Count 215; a count of 213 reproduces them.
    assert same_4sf(np.asarray(a), np.asarray(159.21032))
    assert same_4sf(np.asarray(b), np.asarray(209.24906))
