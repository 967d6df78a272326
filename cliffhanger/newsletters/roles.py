"""Editors define newsletters and compose, preview, test and send their issues."""

from cliffhanger.core.permissions import codenames

GROUP_PERMISSIONS = {"Editors": codenames(["newsletter", "issue"])}
