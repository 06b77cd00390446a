"""The emails delivery tracking sends: a round opening, reminders before and after its
deadline, and each champion's compiled update. Sent through Django's email (the console by
default, SMTP by configuration); every one is logged as a RoundNotice, also when a group has
nobody to send to, so the officer can see who was told and who could not be."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnership.governance.models import Group
from partnership.web.models import Role, UserRole

from .delivery_models import NoticeKind, PriorityCompilation, RoundNotice, UpdateRound

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def group_recipients(group: Group) -> list[str]:
    """The email addresses of the group's lead-group contributors in its partnership."""
    return recipients_by_group([group]).get(group.pk, [])


def recipients_by_group(groups: Sequence[Group]) -> dict[int, list[str]]:
    """Each group's contributors' email addresses, in one query for them all."""
    found: dict[int, set[str]] = {}
    rows = (
        UserRole.groups.through.objects.filter(
            group__in=list(groups),
            userrole__role=Role.CONTRIBUTOR,
            userrole__user__is_active=True,
        )
        .exclude(userrole__user__email="")
        .filter(userrole__partnership_id=F("group__partnership_id"))
        .values_list("group_id", "userrole__user__email")
    )
    for group_id, email in rows:
        found.setdefault(group_id, set()).add(email)
    return {group_id: sorted(emails) for group_id, emails in found.items()}


def todo_url(update_round: UpdateRound, group: Group) -> str:
    return absolute(
        reverse(
            "delivery:round_group",
            kwargs={
                "partnership": update_round.plan.partnership.slug,
                "round": update_round.pk,
                "group": group.pk,
            },
        )
    )


def _send(subject: str, body: str, recipients: Sequence[str]) -> str:
    """Send one message; returns "" or, when the mail server failed, why (it is logged and
    kept with the notice rather than raised: the round is already saved by then)."""
    if not recipients:
        return ""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(recipients),
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any mail-server failure: SMTP, socket, TLS
        log.exception("Could not send %r to %s", subject, ", ".join(recipients))
        return f"{type(error).__name__}: {error}"
    return ""


def _notice(
    update_round: UpdateRound,
    kind: str,
    recipients: Sequence[str],
    *,
    group: Group | None = None,
    priority_id: int | None = None,
    when: dt.datetime | None = None,
    error: str = "",
) -> RoundNotice:
    return RoundNotice.objects.create(
        round=update_round,
        kind=kind,
        group=group,
        priority_id=priority_id,
        recipients="\n".join(recipients),
        sent_at=when or timezone.now(),
        error=error,
    )


def _group_mail(
    update_round: UpdateRound, group: Group, kind: str, *, when: dt.datetime | None
) -> None:
    recipients = group_recipients(group)
    context = {
        "round": update_round,
        "plan": update_round.plan,
        "partnership": update_round.plan.partnership,
        "group": group,
        "todo_url": todo_url(update_round, group),
        "deadline": f"{update_round.deadline:%A %-d %B %Y}",
        "kind": kind,
    }
    subject = {
        NoticeKind.OPENED: f"Progress updates wanted by {update_round.deadline:%-d %B %Y}: "
        f"{update_round.title}",
        NoticeKind.BEFORE: f"Reminder: progress updates due {update_round.deadline:%-d %B %Y}",
        NoticeKind.AFTER: f"Overdue: progress updates for {update_round.title}",
    }[NoticeKind(kind)]
    body = render_to_string("plans/email/round_group.txt", context)
    error = _send(f"{subject} ({group.name})", body, recipients)
    _notice(update_round, kind, recipients, group=group, when=when, error=error)


def round_opened(update_round: UpdateRound, groups: Sequence[Group], *, when: dt.datetime) -> None:
    for group in groups:
        _group_mail(update_round, group, NoticeKind.OPENED, when=when)


def round_reminder(update_round: UpdateRound, group: Group, kind: str) -> None:
    # Stamped with the real time even when `rounds remind --date` catches up a missed day, so
    # the log says when people were actually told.
    _group_mail(update_round, group, kind, when=timezone.now())


def round_compiled(
    update_round: UpdateRound, compilations: Sequence[PriorityCompilation], *, when: dt.datetime
) -> None:
    """Email each champion the link to their priority's compiled update."""
    for compilation in compilations:
        champion = compilation.champion
        recipients = [champion.email] if champion is not None and champion.email else []
        url = absolute(
            reverse(
                "delivery:compilation",
                kwargs={
                    "partnership": update_round.plan.partnership.slug,
                    "round": update_round.pk,
                    "priority": compilation.priority_id,
                },
            )
        )
        body = render_to_string(
            "plans/email/compiled.txt",
            {
                "round": update_round,
                "plan": update_round.plan,
                "compilation": compilation,
                "content": compilation.content,
                "champion": champion,
                "url": url,
            },
        )
        subject = (
            f"{update_round.title}: compiled update for {compilation.content['term']} "
            f"{compilation.content['number']}"
        )
        error = _send(subject, body, recipients)
        _notice(
            update_round,
            NoticeKind.COMPILED,
            recipients,
            priority_id=compilation.priority_id,
            when=when,
            error=error,
        )
