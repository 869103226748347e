"""Cut a box whose text is taller than a page into continuation rows.

reportlab cannot break a table row across pages: a row taller than the page
stops the whole PDF (``LayoutError``). Goals pasted as a whole work plan, or an
indicator explained in several paragraphs, make such rows; the printed forms
people make by hand continue the text in the next row with the label cell
spanning both, and so does this: the text is cut (at line ends where it can),
each piece gets a row of its own, and every other box on that row spans the
new rows, so page cutting can put a break between them like any other rows.
"""

from __future__ import annotations

import math
from dataclasses import replace

from jixiao.export.form import Box, Form


def split_row(form: Form, row: int, box_col: int, pieces: int) -> Form:
    """Given a form, a row, the column of its tall box and a count, return the form with
    that box's text cut into ``pieces`` rows (no-op for a box spanning rows or pieces < 2)."""
    tall = next((b for b in form.boxes if b.row == row and b.col == box_col), None)
    if tall is None or tall.rowspan != 1 or pieces < 2:
        return form
    parts = cut_text(tall.text, pieces)
    extra = len(parts) - 1
    if extra < 1:
        return form
    boxes: list[Box] = []
    for box in form.boxes:
        if box is tall:
            boxes += [replace(box, row=row + i, text=part) for i, part in enumerate(parts)]
        elif box.row > row:
            boxes.append(replace(box, row=box.row + extra))
        elif box.row + box.rowspan > row:  # on the row or spanning across it
            boxes.append(replace(box, rowspan=box.rowspan + extra))
        else:
            boxes.append(box)
    repeat = form.repeat_from + extra if form.repeat_from > row else form.repeat_from
    return replace(form, boxes=tuple(boxes), repeat_from=repeat)


def cut_text(text: str, pieces: int) -> list[str]:
    """Given text and a count, return about that many consecutive pieces of it.

    Lines are kept whole when they are short enough; a single long line (the
    usual case: one pasted paragraph) is cut into equal runs of characters.
    Joining the pieces with newlines gives the text back, less newlines at the cuts.
    """
    size = max(1, math.ceil(len(text) / pieces))
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > size:
            if current:
                out.append(current)
                current = ""
            out.append(line[:size])
            line = line[size:]
        joined = f"{current}\n{line}" if current else line
        if current and len(joined) > size:
            out.append(current)
            current = line
        else:
            current = joined
    if current or not out:
        out.append(current)
    return out
