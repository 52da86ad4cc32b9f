"""Tables whose rows are places: the row of the place named × the column of the measure named.

On the real Xinjiang 2019 debt table (rows: 新疆维吾尔自治区, 新疆维吾尔自治区本级, 乌鲁木齐市 … 伊犁哈萨克自治州;
columns: 2019年债务限额 / 2019年债务余额（决算数）, each 合计 / 一般债务 / 专项债务; 亿元), questions name
the place (also as 全区, 全疆, 区本级, 伊犁州) and the measure (also with a typo, 债物); the figure is the
cell at both.  Over a store with another government document, a place only one document prints
answers from that document alone.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.store import Store
from qa.engine import Engine
from qa.place_rows import column_segments, short_forms
from qa.understand import subject_variants
from tests.conftest import facts_engine

WILD = Path(__file__).parent / "corpus" / "wild"
XINJIANG = WILD / "xinjiang_region_2019_government_debt_final_table.xlsx"
PINGDINGSHAN = WILD / "henan_pingdingshan_2019_final_accounts_draft_explanation.pdf"
YI = Decimal(100_000_000)


@pytest.fixture(scope="module")
def debt_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("place_store"), [XINJIANG])


@pytest.mark.parametrize(
    ("question", "yi"),
    [
        ("新疆维吾尔自治区2019年地方政府债务限额是多少", "4978.30"),  # the region's own row, 合计 column
        ("全区2019年底政府债务余额决算数一共多少亿", "4594.49"),
        ("新疆２０１９年一般债务限额多少", "3489.89"),  # the region's short name
        ("全疆的专项债务余额是多少", "1322.55"),  # 全 + a character of the region's name
        ("自治区本级一般债务余额（决算数）是多少", "1093.07"),  # the 本级 row, not the region's
        ("区本级专项债务限额多少", "28.90"),
        ("乌鲁木齐市2019年欠了多少政府债（债务余额合计）", "1098.05"),  # 余额, not the 限额 of its row
        ("喀什地区专项债物限额是多少", "43.00"),  # a same-sounding typo in the measure
        ("伊犁州2019年一般债务余额多少", "177.10"),  # 伊犁哈萨克自治州 as people say it
    ],
)
def test_place_row_times_measure_column(debt_engine: Engine, question: str, yi: str) -> None:
    ans = debt_engine.ask(question)
    assert ans.kind == "figure", ans.text
    assert abs(Decimal(ans.figures[0].value) - Decimal(yi) * YI) < YI / 100, ans.text


def test_a_place_the_table_does_not_print_is_not_found(debt_engine: Engine) -> None:
    assert debt_engine.ask("石河子市2019年政府债务余额多少").kind == "not_found"


@pytest.fixture(scope="module")
def two_governments(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("two_store"), [XINJIANG, PINGDINGSHAN])


def test_a_place_of_one_document_scopes_a_store(two_governments: Engine) -> None:
    # both documents print 债务限额; only one prints 乌鲁木齐市
    assert len(two_governments.ask("债务限额多少").sources) > 1
    ans = two_governments.ask("乌鲁木齐市债务限额多少")
    assert ans.kind == "figure", ans.text
    assert {s.file for s in ans.sources} == {XINJIANG.name}, ans.text
    assert Decimal(ans.figures[0].value) == Decimal("1222.89") * YI


def test_another_place_named_is_not_this_region(two_governments: Engine) -> None:
    ans = two_governments.ask("平顶山市本级政府债务限额多少")
    assert ans.kind == "figure", ans.text
    assert {s.file for s in ans.sources} == {PINGDINGSHAN.name}, ans.text


def test_place_names_as_people_say_them() -> None:
    assert "伊犁州" in short_forms("伊犁哈萨克自治州")
    assert "新疆" in short_forms("新疆维吾尔自治区")
    assert "乌鲁木齐" in short_forms("乌鲁木齐市")
    assert column_segments("2019年债务余额（决算数）/一般债务(E)") == ["债务余额", "决算数", "一般债务"]


def test_colloquial_revenue_names_and_bracketed_printed_names() -> None:
    assert "个人所得税" in subject_variants("个税")
    assert "国有土地使用权出让收入" in subject_variants("卖地收入")
    variants = subject_variants("全省卖地收入（国有土地使用权出让收入）")
    assert "国有土地使用权出让收入" in variants and "全省卖地收入" in variants


def test_whether_a_scope_is_included_is_answered_by_the_note(tmp_path: Path) -> None:
    store = Store(tmp_path / "with_text_index")  # the note under the table is found by retrieval
    store.ingest([XINJIANG])
    ans = Engine(store, auto_ingest=False).ask("这张债务表把兵团的债务算进去了吗")
    assert ans.kind != "not_found", ans.text
    assert "不含兵团" in ans.text + " ".join(s.quote for s in ans.sources), ans.text
