"""manage.py's start-up (cliffhanger/manage.py), in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[3]
REPORT = (
    "import gc; from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, gc.isenabled(), gc.get_freeze_count() > 100_000)"
)


def test_options_are_read_before_start_up_and_its_objects_are_frozen(tmp_path):
    environ = {**os.environ, "CLIFFHANGER_VAR_DIR": str(tmp_path)}
    environ.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default: base

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", REPORT]
        + ["--settings=cliffhanger.settings.test"],
        cwd=REPO_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    # --settings wins, the collector runs again, start-up's objects are frozen.
    assert result.stdout.split() == ["cliffhanger.settings.test", "True", "True"]
