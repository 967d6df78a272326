"""Editors create and manage polls."""

from cliffhanger.core.permissions import codenames

GROUP_PERMISSIONS = {"Editors": codenames(["poll", "polloption"])}
