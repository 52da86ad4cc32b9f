"""A disclosure copied out of a web page as one line of text (福建 平潭, eval/docs/pingtan).

Such a file was refused (「没有找到任何段落或表格」: the whole text was taken for the title line). Its
sentences and numbered headings are now cut apart, so its printed figures answer, cited.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.parse import parse_document
from index.text_parser import unfold_line
from qa.engine import Engine
from tests.conftest import facts_engine

PINGTAN = Path(__file__).parent.parent / "eval" / "docs" / "pingtan"
POLICE_2017 = PINGTAN / "pingtan_public_security_bureau_2017_final_accounts.txt"


def test_every_one_line_document_is_read_into_paragraphs() -> None:
    for path in sorted(PINGTAN.glob("*.txt")):
        assert path.read_text(encoding="utf-8").count("\n") <= 1, path.name  # one line as published
        doc = parse_document(path)
        assert len(doc.paragraphs) >= 40, (path.name, len(doc.paragraphs))


def test_ordinary_lines_are_left_alone() -> None:
    paragraph = "2021年一般公共预算支出1000万元，比上年增加10万元。主要原因是人员增加。" * 5
    assert unfold_line(paragraph) == [paragraph]  # a long paragraph of a normal file stays one paragraph


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("pingtan"), [POLICE_2017])


def test_a_figure_of_a_one_line_document_is_answered_from_its_sentence(engine: Engine) -> None:
    # 「…公务接待费18.51万元…」 (八、一般公共预算财政拨款“三公”经费支出决算情况)
    ans = engine.ask("公安局2017年公务接待费支出多少")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == 185100, ans.text
    assert "18.51" in ans.sources[ans.figures[0].source].quote
