"""The base every partnership page stands on: find the partnership, check the permission."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.generic.base import ContextMixin, View

from .models import Partnership
from .permissions import Perm, request_permissions


class PartnershipView(ContextMixin, View):
    """A view under /p/<partnership>/. Set ``permission`` to require one; None means public."""

    permission: Perm | None = None
    partnership: Partnership
    perms: frozenset[Perm]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.partnership = get_object_or_404(Partnership, slug=kwargs["partnership"])
        request.partnership = self.partnership  # type: ignore[attr-defined]
        self.perms = request_permissions(request, self.partnership)
        if self.permission is not None and self.permission not in self.perms:
            self.deny()
        return super().dispatch(request, *args, **kwargs)

    def deny(self) -> None:
        """Anonymous visitors are asked to sign in; signed-in people without the right get 403."""
        if not self.request.user.is_authenticated:
            raise SignInRequired(self.request.get_full_path())
        raise PermissionDenied

    def require(self, perm: Perm) -> None:
        if perm not in self.perms:
            self.deny()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["partnership"] = self.partnership
        context["perms_here"] = {perm.value: True for perm in self.perms}
        return context


class SignInRequired(Exception):
    """Raised from deep inside a view; the middleware turns it into a redirect to sign in."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class SignInRequiredMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, SignInRequired):
            response: HttpResponseBase = redirect_to_login(exception.next_url)
            return response
        return None
