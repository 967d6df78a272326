"""Static files' addresses come from the manifest, worked out once per process."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from cliffhanger.core.static_storage import RememberedManifestStorage
from cliffhanger.settings import base


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return RememberedManifestStorage(location=str(tmp_path), base_url="/static/")


def test_an_address_is_the_manifests_and_is_worked_out_once(storage, monkeypatch):
    worked_out = []
    original = CompressedManifestStaticFilesStorage.url

    def counted(self, name, force=False):
        worked_out.append(name)
        return original(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counted)

    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert worked_out == ["css/site.css"]


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("js/missing.js")


def test_make_run_serves_with_it():
    # The test settings use plain storage; base.py is what make run serves.
    assert base.STORAGES["staticfiles"]["BACKEND"] == (
        "cliffhanger.core.static_storage.RememberedManifestStorage"
    )
