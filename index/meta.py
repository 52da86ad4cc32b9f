"""Who, where, which year and which kind: a disclosure's metadata from its own text.

Department and year come from the document (title line, "预算主管部门：…"), never
from the file name, so a renamed file still lands under the right department.
Written by hand: the title patterns are specific to this genre.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.numbers import normalize_text

_SPACE_NEAR_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
# An explicit department line: "预算主管部门：上海市普陀区财政局", "部门名称：…", "单位名称：…"
_DEPT_LINE = re.compile(
    r"^(?:预算主管部门|主管部门|部门名称|单位名称|部门（单位）名称|编制单位)\s*[：:]\s*(\S+)"
)
# Words that end the department part of a title.
_TITLE_TAIL = re.compile(
    r"(?:本级|机关)?(?:部门|单位)?(?:\d{4}年度?)?(?:部门|单位|区级部门|市级部门|省级部门)?"
    r"(?:预算|决算)(?:公开|说明|情况说明|信息公开|报告|表)?.*$"
)
_ORG_CHARS = "局院委厅部处会署办所站队室司馆校心社团府"
# Region: province / prefecture-level / county-level parts at the start of a name.
_REGION = re.compile(
    rf"^((?:[\u4e00-\u9fff]{{2,7}}?(?:省|自治区))?"
    rf"(?:[^{_ORG_CHARS}省]{{1,7}}?(?:市|自治州|地区|盟))?"
    rf"(?:[^{_ORG_CHARS}省市]{{1,6}}?(?:区|县|旗)|[^{_ORG_CHARS}省市城]{{2,4}}市)?)"
)


@dataclass
class DocMeta:
    """What a disclosure says about itself."""

    title: str
    region: str
    department: str
    year: int | None
    kind: str  # "预算" | "决算"


def _squash(text: str) -> str:
    """Undo letter spacing ("江 苏 省 …", "2021 年郑州市") and full-width forms."""
    return _SPACE_NEAR_CJK.sub("", normalize_text(text).strip())


def region_of(name: str) -> str:
    """The leading 省/市/区/县 part of a name: 郑州市大数据管理局 → 郑州市, 上海市普陀区财政局 → 上海市普陀区."""
    m = _REGION.match(name)
    region = m.group(1) if m else ""
    # A name that is all region ("上海市普陀区") has no department part left to check.
    return region if region != name or region else ""


def _department_from_title(title: str) -> str:
    s = _YEAR.sub("", title, count=1) if _YEAR.match(title) else title
    s = re.sub(r"^[（(]?\d{4}[)）]?", "", s)
    s = _TITLE_TAIL.sub("", s)
    s = re.sub(r"\d{4}年度?$", "", s)
    return s.strip("-—：: ")


def detect_metadata(text_lines: Iterable[str], max_lines: int = 40) -> DocMeta:
    """Read title, region, department, year and kind from a document's first lines.

    - title: the first non-empty line (letter spacing removed);
    - department: an explicit "预算主管部门：/部门名称：…" line, else the title without
      its year and "部门预算说明/预算公开…" tail;
    - year: the first "YYYY年" in the title, else in the first lines;
    - kind: 决算 when the title says so, else 预算;
    - region: the leading 省/市/区/县 part of the department (or of the title).
    """
    lines = []
    for raw in text_lines:
        s = _squash(raw)
        if s:
            lines.append(s)
        if len(lines) >= max_lines:
            break
    title = lines[0] if lines else ""
    department = ""
    for s in lines[:max_lines]:
        m = _DEPT_LINE.match(s)
        if m:
            department = m.group(1)
            break
    title_dept = _department_from_title(title)
    if not department and title_dept and not _is_only_region(title_dept):
        department = title_dept
    year = None
    for s in [title, *lines[1:max_lines]]:
        m = _YEAR.search(s)
        if m:
            year = int(m.group(1))
            break
    head = " ".join(lines[:3])
    kind = "决算" if "决算" in title or ("决算" in head and "预算" not in title) else "预算"
    region = region_of(department) if department else ""
    if not region:
        region = region_of(re.sub(r"^\d{4}年度?", "", title))
    return DocMeta(title=title, region=region, department=department, year=year, kind=kind)


def _is_only_region(name: str) -> bool:
    region = region_of(name)
    return bool(region) and len(name) - len(region) <= 2
