"""Exact numbers as budget documents print them.

Written by hand because the genre mixes thousands separators, full-width digits,
comparison prefixes (``≥95%``, ``=1200``) and 元/万元/亿元 in one document; cn2an
handles Chinese numerals.  Money is always ``Decimal``; nothing here uses float.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from index.vocabulary import FOOTNOTE_MARKS

MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}

# A printed number: optional comparison sign, digits with separators, decimals.
NUMBER_RE = re.compile(r"(?P<sign>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_CELL_RE = re.compile(
    r"^\s*(?P<cmp>[≥≤=<>]|>=|<=)?\s*(?P<sign>[-−])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s]{0,6})\s*$"
)


# Footnote markers glued to the end of a figure or label ("4.1%²", "325.3①", "中央专款 ①"). They must go
# before NFKC, which would turn "²"/"①" into a digit of the number.
FOOTNOTE_TAIL = re.compile(rf"\s*[{re.escape(FOOTNOTE_MARKS)}]+$")


def strip_footnote(text: str) -> str:
    """ "4.1%²" → "4.1%", "1,234.5①" → "1,234.5"; text without a trailing marker is unchanged."""
    return FOOTNOTE_TAIL.sub("", text)


def normalize_text(text: str) -> str:
    """NFKC-fold full-width digits, letters and punctuation (１２３，％ → 123,%)."""
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> Decimal | None:
    """Parse one printed number ("96,534,608", "31,214,205.80", "１２３") or None."""
    s = normalize_text(strip_footnote(text.strip())).strip().replace(" ", "")
    m = re.fullmatch(r"([-−])?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)", s)
    if not m:
        return None
    try:
        value = Decimal(m.group(2).replace(",", ""))
    except InvalidOperation:
        return None
    return -value if m.group(1) else value


def parse_cell(text: str) -> tuple[Decimal, str] | None:
    """Parse a table cell that holds one number and perhaps a unit.

    Returns ``(value, unit)``: ``"≥95%"`` → ``(95, "%")``, ``"=1200 平方公里"`` →
    ``(1200, "平方公里")``, ``"4,900,000"`` → ``(4900000, "")``.  Text cells
    ("合理", "7*24 小时") return None.
    """
    s = normalize_text(strip_footnote(text.strip())).strip()
    if not s:
        return None
    m = _CELL_RE.match(s)
    if not m:
        return None
    unit = m.group("unit")
    if unit and not re.fullmatch(r"%|[\u4e00-\u9fff]{1,5}", unit):
        return None
    value = Decimal(m.group("num").replace(",", ""))
    if m.group("sign"):
        value = -value
    return value, unit


_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
# Only numerals that are plainly numbers: before a year/count unit, or in 百分之….  A blanket
# cn2an.transform would also rewrite names (一般公共预算 → 1般公共预算, 三公经费 → 3公经费).
_CN_NUMBER_RE = re.compile(
    rf"百分之[{_CN_DIGITS}]+|[零〇一二三四五六七八九]{{4}}(?=年)|[{_CN_DIGITS}]+(?=人|辆|个|项|台|套|家|名|次|条|张|把|万元|元|%)"
)


def chinese_to_arabic(text: str) -> str:
    """Rewrite Chinese numerals that are numbers: 二零二一年 → 2021年, 五十四人 → 54人, 百分之五十 → 50%."""

    def convert(m: re.Match[str]) -> str:
        span = m.group(0)
        if span.startswith("百分之"):
            inner = convert_plain(span[3:])
            return f"{inner}%" if inner is not None else span
        value = convert_plain(span)
        return value if value is not None else span

    def convert_plain(span: str) -> str | None:
        try:
            if all(ch in "零〇一二三四五六七八九" for ch in span) and len(span) >= 2:
                return "".join(str("零一二三四五六七八九".find(ch.replace("〇", "零"))) for ch in span)
            import cn2an  # imported on first use: its import compiles a pattern of every city (~0.3 s)

            out = cn2an.cn2an(span, "smart")
        except (ValueError, KeyError):
            return None
        return str(int(out)) if float(out).is_integer() else str(out)

    return _CN_NUMBER_RE.sub(convert, text)


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert a money amount printed in ``unit`` (元/万元/亿元) to 元."""
    return value * MONEY_UNITS[unit]


def is_money_unit(unit: str) -> bool:
    return unit in MONEY_UNITS


def decimals_of(raw: str) -> int:
    """Number of printed decimal places: "490.00" → 2, "4,900,000" → 0."""
    s = normalize_text(raw)
    m = re.search(r"\.(\d+)", s)
    return len(m.group(1)) if m else 0


def precision_yuan(raw: str, unit: str) -> Decimal:
    """How exact a printed money figure is, in 元: 490.00万元 → 100, 4,900,000元 → 1."""
    factor = MONEY_UNITS.get(unit, Decimal(1))
    step = Decimal(1).scaleb(-decimals_of(raw)) * factor
    return max(step, Decimal("0.01"))


def format_yuan(yuan: Decimal) -> str:
    """4900000 → "4,900,000元"; keeps fen when printed (31,214,205.80元)."""
    q = yuan.quantize(Decimal("0.01"))
    if q == q.to_integral_value():
        return f"{int(q):,}元"
    return f"{q:,.2f}元"


def format_wan(yuan: Decimal, places: int = 2) -> str:
    """4900000 → "490.00万元"."""
    wan = (yuan / MONEY_UNITS["万元"]).quantize(Decimal(1).scaleb(-places))
    return f"{wan:.{places}f}万元"


def format_yi(yuan: Decimal, places: int | None = None) -> str:
    """497830000000 → "4,978.30亿元" (government-wide reports and debt tables print 亿元).

    Without ``places``: two decimals, or as many as the amount needs to stay exact (at most six:
    82,280,000元 → "0.8228亿元", never a rounded "0.82亿元")."""
    yi = yuan / MONEY_UNITS["亿元"]
    if places is None:
        exact = -yi.normalize().as_tuple().exponent
        places = min(max(2, exact), 6)
    yi = yi.quantize(Decimal(1).scaleb(-places))
    return f"{yi:,.{places}f}亿元"


def format_money(yuan: Decimal, prefer: str = "万元", places: int | None = None) -> str:
    """Both units, the preferred one first: "490.00万元（4,900,000元）", "4,978.30亿元（497,830,000,000元）".

    ``places`` (decimals of the preferred unit) defaults to 2; an answer passes the printed ones.
    """
    if prefer == "元":
        return f"{format_yuan(yuan)}（{format_wan(yuan)}）"
    if prefer == "亿元":
        return f"{format_yi(yuan, places)}（{format_yuan(yuan)}）"
    return f"{format_wan(yuan, 2 if places is None else max(places, 2))}（{format_yuan(yuan)}）"


def read_chinese_numeral(text: str, mode: str = "normal") -> int | float:
    """``cn2an.cn2an(text, mode)``; cn2an is imported on first use: its import compiles its
    patterns and one of every Chinese city (≈ 0.3 s idle, 1.4 s on the loaded 2-core machine;
    measured), which most questions never need."""
    import cn2an

    return cn2an.cn2an(text, mode)
