import pytest

from cliffhanger.predictions.tests.conftest import make_poll, prediction  # noqa: F401
from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    record,
    season_one,
    section,
)


@pytest.fixture
def api(client):
    """GET an API path and return (response, parsed JSON)."""

    def get(path, **headers):
        response = client.get(path, **headers)
        body = response.json() if response.content else None
        return response, body

    return get
