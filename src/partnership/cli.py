"""The ``partnership`` command: Django's manage.py under the product's own name.

Every command-line feature is a Django management command (``partnership plan import FILE``,
``partnership demo``...), so the web, the tests and the command line share one settings module and
one set of services.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnership", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
