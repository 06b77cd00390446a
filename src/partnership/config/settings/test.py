"""The test suite: fast hashing, in-memory email, plain static storage (no collectstatic needed)."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "y" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Static files are served from the app folders in tests; there is no collectstatic output.
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None  # type: ignore[assignment]
# Charts are cached in memory per test process, never in the checkout's var/ folder. Pages are
# not cached: a test's writes are rolled back without committing, so they never change the data
# stamp, and a page cached in one test would be served in the next. The tests of the page cache
# switch it on with a memory cache and run the commit callbacks.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
