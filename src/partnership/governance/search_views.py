"""The search page, under /p/<partnership>/search/.

Public: everyone, signed in or not, searches the same published material (the index holds only
what the public may see), so the page needs no permission and shows nobody anything more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from partnership.web.mixins import PartnershipView

from . import search
from .search_forms import SearchForm

PER_PAGE = 20
# Pages either side of the current one in the pagination; the first and last are always shown.
PAGE_WINDOW = 2


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for an ellipsis
    url: str = ""
    current: bool = False


@dataclass
class SearchPage:
    query: str = ""
    searched: bool = False
    count: int = 0
    count_text: str = ""
    hits: list[search.Hit] = field(default_factory=list)
    first: int = 0
    last: int = 0
    previous_url: str = ""
    next_url: str = ""
    pages: list[PageLink] = field(default_factory=list)
    filtered: bool = False


def _page_url(params: QueryDict, number: int) -> str:
    kept = [(k, v) for k, v in params.lists() if k not in ("page", "submit")]
    flat = [(k, value) for k, values in kept for value in values]
    if number > 1:
        flat.append(("page", str(number)))
    return "?" + urlencode(flat)


def _page_links(page: Page[Any], params: QueryDict) -> list[PageLink]:
    total = page.paginator.num_pages
    shown = {1, total} | set(
        range(max(1, page.number - PAGE_WINDOW), min(total, page.number + PAGE_WINDOW) + 1)
    )
    links: list[PageLink] = []
    previous = 0
    for number in sorted(shown):
        if number - previous > 1:
            links.append(PageLink(number=None))
        links.append(
            PageLink(number=number, url=_page_url(params, number), current=number == page.number)
        )
        previous = number
    return links


def search_page(form: SearchForm, params: QueryDict, partnership: Any) -> SearchPage:
    """What the template shows for a valid form: the hits of one page and how to get to others."""
    query = form.cleaned_data.get("q", "")
    filters = form.filters()
    page = SearchPage(query=query, filtered=filters != search.Filters())
    if not query:
        return page
    results = search.search(partnership=partnership, query=query, filters=filters)
    paginator: Paginator[search.Hit] = Paginator(results, PER_PAGE)  # type: ignore[arg-type]
    current = paginator.get_page(params.get("page"))
    page.searched = True
    page.count = paginator.count
    noun = "result" if page.count == 1 else "results"
    page.count_text = f"{page.count} {noun} for “{query}”"
    page.hits = list(current.object_list)
    if page.count:
        page.first, page.last = current.start_index(), current.end_index()
    if paginator.num_pages > 1:
        page.pages = _page_links(current, params)
        if current.has_previous():
            page.previous_url = _page_url(params, current.previous_page_number())
        if current.has_next():
            page.next_url = _page_url(params, current.next_page_number())
    return page


class SearchView(PartnershipView):
    template_name = "governance/search/search.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = bool(request.GET)
        form = SearchForm(request.GET if bound else None, partnership=self.partnership)
        if not bound:
            return render(request, self.template_name, self.get_context_data(form=form))
        if not form.is_valid():
            context = self.get_context_data(form=form)
            return render(request, self.template_name, context, status=400)
        page = search_page(form, request.GET, self.partnership)
        return render(request, self.template_name, self.get_context_data(form=form, page=page))
