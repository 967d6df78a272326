"""
The demo's words and facts, read from the JSON files in data/ (data/README.md
says what each holds). Everything written for the demo lives there; the code
around it only decides how it is stored.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def demo_data(name: str):
    """data/<name>.json, parsed afresh: the caller may change what it gets."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


def demo_time(value: str) -> datetime:
    """A data file's timestamp: ISO 8601, written without a zone, meaning UTC."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


# The seed page (shared/SEED-PAGE.md): the other parts of the demo hang off it.
SEED_SLUG = demo_data("seed")["article"]["slug"]
