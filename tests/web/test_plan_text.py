"""The ``plan_text`` filter: the plan's simple text markup as GOV.UK HTML, never raw HTML."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from partnership.web.templatetags.partnership_text import plan_text

P = '<p class="govuk-body">'
UL = '<ul class="govuk-list govuk-list--bullet"><li>'
H3 = '<h3 class="govuk-heading-s">'

CASES = [
    ("empty", "", ""),
    ("none", None, ""),
    ("one-paragraph", "Hello.", f"{P}Hello.</p>"),
    ("two-paragraphs", "One.\n\nTwo.", f"{P}One.</p>{P}Two.</p>"),
    ("many-blank-lines", "One.\n\n\n\nTwo.\n\n", f"{P}One.</p>{P}Two.</p>"),
    ("windows-line-ends", "One.\r\n\r\nTwo.", f"{P}One.</p>{P}Two.</p>"),
    (
        "continuation-joins-a-paragraph",
        "A sentence that\ncarries on.",
        f"{P}A sentence that carries on.</p>",
    ),
    ("surrounding-spaces", "   padded   ", f"{P}padded</p>"),
    ("bullets", "- a\n- b", f"{UL}a</li><li>b</li></ul>"),
    (
        "paragraph-then-bullets",
        "Intro:\n- a\n- b\n\nAfter.",
        f"{P}Intro:</p>{UL}a</li><li>b</li></ul>{P}After.</p>",
    ),
    (
        "nested-bullets",
        "- a\n  - a1\n  - a2\n- b",
        f"{UL}a{UL}a1</li><li>a2</li></ul></li><li>b</li></ul>",
    ),
    (
        "nested-bullets-at-the-end",
        "- a\n  - a1",
        f"{UL}a{UL}a1</li></ul></li></ul>",
    ),
    (
        "deeper-indent-is-still-one-level-down",
        "- a\n      - a1",
        f"{UL}a{UL}a1</li></ul></li></ul>",
    ),
    (
        "bullet-continuation-line",
        "- a long bullet\n  that carries on\n- b",
        f"{UL}a long bullet that carries on</li><li>b</li></ul>",
    ),
    ("heading", "### Our aims", f"{H3}Our aims</h3>"),
    (
        "heading-between-paragraphs",
        "Before.\n### Heading\nAfter.",
        f"{P}Before.</p>{H3}Heading</h3>{P}After.</p>",
    ),
    ("heading-closes-a-list", "- a\n### H", f"{UL}a</li></ul>{H3}H</h3>"),
    ("hashes-without-a-space-are-text", "###Not a heading", f"{P}###Not a heading</p>"),
    ("two-hashes-are-text", "## Not a heading", f"{P}## Not a heading</p>"),
    ("hyphen-without-a-space-is-text", "-5 degrees", f"{P}-5 degrees</p>"),
    ("blank-line-closes-a-list", "- a\n\n- b", f"{UL}a</li></ul>{UL}b</li></ul>"),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_plan_text(source, expected):
    result = plan_text(source)
    assert result == expected
    assert isinstance(result, SafeString)


HOSTILE = [
    "<script>alert(1)</script>",
    "- <script>alert(1)</script>",
    "- a\n  <script>alert(1)</script>",
    "### <script>alert(1)</script>",
    "- a\n  - <script>alert(1)</script>",
    "Text <img src=x onerror=alert(1)> more",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_html_never_passes_through(source):
    result = plan_text(source)
    assert "<script" not in result
    assert "<img" not in result
    assert "&lt;" in result


def test_escaping_is_exact():
    assert plan_text('Tom & Jerry say "hi" <b>') == (
        f"{P}Tom &amp; Jerry say &quot;hi&quot; &lt;b&gt;</p>"
    )
    assert plan_text("- 5 > 3 & 2 < 4") == f"{UL}5 &gt; 3 &amp; 2 &lt; 4</li></ul>"


def test_filter_in_a_template_is_not_escaped_twice():
    template = Template("{% load partnership_text %}{{ body|plan_text }}")
    rendered = template.render(Context({"body": "- Fish & chips\n\n<em>x</em>"}))
    assert rendered == f"{UL}Fish &amp; chips</li></ul>{P}&lt;em&gt;x&lt;/em&gt;</p>"


def test_lists_are_balanced_for_any_nesting():
    source = "- a\n  - b\n    - c\n- d\n  - e\nText\n- f"
    result = plan_text(source)
    assert result.count("<ul") == result.count("</ul>")
    assert result.count("<li>") == result.count("</li>")
