"""PDF fixtures: ruled tables in a Chinese font, continued over page breaks, rotated, unruled, scanned."""

from __future__ import annotations

import io
from pathlib import Path

from fixture_tables import FONT, FormTable, Merge


def _pdf_styles() -> tuple[object, object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", str(FONT), subfontIndex=0))
    cell = ParagraphStyle("cell", fontName="wqy", fontSize=8, leading=10, wordWrap="CJK")
    title = ParagraphStyle("title", fontName="wqy", fontSize=14, leading=20, alignment=1)
    return cell, title


def split_table(t: FormTable, k: int) -> tuple[FormTable, FormTable]:
    """Given a table and a row, return its two parts as a page break cuts them.

    A merged cell cut by the break keeps its text on the first page; on the next
    page its remaining rows form a new, empty merged cell (what Word and Excel print).
    """
    head = FormTable(t.titles, t.rows[:k], [])
    tail = FormTable([], [list(r) for r in t.rows[k:]], [])
    for m in t.merges:
        if m.r1 < k:
            head.merges.append(m)
        elif m.r0 >= k:
            tail.merges.append(Merge(m.r0 - k, m.c0, m.r1 - k, m.c1))
        else:
            head.merges.append(Merge(m.r0, m.c0, k - 1, m.c1))
            tail.merges.append(Merge(0, m.c0, m.r1 - k, m.c1))
            tail.rows[0][m.c0] = ""
    return head, tail


def pdf_story(
    tables: list[FormTable], continued: bool = False, repeat: bool = False
) -> list[object]:
    """Given tables, return reportlab flowables: titles, then a ruled table with SPANs.

    continued cuts each table in the middle of its indicator rows onto two pages;
    repeat prints the indicator header row again on top of the second page.
    """
    from reportlab.platypus import PageBreak, Paragraph

    cell, title = _pdf_styles()
    story: list[object] = []
    for k, t in enumerate(tables):
        if k:
            story.append(PageBreak())
        story.extend(Paragraph(x, title) for x in t.titles)
        if not continued:
            story.append(_pdf_table(t, cell))
            continue
        start = next(i for i, r in enumerate(t.rows) if r[0] == "绩效指标")
        head, tail = split_table(t, (start + len(t.rows)) // 2)
        if repeat:
            tail = _with_header(tail, t.rows[start])
        story += [_pdf_table(head, cell), PageBreak(), _pdf_table(tail, cell)]
    return story


def _with_header(t: FormTable, header: list[str]) -> FormTable:
    # The side label (绩效指标) is merged down the block, so the repeat leaves it blank.
    rows = [["", *header[1:]], *t.rows]
    return FormTable(t.titles, rows, [Merge(m.r0 + 1, m.c0, m.r1 + 1, m.c1) for m in t.merges])


def _pdf_table(t: FormTable, cell: object, ruled: bool = True) -> object:
    from reportlab.platypus import Paragraph, Table, TableStyle

    widths = [46, 62, 74, 190, 150, 10]
    covered = t.covered()
    data = [
        [
            Paragraph(_pdf_escape(x), cell) if (i, j) not in covered and x else ""
            for j, x in enumerate(row)
        ]
        for i, row in enumerate(t.rows)
    ]
    style: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    style += [("SPAN", (m.c0, m.r0), (m.c1, m.r1)) for m in t.merges]
    w = widths[: t.width - 1] + [sum(widths[t.width - 1 :]) if t.width < 6 else widths[-1]]
    return Table(data, colWidths=w, style=TableStyle(style))


def _pdf_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_pdf(
    tables: list[FormTable],
    path: Path,
    continued: bool = False,
    encrypt: str | None = None,
    repeat: bool = False,
) -> Path:
    """Given tables, write a PDF with ruled tables in a Chinese font (continued: over page breaks)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        topMargin=36,
        bottomMargin=36,
        leftMargin=30,
        rightMargin=30,
        encrypt=encrypt,
    )
    # Continued tables come with page numbers in the footer, as printed reports have.
    footer = {"onFirstPage": _page_number, "onLaterPages": _page_number} if continued else {}
    doc.build(pdf_story(tables, continued, repeat), **footer)
    return path


def _page_number(canvas: object, doc: object) -> None:
    canvas.setFont("wqy", 9)  # type: ignore[attr-defined]
    canvas.drawCentredString(297, 20, f"- {doc.page} -")  # type: ignore[attr-defined]


def write_unruled_pdf(tables: list[FormTable], path: Path) -> Path:
    """Given tables, write them as a PDF table without ruling lines (spacing only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    cell, title = _pdf_styles()
    story: list[object] = []
    for k, t in enumerate(tables):
        story += [PageBreak()] if k else []
        story += [Paragraph(x, title) for x in t.titles] + [_pdf_table(t, cell, ruled=False)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def write_rotated_pdf(tables: list[FormTable], path: Path) -> Path:
    """Given tables, write them on landscape forms stored as portrait pages with /Rotate 90.

    This is what "print to PDF" of a landscape sheet gives: the content is drawn
    turned on a portrait page, and the page's /Rotate turns it upright for display.
    """
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    flat = io.BytesIO()
    SimpleDocTemplate(flat, pagesize=landscape(A4), topMargin=36, bottomMargin=36).build(
        pdf_story(tables)
    )
    src = pdfium.PdfDocument(flat.getvalue())
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        width, height = src[i].get_size()
        shape = src.page_as_xobject(i, dst).as_pageobject()
        shape.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        page = dst.new_page(height, width)
        page.insert_obj(shape)
        page.gen_content()
        page.set_rotation(90)
    dst.save(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """Write a PDF whose page is only an image of a table (no text layer)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    img = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(img)
    for y in range(20, 400, 40):
        draw.line((20, y, 580, y), fill=0, width=2)
    for x in (20, 140, 300, 580):
        draw.line((x, 20, x, 380), fill=0, width=2)
    c = Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(img), 40, 300, width=500, height=330)
    c.showPage()
    c.save()
    return path
