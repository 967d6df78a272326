"""Ranking comments by votes the way a careful reader would, not by raw score."""

from math import sqrt

Z_95 = 1.959963984540054  # two-sided 95% confidence


def wilson_lower_bound(*, up: int, down: int) -> float:
    """
    The lower bound of the Wilson score interval for the share of up-votes:
    one up-vote out of one ranks below 90 out of 100.
    """
    total = up + down
    if total == 0:
        return 0.0
    share = up / total
    z2 = Z_95 * Z_95
    centre = share + z2 / (2 * total)
    margin = Z_95 * sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return (centre - margin) / (1 + z2 / total)
