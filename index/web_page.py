"""Text saved from a government web page: the page's head is furniture around the document's title.

A crawled article page starts with a breadcrumb ("当前位置：首页政务公开…部门决算公开"), then the
article's title, its date ("时间：2017-08-22 19:22") and share buttons ("微信 微博 QQ空间"), then
the body, often as one line.  Left as it is, that line is taken for the title and its body text
is lost.  ``split_page_head`` cuts it into the title and the body; ``split_run_in_title`` does the same for
a page saved without its head, whose title runs into its first sentence (「2016年度…部门决算说明 按照《…》
的要求，现将…说明如下:」); ``drop_word_styles`` drops the
CSS that Word leaves in a page it was pasted into ("Normal 0 7.8 磅 … table.MsoNormalTable {…}").
Hand-written: the words are the portals' own (``index.vocabulary``), the shapes are the genre's.
"""

from __future__ import annotations

import re

from index import vocabulary as V

_LEAD = re.compile(rf"^\s*(?:{'|'.join(V.BREADCRUMB_LABELS)})\s*[：:]?\s*")
_DATE = re.compile(
    r"(?:(?:发布|发表|更新|成文)?(?:时间|日期)\s*[：:]\s*)"
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*日)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_FURNITURE = re.compile(
    r"^(?:\s*(?:"
    + "|".join(re.escape(w) for w in V.PAGE_SHARE_WORDS)
    + r"|(?:来源|作者|浏览次数|点击数)\s*[：:]\s*[^\s]*)\s*)+"
)
_TRAIL_SEPARATOR = re.compile(r"\s*[>＞»›]\s*")
# Where a title starts inside a breadcrumb run together with it: a column label 【…】, 关于…, or a year.
_TITLE_START = re.compile(r"(?:【[^】]{1,16}】)?(?:关于|(?:19|20)\d{2}\s*年)")
_COLUMN_LABEL = re.compile(r"^【[^】]{1,16}】")
_MAX_HEAD = 400  # breadcrumb + title: a page head longer than this is not one
# A title that runs into the first sentence: no sentence punctuation, ends with a title's word, and the
# sentence opens with one of the genre's openers (after a space, or right after a title that names its year).
_RUN_IN_TITLE = re.compile(
    r"^\s*(?P<title>[^\s，。；：:,;！？!?、“”]{6,60}?(?:"
    + "|".join(V.RUN_IN_TITLE_ENDS)
    + r"))(?P<gap>\s*)(?=(?:"
    + "|".join(sorted(V.FIRST_SENTENCE_OPENERS, key=len, reverse=True))
    + r"))(?P<rest>\S.*)$",
    re.S,
)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# A page that opens with its 目录 run into the title: the title is looked for among the first characters only
_CONTENTS_HEAD = re.compile(r"^\s*目\s*录")
_MAX_CONTENTS = 1500

_WORD_STYLES = re.compile(
    r"(?:Normal\s+0\s+[^{}]{0,600}?)?(?:/\*\s*Style Definitions\s*\*/\s*)?"
    r"table\.MsoNormalTable\s*\{[^{}]*\}"
)


def drop_word_styles(line: str) -> str:
    """A line without the style sheet Word pastes into a web page (never document text)."""
    return _WORD_STYLES.sub(" ", line) if "MsoNormalTable" in line else line


def split_page_head(line: str) -> list[str]:
    """[title, body] for a line that starts with a web page's breadcrumb (or its title alone) and dates its
    article before its share buttons; [line] for any other line.  The breadcrumb, date and share buttons are
    dropped."""
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    date = _DATE.search(line, start)
    if not date or date.start() - start > _MAX_HEAD:
        return [line]
    if not lead and not _FURNITURE.match(line[date.end() :]):
        # no breadcrumb: only a title dated and followed by share buttons is a page head
        # (「2016年度…决算说明 时间：2017-08-22 10:59 微信 微博 QQ空间 …」)
        return [line]
    head = line[start : date.start()].strip()
    head = _TRAIL_SEPARATOR.split(head)[-1]  # "首页 > 政务公开 > 部门决算公开 2016年…说明"
    parts = head.split()
    title = " ".join(parts[1:]) if len(parts) > 1 and lead else head
    if len(parts) <= 1 and lead:
        # breadcrumb and title run together: the title starts at its column label, 关于 or its year
        begins = _TITLE_START.search(head)
        title = head[begins.start() :] if begins else ""
    title = _COLUMN_LABEL.sub("", title).strip()
    rest = line[date.end() :]
    furniture = _FURNITURE.match(rest)
    body = rest[furniture.end() :] if furniture else rest
    return [part for part in (title, body.strip()) if part]


def split_run_in_title(line: str) -> list[str]:
    """[title, first sentence …] for a line whose title runs into the disclosure's first sentence
    (「2016年度…部门决算说明 按照《…》的要求，现将…」); [line] for any other line.  The title ends where a
    title's word (说明, 公开, 报告 …) meets a sentence's opener (按照, 根据, 现将 …); the title names its year, and
    the one-character opener 为 counts only after a space.

    A line that opens with the 目录 and runs its last entry into the title (「目录一、部门主要职责……十一、附表：
    2017年度部门决算表 2017年度…部门决算说明 按照《…》…」) gives the same: the title is the dated span that
    runs into the first sentence, wherever the contents end, and the contents (furniture) are dropped."""
    if _CONTENTS_HEAD.match(line):
        for year in _YEAR.finditer(line, 0, _MAX_CONTENTS):
            split = _split_title_at_start(line[year.start() :])
            if len(split) == 2:
                return split
        return [line]
    return _split_title_at_start(line)


def _split_title_at_start(line: str) -> list[str]:
    m = _RUN_IN_TITLE.match(line)
    if not m or not _YEAR.search(m["title"]):
        return [line]
    if not m["gap"] and m["rest"].startswith("为"):
        return [line]
    return [m["title"], m["rest"].strip()]
