"""Tracker permissions: Editors edit everything except recorded history, which is append-only."""

from cliffhanger.core.permissions import codenames

EDITABLE_MODELS = [
    "network",
    "person",
    "genre",
    "show",
    "season",
    "statement",
    "castmember",
]
APPEND_ONLY_MODELS = ["seasonstatuschange"]

GROUP_PERMISSIONS = {
    "Editors": codenames(EDITABLE_MODELS)
    + codenames(APPEND_ONLY_MODELS, ("add", "view")),
    "Writers": ["view_show", "view_season", "view_statement"],
}
