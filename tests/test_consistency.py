"""``budgetqa check`` on the real documents: the known discrepancies, and nothing invented.

What the documents hold, checked by hand for these tests:
- seed: 大数据、电子政务工作管理项目 289.00万元 (第二部分 三（三）) vs 158万元 (九) and 1,580,000元 (its
  绩效目标表); the 绩效目标表 cost indicator ``=122586100 万元``. All table totals add up.
- Putuo: 职业年金 887.36万元 (p.7, repeated p.8) vs 873,617元 in every table (p.10/12/15/19). Every
  other narrative figure restates its table figure (the publisher truncates: 78.21 for 782,164).
- Jiangsu: every 合计/类/款 total, 基本支出 = 工资福利 + 商品和服务 + 对个人和家庭, 机关运行经费 parts,
  三公 parts, 采购 goods/works/services and the narrative changes add up: no finding expected.
"""

from __future__ import annotations

import pytest
from conftest import JIANGSU, PUTUO, SEED

from index.consistency import Finding, check_store
from index.store import Store

# Parser notes (a blank cell the text layer dropped and the parser put back) are reported by
# ``check`` too; they are not discrepancies of the publisher, so they are kept apart here.
REPAIR_KINDS = {"layout_repair"}


@pytest.fixture(scope="module")
def findings(figure_store: Store) -> dict[str, list[Finding]]:
    by_file = {d.doc_id: d.file for d in figure_store.documents()}
    out: dict[str, list[Finding]] = {f: [] for f in by_file.values()}
    for f in check_store(figure_store):
        out[by_file[f.doc_id]].append(f)
    return out


def _discrepancies(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind not in REPAIR_KINDS]


def _values(f: Finding) -> str:
    return " ".join(loc.value for loc in f.locations)


def test_seed_289_vs_158(findings) -> None:
    hits = [f for f in findings[SEED.name] if "289" in _values(f) and "158" in _values(f)]
    assert len(hits) == 1, [f.message for f in findings[SEED.name]]
    f = hits[0]
    assert "大数据、电子政务工作管理" in f.message
    where_289 = [loc for loc in f.locations if "289" in loc.value]
    where_158 = [loc for loc in f.locations if "158" in loc.value]
    assert where_289 and where_158
    assert "三、支出预算总体情况说明" in where_289[0].where
    assert any("九、预算绩效目标" in loc.where or "绩效目标表" in loc.where for loc in where_158)
    assert "289.00万元" in where_289[0].quote


def test_putuo_pension_887_36_vs_873617(findings) -> None:
    hits = [f for f in findings[PUTUO.name] if "887.36" in _values(f)]
    assert len(hits) == 1, [f.message for f in findings[PUTUO.name]]
    f = hits[0]
    assert "职业年金" in f.message
    text_loc = next(loc for loc in f.locations if "887.36" in loc.value)
    table_loc = next(loc for loc in f.locations if "873,617" in loc.value or "873617" in loc.value)
    assert text_loc.page in {7, 8}
    assert table_loc.page in {10, 12, 15, 19}


def test_seed_outlier_122586100(findings) -> None:
    hits = [f for f in findings[SEED.name] if "122586100" in _values(f)]
    assert len(hits) == 1
    f = hits[0]
    assert f.kind == "outlier"
    assert "市政务网络、云、机房及业务系统建设维护" in f.message
    assert len(f.locations) >= 2  # the indicator and the project total it is compared with
    assert any("73586100" in loc.value for loc in f.locations)


def test_every_finding_has_located_sources(findings) -> None:
    for file, fs in findings.items():
        for f in _discrepancies(fs):
            assert len(f.locations) >= 2, (file, f.message)
            assert all(loc.where and loc.value for loc in f.locations), (file, f.message)


def test_no_false_findings(findings) -> None:
    """Exactly the discrepancies found by reading: nothing else per document."""
    seed = sorted(f.kind for f in _discrepancies(findings[SEED.name]))
    assert seed == ["outlier", "text_vs_text"] or seed == ["outlier", "text_vs_table"], [
        f.message for f in findings[SEED.name]
    ]
    putuo = _discrepancies(findings[PUTUO.name])
    assert len(putuo) == 1 and "职业年金" in putuo[0].message, [f.message for f in putuo]
    assert _discrepancies(findings[JIANGSU.name]) == [], [f.message for f in findings[JIANGSU.name]]


def test_repairs_are_only_in_the_seed_text(findings) -> None:
    """The seed's text really drops a blank cell in two rows (附件 5-1 第4行, 附件 5-2 合计); PDFs have none."""
    repairs = [f for f in findings[SEED.name] if f.kind in REPAIR_KINDS]
    assert len(repairs) <= 2
    for f in repairs:
        assert "附件 5-1" in f.message or "附件 5-2" in f.message
    for file in (JIANGSU.name, PUTUO.name):
        assert not [f for f in findings[file] if f.kind in REPAIR_KINDS]


# ---- a planted error must be found ----------------------------------------------------------------


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    """The seed with one 附件 2 row changed (4,615,403 → 4,625,403 in all three cells)."""
    folder = tmp_path_factory.mktemp("planted")
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    idx = next(i for i, line in enumerate(lines) if line.startswith("201\t03\t01") and "4,615,403" in line)
    lines[idx] = lines[idx].replace("4,615,403", "4,625,403")
    doc = folder / SEED.name
    doc.write_text("\n".join(lines), encoding="utf-8")
    store = Store(folder / "store", retrieval=False)
    assert store.ingest([doc])[0].status == "added"
    return check_store(store)


def test_planted_sum_error_is_found(planted: list[Finding]) -> None:
    hits = [f for f in planted if "附件 2" in f.message and "96,534,608" in f.message]
    assert hits, [f.message for f in planted]
    assert any("96,544,608" in f.message for f in hits)  # the sum of the rows as printed


def test_planted_sum_error_has_both_locations(planted: list[Finding]) -> None:
    hits = [f for f in planted if "附件 2" in f.message and "96,534,608" in f.message]
    assert hits and all(len(f.locations) >= 2 for f in hits)
