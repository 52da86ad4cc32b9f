"""``python -m qa.cli`` as a user runs it: a subprocess against a temporary store (retrieval off)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import JIANGSU, PUTUO, SEED

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, home: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BUDGETQA_HOME"}
    env["BUDGETQA_RETRIEVAL"] = "0"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if home is not None:
        env["BUDGETQA_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    res = run("ingest", str(SEED), str(JIANGSU), str(PUTUO), "--store", str(store))
    assert res.returncode == 0, res.stderr
    return store


def ask_json(store: Path, question: str, *extra: str) -> dict:
    res = run("ask", question, "--json", "--store", str(store), *extra)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_ingest_reports_progress_and_skips_unchanged(cli_store: Path) -> None:
    res = run("ingest", str(SEED), "--store", str(cli_store))
    assert res.returncode == 0
    assert SEED.name in res.stderr and "跳过" in res.stderr


ANSWER_KEYS = {"question": str, "kind": str, "text": str, "figures": list, "sources": list, "warnings": list}
FIGURE_KEYS = {"label": str, "value": (int, float), "unit": str, "display": str, "source": int}
SOURCE_KEYS = {
    "document": str,
    "department": str,
    "year": int,
    "page": (int, type(None)),
    "section": (str, type(None)),
    "table": (str, type(None)),
    "row": (str, type(None)),
    "column": (str, type(None)),
    "quote": str,
}


def _check_contract(d: dict) -> None:
    for key, typ in ANSWER_KEYS.items():
        assert isinstance(d[key], typ), (key, d.get(key))
    assert isinstance(d["elapsed_ms"], int | float) and not isinstance(d["elapsed_ms"], bool)
    assert d["kind"] in {"figure", "passage", "list", "not_found", "clarify"}
    for fig in d["figures"]:
        assert set(FIGURE_KEYS) <= set(fig), fig
        for key, typ in FIGURE_KEYS.items():
            assert isinstance(fig[key], typ) and not isinstance(fig[key], bool), (key, fig)
        assert 0 <= fig["source"] < len(d["sources"])
    for src in d["sources"]:
        for key, typ in SOURCE_KEYS.items():
            assert isinstance(src[key], typ), (key, src)
    assert all(isinstance(w, str) for w in d["warnings"])


def test_ask_json_contract_figure(cli_store: Path) -> None:
    d = ask_json(cli_store, "全市政务数据治理项目多少钱")
    _check_contract(d)
    assert d["question"] == "全市政务数据治理项目多少钱"
    assert d["kind"] == "figure"
    fig = d["figures"][0]
    assert fig["value"] == 4900000 and isinstance(fig["value"], int)  # money in 元, a JSON integer
    assert fig["unit"] == "元"
    assert fig["display"].startswith("490.00万元") and "4,900,000元" in fig["display"]
    src = d["sources"][fig["source"]]
    assert src["department"] == "郑州市大数据管理局" and src["year"] == 2021
    assert "490" in d["text"]


def test_ask_json_contract_percent_and_page(cli_store: Path) -> None:
    d = ask_json(cli_store, "江苏高院基本支出占比")
    _check_contract(d)
    fig = d["figures"][0]
    assert fig["value"] == 59.35 and fig["unit"] == "%"
    assert d["sources"][fig["source"]]["page"] == 20


def test_ask_json_contract_not_found(cli_store: Path) -> None:
    d = ask_json(cli_store, "大数据局会议费多少")
    _check_contract(d)
    assert d["kind"] == "not_found" and d["figures"] == []


def test_ask_json_conflict_warning(cli_store: Path) -> None:
    d = ask_json(cli_store, "普陀区财政局职业年金多少")
    _check_contract(d)
    assert d["figures"][0]["value"] == 873617
    assert any("887.36" in w for w in d["warnings"])


def test_ask_options_unit_and_doc(cli_store: Path) -> None:
    d = ask_json(cli_store, "三公经费是多少", "--unit", "元", "--doc", PUTUO.name)
    assert d["kind"] == "figure" and d["figures"][0]["value"] == 9500
    assert d["figures"][0]["display"].startswith("9,500元")


def test_ask_plain_text(cli_store: Path) -> None:
    res = run("ask", "江苏高院2040504多少钱", "--store", str(cli_store))
    assert res.returncode == 0
    assert "1733.30万元" in res.stdout and "第13页" in res.stdout


def test_check_json(cli_store: Path) -> None:
    res = run("check", "--json", "--store", str(cli_store))
    assert res.returncode == 0, res.stderr
    findings = json.loads(res.stdout)
    assert isinstance(findings, list)
    values = [" ".join(loc["value"] for loc in f["locations"]) for f in findings]
    assert any("289" in v and "158" in v for v in values)
    assert any("887.36" in v for v in values)
    for f in findings:
        assert {"doc_id", "document", "kind", "message", "locations"} <= set(f)


def test_check_text(cli_store: Path) -> None:
    res = run("check", "--store", str(cli_store))
    assert res.returncode == 0
    assert "职业年金" in res.stdout and "289" in res.stdout


def test_docs(cli_store: Path) -> None:
    res = run("docs", "--store", str(cli_store))
    assert res.returncode == 0
    for name in (SEED.name, JIANGSU.name, PUTUO.name):
        assert name in res.stdout
    docs = json.loads(run("docs", "--json", "--store", str(cli_store)).stdout)
    by_file = {d["file"]: d for d in docs}
    assert (
        by_file[JIANGSU.name]["department"] == "江苏省高级人民法院" and by_file[JIANGSU.name]["year"] == 2017
    )
    assert by_file[PUTUO.name]["pages"] == 24
    # the parse report: what was read, and how many tables verify their own totals
    report = by_file[JIANGSU.name]["report"]
    assert (
        report["pages"] == 27
        and report["tables"] == 12
        and report["facts"] == by_file[JIANGSU.name]["n_facts"]
    )
    assert report["ocr_pages"] == 0 and report["meta_source"] == "document" and report["years"] == [2017]
    assert 0 < report["tables_verified"] <= report["tables_checkable"] <= report["tables"]
    assert "表内合计核对" in res.stdout


def test_ingest_bad_file_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    store = tmp_path / "store"
    res = run("ingest", str(bad), str(SEED), "--store", str(store))
    assert res.returncode == 1
    error_lines = [line for line in res.stderr.splitlines() if "broken.pdf" in line and "错误" in line]
    assert len(error_lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    docs = json.loads(run("docs", "--json", "--store", str(store)).stdout)
    assert [d["file"] for d in docs] == [SEED.name]


def test_ask_on_empty_store_ingests_default_corpus(tmp_path: Path) -> None:
    store = tmp_path / "empty"
    store.mkdir()  # an existing, empty store directory (a missing one is an error: see below)
    d = ask_json(store, "全市政务数据治理项目多少钱")
    assert d["kind"] == "figure" and d["figures"][0]["value"] == 4900000
    docs = json.loads(run("docs", "--json", "--store", str(store)).stdout)
    assert [x["file"] for x in docs] == [SEED.name]


def test_ingest_into_new_store_adds_only_given_files(tmp_path: Path) -> None:
    store = tmp_path / "new"
    assert run("ingest", str(PUTUO), "--store", str(store)).returncode == 0
    docs = json.loads(run("docs", "--json", "--store", str(store)).stdout)
    assert [x["file"] for x in docs] == [PUTUO.name]


def test_store_precedence(tmp_path: Path) -> None:
    """--store beats $BUDGETQA_HOME, which beats ./.budgetqa."""
    home, explicit, cwd = tmp_path / "home", tmp_path / "explicit", tmp_path / "cwd"
    cwd.mkdir()

    assert run("ingest", str(SEED), "--store", str(explicit), cwd=cwd, home=home).returncode == 0
    assert (explicit / "facts.sqlite").exists()
    assert not (home / "facts.sqlite").exists() and not (cwd / ".budgetqa").exists()

    assert run("ingest", str(PUTUO), cwd=cwd, home=home).returncode == 0
    home_docs = json.loads(run("docs", "--json", cwd=cwd, home=home).stdout)
    assert [d["file"] for d in home_docs] == [PUTUO.name]
    assert not (cwd / ".budgetqa").exists()

    assert run("ingest", str(JIANGSU), cwd=cwd).returncode == 0
    assert (cwd / ".budgetqa" / "facts.sqlite").exists()
    cwd_docs = json.loads(run("docs", "--json", cwd=cwd).stdout)
    assert [d["file"] for d in cwd_docs] == [JIANGSU.name]
    explicit_docs = json.loads(run("docs", "--json", "--store", str(explicit), cwd=cwd, home=home).stdout)
    assert [d["file"] for d in explicit_docs] == [SEED.name]


def test_missing_store_is_an_error_not_a_new_store(tmp_path: Path) -> None:
    """Issue 12 §6: a mistyped --store (or $BUDGETQA_HOME) names the path and creates nothing."""
    missing = tmp_path / "typo"
    for args in (
        ["ask", "三公经费", "--store", str(missing)],
        ["docs", "--store", str(missing)],
        ["check", "--store", str(missing)],
        ["rm", "0123456789abcdef", "--store", str(missing)],
        ["docs", "edit", "0123456789abcdef", "--year", "2025", "--store", str(missing)],
    ):
        res = run(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert str(missing) in res.stderr and "不存在" in res.stderr and "Traceback" not in res.stderr
        assert not missing.exists()
    res = run("docs", home=missing)
    assert res.returncode == 2 and str(missing) in res.stderr and not missing.exists()
    # the default ./.budgetqa on a first `ask` is a new user's first run: it gets the default corpus
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    res = run("ask", "全市政务数据治理项目多少钱", cwd=cwd)
    assert res.returncode == 0 and "490.00万元" in res.stdout, res.stderr
    assert (cwd / ".budgetqa" / "facts.sqlite").exists()


def test_versions_rm_replace_and_edit(tmp_path: Path) -> None:
    """Issue 12 §5 and issue 8 on the command line: versions beside each other, admin rm/replace, edits."""
    store = tmp_path / "store"
    assert run("ingest", str(SEED), str(PUTUO), "--store", str(store)).returncode == 0
    docs = {d["file"]: d for d in json.loads(run("docs", "--json", "--store", str(store)).stdout)}
    old_id, putuo_id = docs[SEED.name]["doc_id"], docs[PUTUO.name]["doc_id"]

    upload = tmp_path / "upload" / SEED.name  # same name, forged figure
    upload.parent.mkdir()
    upload.write_text(SEED.read_text(encoding="utf-8").replace("4,900,000", "9,990,000"), encoding="utf-8")
    res = run("ingest", str(upload), "--store", str(store))
    assert res.returncode == 0 and "已替换" not in res.stderr and "另一版本" in res.stderr, res.stderr
    listing = run("docs", "--store", str(store)).stdout
    assert listing.count("同一部门年度的另一版本") == 2, listing
    docs = json.loads(run("docs", "--json", "--store", str(store)).stdout)
    new_id = next(d["doc_id"] for d in docs if d["doc_id"] not in (old_id, putuo_id))
    assert {d["doc_id"] for d in docs} == {old_id, new_id, putuo_id}
    assert next(d for d in docs if d["doc_id"] == new_id)["versions"] == [old_id, new_id]

    res = run("rm", new_id, "--store", str(store))
    assert res.returncode == 0 and new_id in res.stdout
    assert run("rm", new_id, "--store", str(store)).returncode == 2
    assert ask_json(store, "全市政务数据治理项目多少钱")["figures"][0]["value"] == 4900000

    res = run("ingest", str(upload), "--replace", old_id, "--store", str(store))
    assert res.returncode == 0 and "已替换" in res.stderr and old_id in res.stderr, res.stderr
    ids = {d["doc_id"] for d in json.loads(run("docs", "--json", "--store", str(store)).stdout)}
    assert old_id not in ids and new_id in ids and len(ids) == 2

    res = run("docs", "edit", putuo_id, "--year", "2024", "--store", str(store))
    assert res.returncode == 0 and "2024年" in res.stdout and "（用户修改）" in res.stdout, res.stderr
    assert "（用户修改）" in run("docs", "--store", str(store)).stdout
    for bad, field in (
        (["--department", "1"], "department"),
        (["--department", "公开01表"], "department"),
        (["--year", "明年"], "year"),
    ):
        res = run("docs", "edit", putuo_id, *bad, "--store", str(store))
        assert res.returncode == 2 and field in res.stderr and "Traceback" not in res.stderr, res.stderr
    res = run("ingest", str(JIANGSU), "--department", "3", "--store", str(store))
    assert res.returncode == 2 and "department" in res.stderr
    res = run(
        "ingest",
        str(JIANGSU),
        "--department",
        "江苏省高级人民法院机关",
        "--year",
        "2017",
        "--store",
        str(store),
    )
    assert res.returncode == 0, res.stderr
    jiangsu = next(
        d
        for d in json.loads(run("docs", "--json", "--store", str(store)).stdout)
        if d["file"] == JIANGSU.name
    )
    assert (
        jiangsu["department"] == "江苏省高级人民法院机关" and jiangsu["meta_source"]["department"] == "user"
    )
    assert not (store / "write.lock").exists()


def test_broken_pipe_ends_quietly(cli_store: Path) -> None:
    """`budgetqa ask … | head -1`: no BrokenPipeError traceback."""
    env = {k: v for k, v in os.environ.items() if k != "BUDGETQA_HOME"}
    env["BUDGETQA_RETRIEVAL"] = "0"
    env["PYTHONPATH"] = str(ROOT)
    # `true` exits without reading: the first write of the answer meets a closed pipe
    cmd = f"{sys.executable} -m qa.cli ask 三公经费是多少 --store {cli_store} | true; echo ${{PIPESTATUS[0]}}"
    res = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert res.stdout.strip() == "141", (res.stdout, res.stderr)  # 128 + SIGPIPE, like other tools
    assert "Traceback" not in res.stderr and "BrokenPipe" not in res.stderr, res.stderr
