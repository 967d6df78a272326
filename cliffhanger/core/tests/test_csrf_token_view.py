"""/csrf-token/ answers in JSON, refusals included."""

import pytest

from cliffhanger.core.views import ONLY_GET


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_another_method_is_refused_in_json(client, method):
    response = getattr(client, method)("/csrf-token/")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"error": ONLY_GET}
    assert "csrftoken" not in response.cookies


def test_get_sets_the_cookie_and_answers_the_token(client):
    response = client.get("/csrf-token/")

    assert response.status_code == 200
    assert response.json()["token"]
    assert "csrftoken" in response.cookies
