"""Where a piece of a table came from: file, page or sheet, line, row, column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file.

    Text sources set ``line`` (1-based); grid sources (xlsx, docx, PDF, HTML) set
    ``page`` or ``sheet`` plus ``row``/``column`` (1-based) of the source cell.
    """

    file: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, str | int]:
        """Given a location, return its JSON form, leaving out unknown parts."""
        out: dict[str, str | int] = {"file": self.file}
        for key in ("line", "page", "sheet", "row", "column"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Location:
        """Given the JSON form, return the location."""

        def _int(key: str) -> int | None:
            v = data.get(key)
            return int(v) if isinstance(v, int | str) and str(v).lstrip("-").isdigit() else None

        sheet = data.get("sheet")
        return cls(
            file=str(data.get("file", "")),
            line=_int("line"),
            page=_int("page"),
            sheet=str(sheet) if sheet is not None else None,
            row=_int("row"),
            column=_int("column"),
        )

    def describe(self) -> str:
        """Given a location, return it the way a Chinese reader cites it."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f"[{self.sheet}]"
        if self.page is not None:
            where += f":p{self.page}"
        if self.line is not None:
            where += f":{self.line}"
        elif self.row is not None:
            where += f":r{self.row}" + (f"c{self.column}" if self.column is not None else "")
        return where
