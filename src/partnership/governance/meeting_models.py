"""People and memberships, meetings, agendas, papers, attendance, declarations, minutes,
actions arising, the forward plan and one-minute guides.

The vocabulary is Popolo / Open Civic Data's (person, post, membership with ``on_behalf_of``,
event, agenda item) with ModernGov's attendance states. Imported by ``governance.models``, so
these are models of the ``governance`` app. Writes go through the services, which enforce the
status machines below; nothing here changes a status on its own.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.web.models import Partnership

# -- People, posts and memberships ----------------------------------------------------------


class PersonQuerySet(models.QuerySet["Person"]):
    def for_partnership(self, partnership: Partnership) -> PersonQuerySet:
        return self.filter(partnership=partnership)


class Person(models.Model):
    """Someone who sits on, attends or presents to a group (Popolo ``Person``).

    Names are as they appear in published minutes; no contact details are needed to run a
    meeting, so none are required.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    # "Councillor", "Superintendent": printed before the name in attendance lists.
    honorific_prefix = models.CharField(max_length=60, blank=True)
    # Their usual job title and organisation, shown beside the name ("Head of Children's
    # Strategy and Improvement, Nottingham City Council").
    role_title = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(max_length=300, blank=True)
    email = models.EmailField(blank=True)
    # Their account, if they have one: lets a board member record their own declarations and
    # register of interests.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific_prefix} {self.name}".strip()


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice-chair", "Vice-chair"
    MEMBER = "member", "Member"
    LEAD_MEMBER = "lead-member", "Lead member"
    CO_ORDINATOR = "co-ordinator", "Co-ordinator"
    ADVISER = "adviser", "Adviser (non-voting)"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or dt.date.today()
        return self.filter(start_date__lte=day).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        )

    def past(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or dt.date.today()
        return self.filter(end_date__lt=day)


class Membership(models.Model):
    """A person's seat on a group for a time (Popolo ``Membership``)."""

    # RESTRICT, not PROTECT: a person with memberships cannot be deleted on their own, but
    # deleting the partnership (which takes their groups and memberships too) is allowed.
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="memberships")
    group = models.ForeignKey(
        "governance.Group", on_delete=models.CASCADE, related_name="memberships"
    )
    # The seat ("Secondary head teacher representative"); blank for members without one.
    post = models.ForeignKey(
        "governance.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    # Popolo's on_behalf_of: the organisation or sector the person represents.
    on_behalf_of = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default="member")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    # "Michelle Strong replaces Derek Hobbs": the membership that took this one's place.
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_on_or_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.group}"


class InterestCategory(models.TextChoices):
    # The categories of a council's register of members' interests, which partnership boards
    # borrow, plus the memberships of other bodies partners most often declare.
    EMPLOYMENT = "employment", "Employment, office, trade or profession"
    SPONSORSHIP = "sponsorship", "Sponsorship"
    CONTRACTS = "contracts", "Contracts"
    LAND = "land", "Land and property"
    SECURITIES = "securities", "Shares and securities"
    MEMBERSHIP = "membership", "Membership of other bodies"
    GIFTS = "gifts", "Gifts and hospitality"
    OTHER = "other", "Other"


class RegisteredInterest(models.Model):
    """An entry in a person's register of interests."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    category = models.CharField(max_length=20, choices=InterestCategory.choices)
    description = models.TextField()
    organisation = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "category", "id"]

    def __str__(self) -> str:
        return self.description


# -- Meetings and agendas --------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    TENTATIVE = "tentative", "Tentative"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


# A confirmed meeting may go back to tentative (a date moved); held and cancelled are final
# because minutes, attendance and published notices depend on them.
MEETING_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.TENTATIVE: frozenset({MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED}),
    MeetingStatus.CONFIRMED: frozenset(
        {MeetingStatus.TENTATIVE, MeetingStatus.HELD, MeetingStatus.CANCELLED}
    ),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_partnership(self, partnership: Partnership) -> MeetingQuerySet:
        return self.filter(group__partnership=partnership)

    def upcoming(self, now: dt.datetime) -> MeetingQuerySet:
        return self.filter(start__gte=now).exclude(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    """A meeting of a group (Popolo / Open Civic Data ``Event``)."""

    group = models.ForeignKey("governance.Group", on_delete=models.CASCADE, related_name="meetings")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online = models.BooleanField(default=False)
    # Joining details are for members; the public pages never show them.
    online_joining_details = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.TENTATIVE
    )
    status_reason = models.CharField(max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # "Contact: Catherine Ziane-Pryor, Governance Officer"
    contact = models.CharField(max_length=300, blank=True)
    # Items are numbered continuously through the municipal year. Where the product holds
    # only part of a year (a board that moved here in January), the first item's number is
    # given; otherwise numbering carries on from the group's earlier meetings that year.
    first_item_number = models.PositiveIntegerField(null=True, blank=True)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    # An introduction shown at the top of the agenda and the one-minute guide ("This meeting
    # was held at One Strawberry Lane...").
    introduction = models.TextField(blank=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {self.start:%d %B %Y}".replace(" 0", " ")

    @property
    def municipal_year(self) -> str:
        """ "2020/21" for a meeting between May 2020 and April 2021 (the annual meeting in May
        starts a council's year, and partnership boards serviced by democratic services keep it).
        """
        start_month = settings.MUNICIPAL_YEAR_START_MONTH
        year = self.start.year if self.start.month >= start_month else self.start.year - 1
        return f"{year}/{(year + 1) % 100:02d}"


class StandingItem(models.TextChoices):
    APOLOGIES = "apologies", "Apologies for absence"
    DECLARATIONS = "declarations", "Declarations of interest"
    PREVIOUS_MINUTES = "previous-minutes", "Minutes of the previous meeting"
    MATTERS_ARISING = "matters-arising", "Matters arising"
    MEMBERSHIP = "membership", "Membership update"
    FORWARD_PLAN = "forward-plan", "Forward plan"
    AOB = "aob", "Any other business"


class ItemKind(models.TextChoices):
    STANDING = "standing", "Standing item"
    REPORT = "report", "Report"
    PRESENTATION = "presentation", "Presentation"
    VERBAL = "verbal", "Verbal update"


class ItemPurpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class AgendaItem(models.Model):
    """One item on a meeting's agenda, with its number in the municipal year."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField()
    # The number printed on the agenda and minutes ("12."). Set by the services from the
    # order and the municipal year; kept once the agenda is published so minutes never shift.
    number = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    standing = models.CharField(max_length=20, choices=StandingItem.choices, blank=True)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.REPORT)
    purpose = models.CharField(max_length=20, choices=ItemPurpose.choices, blank=True)
    presenter = models.CharField(max_length=500, blank=True)
    # Exempt items (Schedule 12A reasons) keep their papers and minutes off public pages.
    exempt = models.BooleanField(default=False)
    exempt_reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="unique_item_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


def _exactly_one(*conditions: models.Q) -> models.Q:
    either = models.Q(pk__in=[])
    for i, condition in enumerate(conditions):
        alone = condition
        for j, other in enumerate(conditions):
            if i != j:
                alone &= ~other
        either |= alone
    return either


class AgendaItemLink(models.Model):
    """What in the plan an item discusses: a priority, a key action or an indicator.

    One target per row; the priority's page lists every meeting that discussed it through these.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links")
    priority = models.ForeignKey(
        "plans.Priority", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key_action = models.ForeignKey(
        "plans.KeyAction", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A report (the board performance report, a review) by its title and address until
    # reports are stored in the product.
    report_title = models.CharField(max_length=300, blank=True)
    report_url = models.URLField(blank=True)

    class Meta:
        ordering = ["item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(
                    models.Q(priority__isnull=False),
                    models.Q(key_action__isnull=False),
                    models.Q(indicator__isnull=False),
                    ~models.Q(report_title=""),
                ),
                name="agenda_link_one_target",
            ),
        ]

    def __str__(self) -> str:
        return str(self.priority or self.key_action or self.indicator or self.report_title)


def paper_path(instance: Paper, filename: str) -> str:
    return f"governance/papers/{instance.item.meeting_id}/{filename}"


class Paper(models.Model):
    """A paper for an item: always a PDF, checked by its content and size when uploaded."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_path, max_length=500)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # ModernGov's "Additional documents": a presentation circulated with the minutes.
    additional = models.BooleanField(default=False)
    # The paper's words, extracted on upload, for search.
    text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "additional", "order", "id"]

    def __str__(self) -> str:
        return self.title


# -- Attendance and declarations -------------------------------------------------------------


class AttendanceStatus(models.TextChoices):
    # ModernGov's attendance states.
    PRESENT = "present", "Present"
    PRESENT_VIRTUALLY = "present-virtually", "Present virtually"
    SUBSTITUTE = "substitute", "Substitute"
    IN_ATTENDANCE = "in-attendance", "In attendance"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="attendance")
    # The seat they attended in, for members; blank for officers in attendance.
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.RESTRICT, related_name="substituted_by"
    )
    # "(leave)": the reason given with apologies, as minuted.
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance"),
            models.CheckConstraint(
                condition=models.Q(status="substitute", substitute_for__isnull=False)
                | (~models.Q(status="substitute") & models.Q(substitute_for__isnull=True)),
                name="attendance_substitute_names_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class DeclarationKind(models.TextChoices):
    PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
    OTHER_REGISTERABLE = "other-registerable", "Other registerable interest"
    NON_REGISTERABLE = "non-registerable", "Non-registerable interest"
    CONFLICT = "conflict", "Conflict of interest"


class DeclarationAction(models.TextChoices):
    LEFT = "left", "Left the meeting for the item"
    NO_PART = "no-part", "Stayed but took no part"
    REMAINED = "remained", "Remained and took part"


class Declaration(models.Model):
    """An interest declared at a meeting for one item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="declarations")
    kind = models.CharField(max_length=30, choices=DeclarationKind.choices)
    nature = models.TextField()
    action = models.CharField(max_length=20, choices=DeclarationAction.choices)
    interest = models.ForeignKey(
        RegisteredInterest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "person__name"]

    def __str__(self) -> str:
        return f"{self.person}: {self.nature}"


# -- Minutes ---------------------------------------------------------------------------------


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated to attendees"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


# Circulated minutes may go back to draft (attendees' comments); approval happens at the next
# meeting; only approved minutes are published. After approval the text changes only by a
# recorded amendment (MinutesAmendment), never by editing.
MINUTES_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    MinutesStatus.DRAFT: frozenset({MinutesStatus.CIRCULATED}),
    MinutesStatus.CIRCULATED: frozenset({MinutesStatus.DRAFT, MinutesStatus.APPROVED}),
    MinutesStatus.APPROVED: frozenset({MinutesStatus.PUBLISHED}),
    MinutesStatus.PUBLISHED: frozenset(),
}


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    # Bumped by every save: an edit made from an older version is refused, not merged, so two
    # people editing the same draft never overwrite each other silently.
    version = models.PositiveIntegerField(default=1)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # The meeting that confirmed them "as a true record".
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.RESTRICT, related_name="minutes_approved"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class ItemMinute(models.Model):
    """The minute of one agenda item: narrative, lettered points and resolutions."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    narrative = models.TextField(blank=True)
    # "a) ... b) ...": the points in order; letters are given when shown, so inserting a point
    # re-letters the rest as a minute-taker expects.
    points = models.JSONField(default=list, blank=True)
    # "Resolved to note that ...", one entry each.
    resolutions = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Minute of {self.item}"


class MinutesVersion(models.Model):
    """A frozen copy of the minutes' whole text at each save, for comparison."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=MinutesStatus.choices)
    # {"items": [{"item": id, "number": 12, "title": ..., "narrative": ..., "points": [...],
    #   "resolutions": [...]}, ...]}
    content = models.JSONField()
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="unique_minutes_version"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.minutes}"


class MinutesAmendment(models.Model):
    """A recorded correction: at confirmation ("subject to amending ...") or after approval."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The meeting where the amendment was agreed, when it was agreed at one.
    agreed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField()
    version_before = models.PositiveIntegerField()
    version_after = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "recorded_at", "id"]

    def __str__(self) -> str:
        return self.description


class ActionArisingStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionArising(models.Model):
    """An action agreed at a meeting; it comes back under matters arising until closed."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions_arising")
    order = models.PositiveIntegerField(default=0)
    description = models.TextField()
    owner = models.CharField(max_length=300)
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_arising"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionArisingStatus.choices, default=ActionArisingStatus.OPEN
    )
    closed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name_plural = "actions arising"

    def __str__(self) -> str:
        return self.description

    @property
    def is_closed(self) -> bool:
        return self.status in (ActionArisingStatus.DONE, ActionArisingStatus.DROPPED)


class ActionArisingUpdate(models.Model):
    """What a later meeting heard about an action arising, under matters arising."""

    action = models.ForeignKey(ActionArising, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ActionArisingStatus.choices)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"


# -- Forward plan ----------------------------------------------------------------------------


class ForwardPlanStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    PLANNED = "planned", "Planned"
    SCHEDULED = "scheduled", "Scheduled into a meeting"
    DECLINED = "declined", "Declined"


class ForwardPlanItem(models.Model):
    """A future item for a group: planned by the officer or suggested by a partner."""

    group = models.ForeignKey(
        "governance.Group", on_delete=models.CASCADE, related_name="forward_plan"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ForwardPlanStatus.choices, default=ForwardPlanStatus.PLANNED
    )
    suggested_by = models.CharField(max_length=300, blank=True)
    # When it should come ("March 2021"): the first of that month.
    target_month = models.DateField(null=True, blank=True)
    target_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="forward_items"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="forward_item"
    )
    priority = models.ForeignKey(
        "plans.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "target_month", "id"]

    def __str__(self) -> str:
        return self.title


# -- One-minute guides -----------------------------------------------------------------------


class GuideStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class OneMinuteGuide(models.Model):
    """A plain-English summary of a meeting for everyone who was not there."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="guide")
    status = models.CharField(max_length=20, choices=GuideStatus.choices, default="draft")
    introduction = models.TextField(blank=True)
    closing = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"One-minute guide to {self.meeting}"


class GuideItem(models.Model):
    guide = models.ForeignKey(OneMinuteGuide, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField()
    heading = models.CharField(max_length=300)
    text = models.TextField()
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["guide", "order"]

    def __str__(self) -> str:
        return self.heading


# -- Search ----------------------------------------------------------------------------------


class SearchEntry(models.Model):
    """One published thing people can search: an agenda item, its minute, a guide, a paper.

    Rebuilt by the search service when something is published or changed; the full-text index
    over it is the database's own (SQLite FTS5, PostgreSQL tsvector).
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="search_entries"
    )
    kind = models.CharField(max_length=20)  # agenda, minutes, guide, paper
    # The object it was built from, "governance.agendaitem:12", so a rebuild replaces it.
    source = models.CharField(max_length=100)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=500)
    body = models.TextField()
    url = models.CharField(max_length=500)
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="unique_search_source"),
        ]

    def __str__(self) -> str:
        return self.title
