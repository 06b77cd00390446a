"""Word documents with real structure, over python-docx.

Headings use Word's built-in "Heading n" styles (so the navigation pane, a table of contents
and screen readers see them), lists use the "List Number"/"List Bullet" styles or a written
label kept with its text, and tables mark their first row as a header that repeats on each page.
Nothing here knows what the document is about.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

FONT = "Arial"


def document(*, title: str, language: str = "en-GB", author: str = "") -> Document:
    """A new document in Arial with its title and language set in its properties."""
    doc = new_document()
    doc.core_properties.title = title
    doc.core_properties.language = language
    if author:
        doc.core_properties.author = author
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = doc.styles[name]
        style.font.name = FONT
        # East-Asian and complex-script fonts too, or Word substitutes its own theme font.
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    doc.styles["Normal"].font.size = Pt(11)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)
    return doc


def heading(doc: Document, text: str, level: int) -> None:
    """A heading: level 0 is the document's title style, 1 to 4 are Heading 1 to Heading 4."""
    doc.add_heading(text, level=level)


def paragraph(doc: Document, text: str, *, bold: bool = False, style: str | None = None) -> None:
    para = doc.add_paragraph(style=style)
    run = para.add_run(text)
    run.bold = bold


def labelled_list(
    doc: Document, entries: Sequence[tuple[str, str, Sequence[str]]], *, indent: float = 0.25
) -> None:
    """Entries as (label, text, sub-entries): "a)" and its point, with its "i." lines beneath.

    The label is written into the text rather than left to Word's numbering, so the letters a
    reader sees are the letters the minutes were approved with, whatever Word does with lists.
    """
    for label, text, subs in entries:
        para = doc.add_paragraph(f"{label} {text}".strip() if label else text)
        para.paragraph_format.left_indent = Inches(indent)
        for sub in subs:
            child = doc.add_paragraph(sub)
            child.paragraph_format.left_indent = Inches(indent * 2.5)


def bullet_list(doc: Document, items: Sequence[str]) -> None:
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def table(doc: Document, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table whose first row is a header row (repeated on every page it runs over)."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    header_cells = grid.rows[0].cells
    for cell, text in zip(header_cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_paragraph()


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
