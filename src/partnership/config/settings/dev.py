"""Local use: `make run` and the `partnership` command on a developer's machine."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", False)
# A fixed development key is fine on loopback; production refuses to start without its own.
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
if os.environ.get("DJANGO_DEV_STATIC_PLAIN"):
    STORAGES = {  # noqa: F405
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
