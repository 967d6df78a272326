"""Editors issue and revoke API keys; nobody else sees them."""

from cliffhanger.core.permissions import codenames

GROUP_PERMISSIONS = {"Editors": codenames(["apikey"])}
