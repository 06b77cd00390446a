"""The governance diagram: groups and their relationships drawn by Graphviz as accessible SVG.

Graphviz is run as the ``graphviz-pure`` executable (a pure-Rust port installed with the Python
dependencies, so no system package is needed; see docs/adr/0008-governance-diagram.md). The DOT
is built from names in a fixed order, so the same structure gives the same bytes, and the SVG is
cached by a digest of the DOT. Anything that goes wrong returns ``None``: the page then says the
diagram could not be drawn and the list of relationships, which is always there, carries it.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError

from .models import Group, GroupRelationship, RelationshipKind

logger = logging.getLogger(__name__)

# Raise when the drawing changes (styles, legend, post-processing) so no old SVG is served.
RENDERER_VERSION = "3"
CACHE_ALIAS = "charts"
TIMEOUT_SECONDS = 20
FONT = "Arial, Liberation Sans, sans-serif"

# Line styles differ by dash pattern, not colour alone, so the key reads in greyscale too.
EDGE_STYLE = {
    RelationshipKind.REPORTS_TO: "solid",
    RelationshipKind.REPRESENTATIVES_ATTEND: "dashed",
    RelationshipKind.INFORMATION_SHARING: "dotted",
}


@dataclass(frozen=True)
class Diagram:
    svg: str | None  # None when it could not be drawn

    @property
    def drawn(self) -> bool:
        return self.svg is not None


def executable() -> str | None:
    """Where ``graphviz-pure`` is: ``settings.GRAPHVIZ_EXECUTABLE`` if set (tests point it at a
    missing file), else beside the running Python (the venv's bin), else on the PATH."""
    configured = getattr(settings, "GRAPHVIZ_EXECUTABLE", None)
    if configured:
        return str(configured)
    beside = Path(sys.executable).parent / "graphviz-pure"
    if beside.exists():
        return str(beside)
    return shutil.which("graphviz-pure")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def diagram_dot(groups: Iterable[Group], relationships: Iterable[GroupRelationship]) -> str:
    """DOT for the groups that take part in a relationship, with a key of the line styles.

    Nodes are numbered in name order rather than by primary key, so the text (and the cache key
    and the golden file) depends only on what a reader sees."""
    rels = sorted(relationships, key=lambda r: (r.from_group.name, r.kind, r.to_group.name))
    involved = {r.from_group_id for r in rels} | {r.to_group_id for r in rels}
    named = sorted((g for g in groups if g.pk in involved), key=lambda g: g.name)
    node = {g.pk: f"g{index}" for index, g in enumerate(named, start=1)}
    lines = [
        "digraph governance {",
        # Left to right: the groups that report sit in a column, so a county with a dozen local
        # groups grows downwards, and the names stay legible instead of shrinking to fit a row.
        f'  graph [rankdir=LR, fontname="{FONT}", nodesep=0.3, ranksep=0.8];',
        f'  node [shape=box, style="rounded", fontname="{FONT}", fontsize=12, margin="0.25,0.1"];',
        f'  edge [fontname="{FONT}", fontsize=10, arrowsize=0.8];',
    ]
    for group in named:
        lines.append(f"  {node[group.pk]} [label={_quote(group.name)}];")
    for rel in rels:
        style = EDGE_STYLE[RelationshipKind(rel.kind)]
        lines.append(f"  {node[rel.from_group_id]} -> {node[rel.to_group_id]} [style={style}];")
    # The key: one short line per kind of relationship, in a box of its own.
    lines.append("  subgraph cluster_key {")
    lines.append(f'    label="Key"; fontname="{FONT}"; fontsize=12; style="rounded";')
    lines.append('    node [shape=plaintext, style="", fontsize=10];')
    # Declared last first: Graphviz stacks this cluster's rows bottom-up, so "reports to" leads.
    for index, kind in enumerate(reversed(list(RelationshipKind)), start=1):
        lines.append(f'    k{index}a [label=""]; k{index}b [label={_quote(kind.label)}];')
        lines.append(f"    k{index}a -> k{index}b [style={EDGE_STYLE[kind]}];")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


_SVG_START = re.compile(r"<svg\b[^>]*>", re.S)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_WIDTH = re.compile(r'width="([0-9.]+)pt"')


def make_accessible(svg: str, *, title: str, description: str) -> str:
    """Graphviz's SVG, made fit for a page: no XML prolog or comments, no fixed size (the
    viewBox scales it to its container), role="img" with a title and description."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    # Graphviz titles every node and edge with its DOT id ("g1"), which browsers show as a
    # tooltip; the one title that means something is ours.
    svg = re.sub(r"<title>.*?</title>\n?", "", svg, flags=re.S)
    start = _SVG_START.search(svg)
    if start is None:
        raise ValueError("Graphviz wrote no <svg> element")
    viewbox = _VIEWBOX.search(start.group(0))
    width = _WIDTH.search(start.group(0))
    # Drawn at its own size (points to CSS pixels) but never wider than its column: a small
    # structure is not blown up, a large one shrinks to fit.
    size = (
        f' style="width:{float(width.group(1)) * 4 / 3:.0f}px;max-width:100%;height:auto"'
        if width
        else ""
    )
    root = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-governance-diagram" role="img" '
        'aria-labelledby="governance-diagram-title governance-diagram-desc"'
        + (f' viewBox="{viewbox.group(1)}"' if viewbox else "")
        + size
        + ' preserveAspectRatio="xMidYMin meet">'
        + f'<title id="governance-diagram-title">{html.escape(title)}</title>'
        + f'<desc id="governance-diagram-desc">{html.escape(description)}</desc>'
    )
    return svg[: start.start()] + root + svg[start.end() :]


def render_svg(dot: str, *, title: str, description: str) -> str | None:
    """Run Graphviz on ``dot``; None (and a warning in the log) if it is missing or fails."""
    program = executable()
    if program is None or not Path(program).exists():
        logger.warning("graphviz-pure not found (%s): governance diagram not drawn", program)
        return None
    try:
        result = subprocess.run(
            [program, "-Tsvg"],
            input=dot.encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
        return make_accessible(result.stdout.decode(), title=title, description=description)
    except (OSError, subprocess.SubprocessError, ValueError, UnicodeDecodeError) as error:
        logger.warning("graphviz-pure failed: %s", error)
        return None


def diagram_key(dot: str, title: str, description: str) -> str:
    text = f"{RENDERER_VERSION}|{title}|{description}|{dot}"
    return "governance-diagram:" + hashlib.sha256(text.encode()).hexdigest()


def governance_diagram(
    groups: Iterable[Group], relationships: Iterable[GroupRelationship], *, title: str
) -> Diagram:
    """The diagram for a partnership, drawn once per change of structure."""
    rels = list(relationships)
    dot = diagram_dot(groups, rels)
    description = (
        f"{len(rels)} relationships between groups. Solid arrows: reports to; dashed: "
        "representatives attend; dotted: shares information with. The list below the diagram "
        "gives every relationship in words."
    )
    try:
        cache = caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        cache = caches["default"]
    key = diagram_key(dot, title, description)
    svg = cache.get(key)
    if isinstance(svg, str):
        return Diagram(svg)
    svg = render_svg(dot, title=title, description=description)
    # A failure is not cached: once the executable is back, the next view draws it.
    if svg is not None:
        cache.set(key, svg)
    return Diagram(svg)
