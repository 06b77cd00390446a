"""Reports built from the live plan. The delivery plan is the table at the heart of every
children and young people's plan: per priority, success criteria, indicators and key actions with
their lead groups and linked plans."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.plans.models import Plan
from partnership.plans.presenters import plan_summary
from partnership.plans.selectors import action_links, plan_with_contents, plans_visible_to
from partnership.web.mixins import PartnershipView
from partnership.web.models import GlossaryTerm
from partnership.web.permissions import Perm


class ReportsIndexView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plans = [
            {
                "summary": plan_summary(plan),
                "delivery_plan": reverse(
                    "reports:delivery_plan",
                    kwargs={"partnership": self.partnership.slug, "plan": plan.slug},
                ),
                "export": reverse(
                    "plans:plan_export",
                    kwargs={"partnership": self.partnership.slug, "plan": plan.slug},
                ),
            }
            for plan in plans_visible_to(self.partnership, self.perms)
        ]
        return render(request, "reports/index.html", self.get_context_data(plans=plans))


class DeliveryPlanView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = get_object_or_404(Plan, partnership=self.partnership, slug=kwargs["plan"])
        if not plan.is_public and Perm.VIEW_UNPUBLISHED not in self.perms:
            raise Http404("No such plan")
        plan = plan_with_contents(plan)
        links = action_links([a for p in plan.priorities.all() for a in p.actions.all()])
        priorities = []
        for priority in plan.priorities.all():
            priorities.append(
                {
                    "priority": priority,
                    "criteria": [c.text for c in priority.criteria.all()],
                    "indicators": [link.indicator.name for link in priority.indicator_links.all()],
                    "actions": [
                        {
                            "text": a.text,
                            "lead": [g.name for g in links[a.pk][0]],
                            "linked": [s.title for s in links[a.pk][1]],
                        }
                        for a in priority.actions.all()
                    ],
                }
            )
        glossary = GlossaryTerm.objects.filter(partnership=self.partnership).order_by("term")
        context = self.get_context_data(
            plan=plan, priorities=priorities, glossary=glossary, summary=plan_summary(plan)
        )
        return render(request, "reports/delivery_plan.html", context)
