"""What every app shares: partnerships, user accounts and the roles people hold in a partnership."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, digits and single hyphens only, for example cypp-2024-2027.",
)


# Words the URLs use beside a plan's or an indicator's short name; a plan called "new" could
# never be opened.
RESERVED_SLUGS = frozenset({"new", "import", "actions", "strategies", "glossary", "indicators"})


def not_reserved(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value in RESERVED_SLUGS:
        raise ValidationError(
            f"“{value}” is used by the product's own web addresses; choose another short name."
        )


class User(AbstractUser):
    """A person who signs in. Administrators are superusers; every other power comes from roles."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Partnership(models.Model):
    """A Children and Young People's Partnership. Every partnership-owned record points here."""

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(max_length=200)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", "Partnership officer"
    GOVERNANCE = "governance", "Governance officer"
    CONTRIBUTOR = "contributor", "Lead-group contributor"
    BOARD = "board", "Board member"


class UserRoleQuerySet(models.QuerySet["UserRole"]):
    def for_user(self, user: User) -> UserRoleQuerySet:
        return self.filter(user=user)


class UserRole(models.Model):
    """A role a user holds in one partnership; contributors are tied to the groups they update."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="user_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    groups = models.ManyToManyField(
        "governance.Group",
        blank=True,
        related_name="contributor_roles",
        help_text="For lead-group contributors: the groups whose actions they update.",
    )

    objects = UserRoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role"], name="unique_role_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.partnership}"


class GlossaryTerm(models.Model):
    """An acronym or term the partnership uses, listed in documents and explained on pages."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=40)
    meaning = models.CharField(max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "term"], name="unique_glossary_term")
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"
