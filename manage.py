#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # DEBUG stays off unless asked for: `make dev` picks the dev settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cliffhanger.settings.base")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A setting the operator must fix: one line, not a traceback.
        sys.exit(f"CommandError: {error}")
