"""HTML to a tagged, accessible PDF (PDF/UA-1) with WeasyPrint.

A screen reader follows a PDF's tags, not its drawing order, so the PDF is made from the same
semantic HTML as the print page: headings stay headings, lists stay lists, tables keep their
header cells. The document's language and title are what PDF/UA requires a reader to announce.
"""

from __future__ import annotations

import re

from weasyprint import CSS, HTML

_TITLE = re.compile(r"<title>\s*\S", re.IGNORECASE)
_LANG = re.compile(r"<html[^>]*\slang=\"[a-zA-Z-]+\"", re.IGNORECASE)

# A4 with page numbers in the footer; Liberation Sans is metric-compatible with Arial, which
# the product uses on screen, and is installed with the PDF renderer (Debian's fonts-liberation).
PRINT_CSS = """
@page {
  size: A4;
  margin: 20mm 18mm 22mm 18mm;
  @bottom-right {
    content: "Page " counter(page) " of " counter(pages);
    font-family: "Liberation Sans", Arial, sans-serif;
    font-size: 9pt;
    color: #505a5f;
  }
}
html { font-family: "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.35;
       color: #0b0c0c; }
h1 { font-size: 20pt; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 12pt 0 4pt; break-after: avoid; }
h4 { font-size: 11pt; margin: 6pt 0 2pt; break-after: avoid; }
ul, ol { margin: 2pt 0 6pt; padding-left: 14pt; }
p, li { margin: 0 0 5pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.5pt solid #b1b4b6; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
tr { break-inside: avoid; }
a { color: #1d70b8; }
"""


def html_to_pdf(html: str, *, base_url: str | None = None, extra_css: str = "") -> bytes:
    """A PDF/UA-1 document from ``html``.

    The HTML must carry ``<html lang="...">`` and a ``<title>``: WeasyPrint writes them as the
    PDF's language and title, which PDF/UA needs, and they are refused here if missing so a
    document is never produced that a screen reader cannot announce.
    """
    if not _TITLE.search(html) or not _LANG.search(html):
        raise ValueError("The HTML needs a <title> and a lang attribute on <html> for PDF/UA")
    stylesheets = [CSS(string=PRINT_CSS)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css))
    document = HTML(string=html, base_url=base_url)
    pdf = document.write_pdf(
        stylesheets=stylesheets,
        pdf_variant="pdf/ua-1",
        # Identical bytes for identical input: golden tests and caches can compare files.
        pdf_identifier=b"partnership",
        uncompressed_pdf=False,
    )
    assert pdf is not None
    return bytes(pdf)
