"""A process of ours gives a decoded picture's memory back (core/heap.py)."""

import os
import subprocess
import sys

import pytest

from cliffhanger.core.heap import large_blocks_returned
from cliffhanger.testing.passes import sqlite_pass_only

# Make renditions as a gunicorn thread would (a thread has its own malloc
# arena), keep a little, and report how much the private heap grew, in MB.
RENDITIONS_IN_A_THREAD = r"""
import io, sys, threading
from PIL import Image

if sys.argv[1] == "django":
    import django
    django.setup()

def private_heap_mb():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon"):
            return int(line.split()[1]) // 1024

upload = io.BytesIO()
Image.new("RGB", (3000, 2000), (200, 10, 10)).save(upload, "JPEG")
before = private_heap_mb()

def make_renditions():
    kept = []
    for _ in range(3):
        picture = Image.open(io.BytesIO(upload.getvalue()))
        picture.load()
        for width in (1600, 1200, 800, 400):
            out = io.BytesIO()
            picture.resize((width, width * 2 // 3)).save(out, "WEBP")
        kept.append(bytearray(300_000))  # what a worker keeps between pictures

thread = threading.Thread(target=make_renditions)
thread.start()
thread.join()
print(private_heap_mb() - before)
"""


def heap_growth_mb(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", RENDITIONS_IN_A_THREAD, mode],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cliffhanger.settings.test"},
    )
    return int(done.stdout.split()[-1])


@sqlite_pass_only
@pytest.mark.skipif(not large_blocks_returned(), reason="no glibc mallopt here")
def test_a_process_of_ours_returns_a_decoded_pictures_memory():
    # The scenario holds on to the memory without the setting: the check can fail.
    assert heap_growth_mb("bare") >= 20
    assert heap_growth_mb("django") <= 8
