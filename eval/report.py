"""``budgetqa eval --report FILE``: the evaluation summary for people who would rather look than read.

Markdown (``.md``: tables, a text bar chart and an SVG chart written beside it) or
a self-contained HTML page (``.html``: tables and an inline SVG chart, nothing
fetched at view time).  The SVG is written by hand: a handful of rectangles does
not justify a charting dependency whose HTML output loads scripts from a CDN.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

BAR_WIDTH = 320  # px of a 100% bar in the SVG
TEXT_BAR = 30  # characters of a 100% bar in the text chart


def write_report(summary: dict[str, Any], path: Path | str) -> list[Path]:
    """Write the report for ``Summary.to_dict()``; returns the files written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(render_html(summary), encoding="utf-8")
        return [path]
    if suffix == ".md":
        svg_path = path.with_suffix(".svg")
        svg_path.write_text(accuracy_svg(summary["by_type"]), encoding="utf-8")
        path.write_text(render_markdown(summary, svg_name=svg_path.name), encoding="utf-8")
        return [path, svg_path]
    raise ValueError(f"{path}: a report must end in .md or .html")


# --- Markdown -----------------------------------------------------------------------------------


def render_markdown(summary: dict[str, Any], svg_name: str | None = None) -> str:
    out = ["# budget-qa evaluation", "", _headline(summary), ""]
    out += ["## Accuracy per type", "", *_md_table(_group_rows(summary["by_type"], "type", summary)), ""]
    out += ["```text", text_bars(summary["by_type"]), "```", ""]
    if svg_name:
        out += [f"![accuracy per type]({svg_name})", ""]
    out += ["## Accuracy per document", "", *_md_table(_group_rows(summary["by_doc"], "document")), ""]
    out += ["## Other measures", "", *_md_table(_measure_rows(summary)), ""]
    out += ["## Gate", "", _gate_text(summary), ""]
    if summary.get("skipped"):
        out += ["## Skipped (document not given)", ""]
        out += [f"- `{s['id']}` ({_md(s['where'])}): {_md(s['doc'])}" for s in summary["skipped"]]
        out.append("")
    if summary.get("causes"):
        out += ["## Failure causes", "", *_md_table([["cause", "n"], *summary["causes"].items()]), ""]
    if summary.get("failures"):
        out += [f"## Failures ({len(summary['failures'])})", ""]
        header = ["id", "type", "question", "expected", "got", "reason"]
        rows = [[f[k] for k in header] for f in summary["failures"]]
        out += [*_md_table([header, *rows]), ""]
    return "\n".join(out)


def _md(text: Any) -> str:
    """Cell text that cannot break a Markdown table."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(rows: list[list[Any]]) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(_md(c) for c in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in body]
    return lines


def text_bars(groups: list[dict[str, Any]]) -> str:
    """ "amount     ██████████████████████████░░░░  86.7% (26/30)" per type."""
    if not groups:
        return "(no questions)"
    width = max(len(g["name"]) for g in groups)
    lines = []
    for g in groups:
        acc = g["accuracy"] or 0.0
        filled = round(acc * TEXT_BAR)
        bar = "█" * filled + "░" * (TEXT_BAR - filled)
        lines.append(f"{g['name']:<{width}}  {bar}  {_pct(g['accuracy']):>6} ({g['passed']}/{g['total']})")
    return "\n".join(lines)


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.fail { color: #b00020; font-weight: bold; } .ok { color: #1b7f3b; font-weight: bold; }
"""


def render_html(summary: dict[str, Any]) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8"><title>budget-qa evaluation</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>budget-qa evaluation</h1>",
        f"<p>{e(_headline(summary))}</p>",
        "<h2>Accuracy per type</h2>",
        _html_table(_group_rows(summary["by_type"], "type", summary)),
        accuracy_svg(summary["by_type"]),
        "<h2>Accuracy per document</h2>",
        _html_table(_group_rows(summary["by_doc"], "document")),
        "<h2>Other measures</h2>",
        _html_table(_measure_rows(summary)),
        "<h2>Gate</h2>",
        f'<p class="{"fail" if summary.get("gate") else "ok"}">{e(_gate_text(summary))}</p>',
    ]
    if summary.get("skipped"):
        parts.append("<h2>Skipped (document not given)</h2><ul>")
        parts += [f"<li>{e(s['id'])} ({e(s['where'])}): {e(s['doc'])}</li>" for s in summary["skipped"]]
        parts.append("</ul>")
    if summary.get("causes"):
        parts.append("<h2>Failure causes</h2>")
        parts.append(_html_table([["cause", "n"], *[list(kv) for kv in summary["causes"].items()]]))
    if summary.get("failures"):
        header = ["id", "type", "question", "expected", "got", "reason"]
        parts.append(f"<h2>Failures ({len(summary['failures'])})</h2>")
        parts.append(_html_table([header, *[[f[k] for k in header] for f in summary["failures"]]]))
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_table(rows: list[list[Any]]) -> str:
    header, *body = rows
    e = html.escape
    out = ["<table><thead><tr>", *[f"<th>{e(str(h))}</th>" for h in header], "</tr></thead><tbody>"]
    for r in body:
        cells = [f'<td class="num">{e(str(c))}</td>' if _numeric(c) else f"<td>{e(str(c))}</td>" for c in r]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def accuracy_svg(groups: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of accuracy per type as a standalone SVG element."""
    label_w, bar_h, gap, top = 90, 22, 8, 28
    width = label_w + BAR_WIDTH + 120
    height = top + len(groups) * (bar_h + gap) + 10
    e = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="accuracy per question type" '
        'font-family="sans-serif" font-size="13">',
        '<text x="0" y="16" font-weight="bold">accuracy per question type</text>',
    ]
    for i, g in enumerate(groups):
        y = top + i * (bar_h + gap)
        acc = g["accuracy"] or 0.0
        colour = "#1b7f3b" if acc >= 0.9 else "#c77c00" if acc >= 0.6 else "#b00020"
        out += [
            f'<text x="0" y="{y + bar_h - 6}">{e(g["name"])}</text>',
            f'<rect x="{label_w}" y="{y}" width="{BAR_WIDTH}" height="{bar_h}" fill="#eee"/>',
            f'<rect x="{label_w}" y="{y}" width="{acc * BAR_WIDTH:.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{e(g['name'])}: {_pct(g['accuracy'])}</title></rect>",
            f'<text x="{label_w + BAR_WIDTH + 8}" y="{y + bar_h - 6}">'
            f"{_pct(g['accuracy'])} ({g['passed']}/{g['total']})</text>",
        ]
    out.append("</svg>")
    return "\n".join(out)


# --- shared -------------------------------------------------------------------------------------


def _headline(s: dict[str, Any]) -> str:
    return (
        f"Overall accuracy {_pct(s['accuracy'])} ({s['passed']}/{s['total']}) over "
        f"{len(s.get('documents') or [])} document(s); grounding {_pct(s['grounding_rate'])}; "
        f"not found precision {_pct(s['not_found_precision'])}, recall {_pct(s['not_found_recall'])}. "
        + (
            "Each question asked about the whole store."
            if s.get("scope") == "store"
            else "Each question asked about its own document."
        )
    )


def _group_rows(
    groups: list[dict[str, Any]], label: str, overall: dict[str, Any] | None = None
) -> list[list[Any]]:
    rows: list[list[Any]] = [[label, "n", "passed", "accuracy"]]
    rows += [[g["name"], g["total"], g["passed"], _pct(g["accuracy"])] for g in groups]
    if overall is not None:
        rows.append(["overall", overall["total"], overall["passed"], _pct(overall["accuracy"])])
    return rows


def _measure_rows(s: dict[str, Any]) -> list[list[Any]]:
    eng, wall = s["latency"]["engine_ms"], s["latency"]["wall_ms"]
    return [
        ["measure", "value"],
        ["grounding rate", f"{_pct(s['grounding_rate'])} ({s['grounding_ok']}/{s['grounding_checked']})"],
        [
            "not found precision",
            f"{_pct(s['not_found_precision'])} ({s['not_found_right']}/{s['not_found_answered']})",
        ],
        ["not found recall", f"{_pct(s['not_found_recall'])} ({s['not_found_right']}/{s['not_found_gold']})"],
        ["latency p50 / p95 (engine)", f"{_ms(eng['p50'])} / {_ms(eng['p95'])}"],
        ["latency p50 / p95 (wall)", f"{_ms(wall['p50'])} / {_ms(wall['p95'])}"],
    ]


def _gate_text(s: dict[str, Any]) -> str:
    if s.get("gate"):
        return "Below threshold: " + "; ".join(s["gate"])
    return "All thresholds met."


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _ms(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} ms"


def _numeric(c: Any) -> bool:
    return isinstance(c, int | float) and not isinstance(c, bool)
