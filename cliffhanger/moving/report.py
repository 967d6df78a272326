"""
What an import did, kept as it goes and printed at the end.

    report = ImportReport(on_skip=print)
    report.count("articles", "created")
    report.skip("posts", "post 12 “About us”", "a WordPress page: there is no page type for it")
    report.note("slug taken in its section: renamed", "post 40 “Pilot”")
    "\n".join(report.lines())

Every skip is passed to `on_skip` as it happens (the command prints them all);
the report keeps each reason's count and its first examples.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

EXAMPLES_KEPT = 20
OUTCOMES = ("created", "updated", "unchanged", "skipped")


@dataclass
class ImportReport:
    on_skip: Callable[[str], object] | None = None
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    skips: Counter = field(default_factory=Counter)
    skip_examples: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    notes: Counter = field(default_factory=Counter)
    note_examples: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    shortcodes: Counter = field(default_factory=Counter)
    shortcode_examples: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    file_error: str = ""

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        if number:
            self.counts[kind][outcome] += number

    def skip(self, kind: str, ref: str, reason: str) -> None:
        """One record not imported, and why."""
        self.count(kind, "skipped")
        self.skips[reason] += 1
        if len(self.skip_examples[reason]) < EXAMPLES_KEPT:
            self.skip_examples[reason].append(ref)
        if self.on_skip is not None:
            self.on_skip(f"Skipped {ref}: {reason}")

    def note(self, message: str, ref: str) -> None:
        """Imported, but not quite as it was: the editor may want to look."""
        self.notes[message] += 1
        if len(self.note_examples[message]) < EXAMPLES_KEPT:
            self.note_examples[message].append(ref)

    def shortcode(self, name: str, ref: str) -> None:
        self.shortcodes[name] += 1
        examples = self.shortcode_examples[name]
        if ref not in examples and len(examples) < EXAMPLES_KEPT:
            examples.append(ref)

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self) -> list[str]:
        lines = []
        for kind, counter in self.counts.items():
            parts = [f"{counter[outcome]} {outcome}" for outcome in OUTCOMES]
            lines.append(f"{kind.capitalize()}: {', '.join(parts)}")
        if self.skips:
            lines.append("Skipped, and why:")
            lines += _grouped(self.skips, self.skip_examples)
        if self.notes:
            lines.append("Imported with changes an editor may want to check:")
            lines += _grouped(self.notes, self.note_examples)
        if self.shortcodes:
            lines.append(
                "Shortcodes with no equivalent here, left in the text for an editor:"
            )
            lines += _grouped(
                Counter({f"[{name}]": n for name, n in self.shortcodes.items()}),
                {f"[{name}]": refs for name, refs in self.shortcode_examples.items()},
            )
        if self.file_error:
            lines.append(f"Stopped: {self.file_error}")
        return lines


def _grouped(counter: Counter, examples: dict[str, list[str]]) -> list[str]:
    lines = []
    for reason, number in counter.most_common():
        listed = examples.get(reason, [])
        more = f" and {number - len(listed)} more" if number > len(listed) else ""
        lines.append(f"  {number} × {reason}: {', '.join(listed)}{more}")
    return lines
