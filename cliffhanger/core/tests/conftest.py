"""Pages to serve in core's tests: the tracker's article with its show and season."""

from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    record,
    season_one,
    section,
)
