"""What the review tests build their table texts from: level words and the tab form."""

from __future__ import annotations

#: Second levels of the legacy tree by their short word, with the first level of each.
LEVELS: dict[str, tuple[str, str]] = {
    "数量": ("产出指标", "数量指标"),
    "质量": ("产出指标", "质量指标"),
    "时效": ("产出指标", "时效指标"),
    "成本": ("产出指标", "成本指标"),
    "经济": ("效益指标", "经济效益指标"),
    "社会": ("效益指标", "社会效益指标"),
    "生态": ("效益指标", "生态效益指标"),
    "可持续": ("效益指标", "可持续影响指标"),
    "满意度": ("满意度指标", "服务对象满意度指标"),
}


def tabbed(text: str) -> str:
    """Given a pipe-form table, return it tab-separated (a sheet pasted from Excel)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("|"):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines) + "\n"
