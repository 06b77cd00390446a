from typing import Any

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "partnership.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import search
        from .meeting_models import (
            ActionArising,
            AgendaItem,
            GuideItem,
            ItemMinute,
            Meeting,
            Minutes,
            OneMinuteGuide,
            Paper,
        )

        # Search holds what the public may see: every save or delete of something an entry is
        # built from re-indexes its meeting once committed, whichever page or service made it.
        for model in (
            Meeting,
            AgendaItem,
            ItemMinute,
            Minutes,
            OneMinuteGuide,
            GuideItem,
            Paper,
            ActionArising,
        ):
            uid = f"governance-search-{model.__name__}"
            post_save.connect(search.on_change, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(search.on_change, sender=model, dispatch_uid=uid + "-delete")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="governance-fts")


def _ensure_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from . import search

    search.ensure_full_text_index(connections[using])
