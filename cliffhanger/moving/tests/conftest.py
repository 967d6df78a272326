from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name


@pytest.fixture
def import_wordpress_file(db, home):
    """Import a fixture file; returns the report."""
    from cliffhanger.moving.wordpress_import import wordpress_import

    def run(name: str | Path = "wordpress.xml", **options):
        with open(FIXTURES / name, "rb") as stream:  # an absolute path stays itself
            return wordpress_import(stream=stream, **options)

    return run
