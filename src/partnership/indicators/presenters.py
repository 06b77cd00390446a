"""The performance framework pages: which indicators the partnership's plans use, and where."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.urls import reverse

from partnership.areas.models import Area
from partnership.plans.models import Plan, PriorityIndicator
from partnership.plans.selectors import plans_visible_to
from partnership.web.models import Partnership
from partnership.web.permissions import Perm

from .forms import IndicatorForm
from .models import Assessment, Indicator, Rating, Target, TargetStatus, Value


@dataclass
class Use:
    label: str
    url: str


@dataclass
class IndicatorRow:
    name: str
    url: str
    unit: str
    polarity: str
    uses: list[Use]


def _uses(
    partnership: Partnership, perms: frozenset[Perm], indicator: Indicator | None = None
) -> dict[int, list[Use]]:
    plans = list(plans_visible_to(partnership, perms))
    links = PriorityIndicator.objects.filter(priority__plan__in=plans)
    if indicator is not None:
        links = links.filter(indicator=indicator)
    links = links.select_related("priority__plan").order_by(
        "priority__plan__title", "priority__order"
    )
    uses: dict[int, list[Use]] = {}
    for link in links:
        priority = link.priority
        plan = priority.plan
        uses.setdefault(link.indicator_id, []).append(
            Use(
                label=f"{plan.title}: {plan.term} {priority.order}",
                url=reverse(
                    "plans:priority_detail",
                    kwargs={
                        "partnership": partnership.slug,
                        "plan": plan.slug,
                        "priority": priority.pk,
                    },
                ),
            )
        )
    return uses


def framework_rows(partnership: Partnership, perms: frozenset[Perm]) -> list[IndicatorRow]:
    uses = _uses(partnership, perms)
    indicators = Indicator.objects.filter(partnership=partnership) | Indicator.objects.filter(
        pk__in=list(uses)
    )
    return [
        IndicatorRow(
            name=indicator.name,
            url=reverse(
                "performance:indicator",
                kwargs={"partnership": partnership.slug, "code": indicator.code},
            ),
            unit=indicator.unit,
            polarity=indicator.get_polarity_display(),
            uses=uses.get(indicator.pk, []),
        )
        for indicator in indicators.distinct().order_by("name")
    ]


def dashboard_links(partnership: Partnership, perms: frozenset[Perm]) -> list[tuple[Plan, str]]:
    """Each plan the reader may see, with its performance dashboard's address."""
    return [
        (
            plan,
            reverse(
                "performance:dashboard",
                kwargs={"partnership": partnership.slug, "plan": plan.slug},
            ),
        )
        for plan in plans_visible_to(partnership, perms)
    ]


def indicator_uses(
    partnership: Partnership, perms: frozenset[Perm], indicator: Indicator
) -> list[Use]:
    return _uses(partnership, perms, indicator).get(indicator.pk, [])


# One indicator's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    key: str
    value: str
    change_url: str = ""  # empty when the reader may not change it
    long_text: bool = False  # shown as paragraphs (the plan's text markup)


@dataclass(frozen=True)
class TargetRow:
    area: str
    period: str
    target: str
    set_by: str
    set_on: datetime
    reason: str
    edit_url: str
    delete_url: str
    history_url: str


@dataclass
class AssessmentRow:
    """One period of the partnership's area, as benchmarking judged it. Every judgement is in
    words: the rating's colour is only ever beside its name."""

    period: str
    value: str
    england: str
    region: str
    neighbours: str
    rank: str
    direction: str
    trend: str
    target: str
    rating: str
    rating_colour: str


@dataclass
class IndicatorPage:
    indicator: Indicator
    catalogue: str
    rows: list[SummaryRow]
    uses: list[Use]
    targets: list[TargetRow]
    can_manage: bool
    can_set_targets: bool
    can_see_history: bool
    show_set_by: bool
    edit_url: str
    history_url: str
    add_target_url: str
    data_summary: str
    area_name: str = ""
    assessments: list[AssessmentRow] = field(default_factory=list)


def _url(name: str, partnership: Partnership, indicator: Indicator, **extra: object) -> str:
    return reverse(
        f"indicators:{name}",
        kwargs={"partnership": partnership.slug, "code": indicator.code, **extra},
    )


def indicator_figure(value: float | None, indicator: Indicator, missing: str = "") -> str:
    """A value as the indicator publishes it: its decimal places, thousands separated, and "%"
    beside the figure for a percentage (other units head their column). Every performance page
    formats values here, so a scorecard and an indicator page never disagree."""
    if value is None:
        return missing
    shown = f"{value:,.{indicator.decimal_places}f}"
    return f"{shown}%" if indicator.unit.strip() == "%" else shown


def format_number(number: float) -> str:
    """A figure as it was entered: thousands separated, no trailing zeros, no exponent."""
    if float(number).is_integer():
        return f"{number:,.0f}"
    return f"{number:,.6f}".rstrip("0").rstrip(".")


def format_target(target: Target, unit: str) -> str:
    """ "65%", "60% to 70%", or "12.5" with the unit left to the page's heading."""
    suffix = "%" if unit == "%" else ""
    shown = f"{format_number(target.value)}{suffix}"
    if target.value_upper is None:
        return shown
    return f"{shown} to {format_number(target.value_upper)}{suffix}"


def _catalogue_rows(
    partnership: Partnership, indicator: Indicator, can_manage: bool
) -> list[SummaryRow]:
    edit = _url("indicator_edit", partnership, indicator) if can_manage else ""
    # Radios have no element with the field's own id: "Change" goes to the first option, as the
    # error summary does.
    kinds = dict(IndicatorForm.layout_fields)

    def change(field: str) -> str:
        if not edit:
            return ""
        suffix = "_1" if kinds[field] == "radios" else ""
        return f"{edit}#id_{field}{suffix}"

    def places(count: int) -> str:
        return "None (whole numbers)" if count == 0 else str(count)

    rows = [
        SummaryRow("Name", indicator.name, change("name")),
        SummaryRow("Code", indicator.code, change("code")),
        SummaryRow(
            "Definition", indicator.description or "Not recorded", change("description"), True
        ),
        SummaryRow("Unit", indicator.unit or "Not set", change("unit")),
        SummaryRow("Value type", indicator.get_value_type_display(), change("value_type")),
        SummaryRow("Multiplier", indicator.get_multiplier_display(), change("multiplier")),
        SummaryRow("Decimal places", places(indicator.decimal_places), change("decimal_places")),
        SummaryRow(
            "Which direction is better", indicator.get_polarity_display(), change("polarity")
        ),
        SummaryRow("Period type", indicator.get_period_type_display(), change("period_type")),
        SummaryRow(
            "Confidence intervals",
            indicator.get_interval_method_display(),
            change("interval_method"),
        ),
        SummaryRow(
            "Quartiles among local authorities",
            "Meaningful" if indicator.quartiles_meaningful else "Not meaningful: not banded",
            change("quartiles_meaningful"),
        ),
        SummaryRow("Overall rating", indicator.get_rating_rule_display(), change("rating_rule")),
        SummaryRow("Source", indicator.source or "Not recorded", change("source")),
        SummaryRow("Data owner", indicator.owner or "Not recorded", change("owner")),
        SummaryRow(
            "Methodology", indicator.methodology or "Not recorded", change("methodology"), True
        ),
    ]
    if indicator.lait_code:
        rows.append(SummaryRow("LAIT code", indicator.lait_code))
    if indicator.fingertips_id is not None:
        rows.append(SummaryRow("Fingertips indicator ID", str(indicator.fingertips_id)))
    return rows


def _target_rows(partnership: Partnership, indicator: Indicator) -> list[TargetRow]:
    targets = list(
        Target.objects.filter(partnership=partnership, indicator=indicator)
        .select_related("area", "period", "set_by")
        .order_by("area__name", "period__start_date", "period__end_date")
    )
    # "When" is when the target was last set: its latest history entry, not when it was first made.
    last_set = dict(
        Target.history.filter(id__in=[t.pk for t in targets])
        .values("id")
        .annotate(last=Max("history_date"))
        .values_list("id", "last")
    )
    rows = []
    for target in targets:
        rows.append(
            TargetRow(
                area=target.area.name,
                period=target.period.label,
                target=format_target(target, indicator.unit),
                set_by=str(target.set_by) if target.set_by else "Command line or system",
                set_on=last_set.get(target.pk, target.created),
                reason=target.reason,
                edit_url=_url("target_edit", partnership, indicator, target=target.pk),
                delete_url=_url("target_delete", partnership, indicator, target=target.pk),
                history_url=_url("target_history", partnership, indicator, target=target.pk),
            )
        )
    return rows


def _data_summary(indicator: Indicator) -> str:
    values = Value.objects.for_indicator(indicator).current()
    count = values.count()
    if not count:
        return "No values have been loaded for this indicator."
    areas = values.values("area").distinct().count()
    latest = values.chronological().select_related("period").last()
    period = f"; the latest period is {latest.period.label}" if latest else ""
    return (
        f"{count:,} value{'' if count == 1 else 's'} loaded, for {areas:,} "
        f"area{'' if areas == 1 else 's'}{period}."
    )


def indicator_page(
    partnership: Partnership,
    perms: frozenset[Perm],
    indicator: Indicator,
    *,
    area: Area | None,
    assessments: Sequence[Assessment] | None = None,
) -> IndicatorPage:
    """What an indicator's page shows: every catalogue field, where it is used, its targets and
    how ``area`` compares over the latest periods. Only the partnership's own indicators can be
    changed; the national catalogue is read-only. ``assessments`` are ``area``'s, oldest first
    and annotated with the partnership's targets, when the caller has read them already."""
    can_manage = Perm.MANAGE_CATALOGUE in perms and indicator.partnership_id == partnership.pk
    own = indicator.partnership_id is not None
    return IndicatorPage(
        indicator=indicator,
        catalogue=f"{partnership.name}'s own indicator" if own else "National catalogue",
        rows=_catalogue_rows(partnership, indicator, can_manage),
        uses=indicator_uses(partnership, perms, indicator),
        targets=_target_rows(partnership, indicator),
        can_manage=can_manage,
        can_set_targets=Perm.MANAGE_DATA in perms,
        can_see_history=Perm.VIEW_UNPUBLISHED in perms,
        # People's names are for the partnership's members, not the public.
        show_set_by=Perm.VIEW_UNPUBLISHED in perms,
        edit_url=_url("indicator_edit", partnership, indicator),
        history_url=_url("indicator_history", partnership, indicator),
        add_target_url=_url("target_create", partnership, indicator),
        data_summary=_data_summary(indicator),
        area_name=area.name if area else "",
        assessments=_assessment_rows(partnership, indicator, area, assessments) if area else [],
    )


RATING_COLOURS = {"green": "green", "amber": "yellow", "red": "red", "none": "grey"}
PERIODS_SHOWN = 5


def _assessment_rows(
    partnership: Partnership,
    indicator: Indicator,
    area: Area,
    read: Sequence[Assessment] | None = None,
) -> list[AssessmentRow]:
    """The latest periods' assessments for ``area``, with the partnership's targets, newest
    first: from ``read`` (oldest first) when given, else from the database."""
    if read is not None:
        found: Iterable[Assessment] = list(reversed(read))[:PERIODS_SHOWN]
    else:
        found = (
            Assessment.objects.for_indicator(indicator)
            .for_area(area)
            .with_target(partnership)
            .select_related("period")
            .order_by("-period__start_date", "-period__end_date")[:PERIODS_SHOWN]
        )

    def number(value: float | None) -> str:
        return indicator_figure(value, indicator, missing="–")

    def versus(value: float | None, label: str) -> str:
        return label if value is None else f"{label}: {number(value)}"

    rows = []
    for a in found:
        rating = getattr(a, "overall_rating", a.rating)
        rows.append(
            AssessmentRow(
                period=a.period.label,
                value=number(a.value),
                england=versus(a.england_value, a.get_england_comparison_display()),
                region=versus(a.region_value, a.get_region_comparison_display()),
                neighbours=versus(a.neighbour_average, a.get_neighbour_comparison_display()),
                rank=(
                    f"{a.rank} of {a.ranked}"
                    + (f", band {a.quartile_band}" if a.quartile_band else "")
                    if a.rank
                    else "–"
                ),
                direction=a.get_direction_display(),
                trend=a.get_trend_display(),
                target=TargetStatus(getattr(a, "target_status", TargetStatus.NO_TARGET)).label,
                rating=Rating(rating).label,
                rating_colour=RATING_COLOURS.get(rating, "grey"),
            )
        )
    return rows
