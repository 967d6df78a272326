"""`manage.py ensure_admin`: the first superuser, its password said once."""

from io import StringIO

from django.core.management import call_command


def test_ensure_admin_prints_a_password_once(db, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first, second = StringIO(), StringIO()

    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)

    assert "with password:" in first.getvalue()
    assert "already exists" in second.getvalue()


def test_ensure_admin_takes_the_password_from_the_environment(db, monkeypatch, client):
    monkeypatch.setenv("ADMIN_PASSWORD", "s3cret-from-env")
    output = StringIO()

    call_command("ensure_admin", stdout=output)

    assert "s3cret-from-env" not in output.getvalue()
    assert client.login(username="admin", password="s3cret-from-env")
    assert client.get("/admin/").status_code == 200
