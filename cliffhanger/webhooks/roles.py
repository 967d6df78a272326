"""Editors register webhook endpoints (the issue's "editors register endpoints")."""

from cliffhanger.core.permissions import codenames

GROUP_PERMISSIONS = {"Editors": codenames(["endpoint"])}
