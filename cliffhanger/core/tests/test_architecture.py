"""The picture in docs/architecture.md shows the layers import-linter enforces."""

import re
import tomllib
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[3]


def contract_layers() -> list[str]:
    config = tomllib.loads((REPO_DIR / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["type"] == "layers"]
    return [
        " | ".join(
            part.strip().removeprefix("cliffhanger.") for part in layer.split("|")
        )
        for layer in contract["layers"]
    ]


def pictured_layers() -> list[str]:
    """The nodes of the marked flowchart, top to bottom, by their labels."""
    doc = (REPO_DIR / "docs" / "architecture.md").read_text()
    marked = doc.split("<!-- layers:", 1)[1].split("<!-- /layers -->", 1)[0]
    chart = marked.split("```mermaid", 1)[1].split("```", 1)[0]
    node = r'(\w+)(?:\["([^"]+)"\])?'
    labels, order = {}, []
    for line in chart.splitlines():
        edge = re.fullmatch(rf"\s*{node}\s*-->\s*{node}\s*", line)
        if not edge:
            continue
        for name, label in (edge.group(1, 2), edge.group(3, 4)):
            labels.setdefault(name, label or name)
            if name not in order:
                order.append(name)
    return [labels[name] for name in order]


def test_the_architecture_picture_matches_the_import_contract():
    assert pictured_layers() == contract_layers()
