from cliffhanger.core.privacy import client_hash


def test_healthz_reports_ok(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text


def test_unknown_page_gets_the_friendly_404(db, client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.text


def test_server_error_page_renders_without_context(rf):
    from cliffhanger.core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_client_hash_is_salted_and_stable(settings):
    first = client_hash("203.0.113.5", "Firefox")

    assert first == client_hash("203.0.113.5", "Firefox")
    assert "203.0.113.5" not in first
    settings.IP_HASH_SALT = "another-salt"
    assert client_hash("203.0.113.5", "Firefox") != first
