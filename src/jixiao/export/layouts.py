"""Which form a table is printed on, by its kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from jixiao.export.form import Form
from jixiao.export.layout_followup import monitoring_form, self_evaluation_form
from jixiao.export.layout_target import target_form
from jixiao.model.project import TableKind, TargetTable

FORMS: dict[TableKind, Callable[[TargetTable], Form]] = {
    "target": target_form,
    "self_evaluation": self_evaluation_form,
    "monitoring": monitoring_form,
}


# C0 control characters (kept: tab, newline) come from PDF extraction and OCR; xlsx
# cannot store them at all (openpyxl raises) and no other format shows them. Lone
# surrogates and U+FFFE/U+FFFF (a UTF-16 file read with the wrong byte order)
# are not allowed in XML either, so docx and xlsx could not be written.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Given text, return it with the characters no export format can hold made spaces."""
    return _CONTROL.sub(" ", text)


def form_of(table: TargetTable) -> Form:
    """Given a table, return it laid out on the official form of its kind."""
    form = FORMS.get(table.kind, target_form)(table)
    boxes = tuple(replace(b, text=printable(b.text)) for b in form.boxes)
    return replace(form, boxes=boxes, sheet_name=printable(form.sheet_name))
