"""Word lists for reading 指标值 cells, as data.

Sources: the comparator words are those in the 指标值 columns of the published tables
in tests/corpus (e.g. 022 "不低于95%", 054 "不少于6万人") and the wording the
central guidance uses for targets (财预〔2020〕10号 附件: "≥、≤、=" or words such as
"不低于", "不高于", "以上", "以内"); the not-applicable marks are those of the example
(wuhu-2024: "不适用", "不适用于该项目") and corpus 054 ("/ / /").
"""

from __future__ import annotations

# Every character that may form a symbolic comparator after half-width mapping
# ("＞＝" → ">="). "≧"/"≦" are the JIS forms seen in corpus 030 ("≧90%").
COMPARATOR_CHARS = "≥≤≧≦<>="

# Words in front of the number, longest first so "大于等于" wins over "大于".
PREFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("大于或等于", "≥"),
    ("小于或等于", "≤"),
    ("大于等于", "≥"),
    ("小于等于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不大于", "≤"),
    ("不多于", "≤"),
    ("控制在", "≤"),
    ("至少", "≥"),
    ("至多", "≤"),
    ("最多", "≤"),
    ("达到", "≥"),
    ("達到", "≥"),
    # "满意度达100%" (corpus 118, traditional 達): reaching a level is a floor.
    ("达", "≥"),
    ("達", "≥"),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
)

# Words after the unit ("95%以上", "3个工作日以内", "7日内"), longest first.
SUFFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("(含)以上", "≥"),
    ("以上(含)", "≥"),
    ("(含)以下", "≤"),
    ("以下(含)", "≤"),
    ("及以上", "≥"),
    ("及以下", "≤"),
    ("以上", "≥"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("以下", "≤"),
    ("内", "≤"),
)

# Spellings of percent, normalised to "%"; 百分比 is how the Gansu template and OCR
# write it (corpus 025 "=99百分比", 002 "≥100百分比").
PERCENT_TOKENS = ("百分比", "%")

# Range separators between two bounds ("90%-95%", "90%～95%", "90%至95%"); "~" is the
# half-width form of "～".
DASH_RANGE_SEPARATORS = ("~", "至", "—", "-", "到")

# Characters that never occur in a unit: sentence punctuation, brackets, quotes,
# whitespace and comparators (a second comparator means a sentence or residue).
NOT_UNIT_CHARS = frozenset(" \t\r\n,，。;；:：!！?？、\"'“”‘’()（）[]【】《》<>=≥≤≧≦" + "~～-—")

# Whole-cell marks for "this indicator does not apply"; "无" and "0" are real values.
NOT_APPLICABLE_MARKS = ("/", "-", "—", "——", "--", "N/A", "NA", "×")

# Phrases that mark a row as not applicable when the (short) cell contains them.
NOT_APPLICABLE_WORDS = ("不适用", "不涉及")

# A cell longer than this that merely mentions 不适用 is prose, not an N/A mark.
NOT_APPLICABLE_MAX_LEN = 12

# 指标性质 written as a word in templates that split the value into three columns
# (Sichuan, corpus 005). 正向: the more the better, so the value is a floor (≥);
# 反向: the less the better, a ceiling (≤); 定量/中性 say nothing about direction (=).
DIRECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("正向", "≥"),
    ("反向", "≤"),
    ("定量", "="),
    ("中性", "="),
)

# 定性 in the 指标性质 column declares the value qualitative whatever it contains.
QUALITATIVE_WORDS = ("定性",)
