#!/usr/bin/env python
"""Django's command-line utility.

The portal is the default origin; run the mock Entra ID's commands with
``DJANGO_SETTINGS_MODULE=config.settings.idp`` (the Makefile does this for you).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.portal")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
