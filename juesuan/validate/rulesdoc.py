"""docs/rules.md, generated from the catalogues in expectations/ so that it cannot drift.

rules.yaml holds the workbook rules; other rules_*.yaml files (the narrative reports' N- rules)
share its fields and are listed too, so the page names every rule id a finding can carry.
"""
from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml

from .catalogue import Catalogue, Rule, catalogue

_FAMILIES = (
    ("F-", "File level — decided while reading; a rejected workbook loads nothing"),
    ("C-", "Cells"),
    ("T", "Within one table"),
    ("X-", "Between tables"),
    ("Y-", "Across years"),
    ("P-", "Performance self-evaluation"),
    ("N-", "Narrative reports"),
)
_SEVERITY = {"error": "error 错误", "warning": "warning 警告", "info": "info 提示"}
_HEADER = """# Validation rules

Generated from `expectations/rules.yaml` (and the other `expectations/rules_*.yaml`
catalogues) by `juesuan.validate.render_rules_md()`; `tests/test_rules_doc.py` fails when this
page is stale. Do not edit it by hand.

- **Severity**: `error` — the workbook loads *flagged* (quarantined under `juesuan load --strict`);
  file-level errors that make a workbook untrustworthy reject it. `warning` and `info` load.
- **Tolerance**: `envelope` — a difference within (n+1) × half a unit of the sheet's last printed
  decimal (n = the terms summed; each term adds its own sheet's half unit, converted to yuan) is
  rounding: no finding, but counted in the run summary. `exact` — any difference is a finding.
  `none` — not a comparison of amounts.
- **Outcomes**: pass, fail, or *not evaluated* (a table or cell the rule needs is missing or
  unreadable; listed with the reason, never counted as a pass, no effect on the exit status).
- **Cell**: for a sum, the total's cell; between tables, the cell of the first table named.
  Findings caused by one wrong number share a `root_cell`.
- **Checked by**: the query in `expectations/sql/` that computes both sides for every workbook of
  a run, and the Great Expectations suite (`expectations/suites/`) and expectation that judge them.
"""


def _extra_catalogues() -> list[tuple[str, list[dict[str, Any]]]]:
    folder = files("juesuan.expectations")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("rules_") and entry.name.endswith(".yaml"):
            out.append((entry.name, yaml.safe_load(entry.read_text("utf-8"))["rules"]))
    return out


def _cell(text: Any) -> str:
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def _how(rule: Rule) -> str:
    if rule.stage == "parse":
        return f"while parsing: `{rule.where}`"
    runs = len(rule.runs)
    times = f" ×{runs}" if runs > 1 else ""
    return f"`sql/{rule.sql}`{times} → `{rule.suite}` / `{rule.expectation}`"


def _row(rule_id: str, severity: str, scope: str, tables: list[str], tolerance: Any, implements: str,
         message: str, description: str, how: str) -> str:
    cells = [f"**{rule_id}**", _SEVERITY.get(severity, severity), scope, ", ".join(tables) or "—",
             tolerance or "none", implements, message, description, how]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _family(rule_id: str) -> str:
    return next(prefix for prefix, _ in _FAMILIES if rule_id.startswith(prefix))


def render_rules_md(cat: Catalogue | None = None) -> str:
    cat = cat or catalogue()
    rows: dict[str, list[str]] = {prefix: [] for prefix, _ in _FAMILIES}
    for r in cat.rules:
        rows[_family(r.id)].append(_row(r.id, r.severity, r.scope, list(r.tables), r.tolerance, r.implements,
                                        r.message_zh, r.description_en, _how(r)))
    for name, rules in _extra_catalogues():
        for r in rules:
            rows[_family(r["id"])].append(_row(
                r["id"], r["severity"], r["scope"], r.get("tables") or [], r.get("tolerance"),
                str(r["implements"]), r["message_zh"], r["description_en"], f"`{name}`"))
    out = [_HEADER]
    head = ("| Rule | Severity | Scope | Tables | Tolerance | Implements | Message | What it checks | Checked by |\n"
            "|---|---|---|---|---|---|---|---|---|")
    for prefix, title in _FAMILIES:
        if rows[prefix]:
            out += [f"## {title}", "", head, *rows[prefix], ""]
    out += ["## Checks of research/domain.md not evaluated", "", "| Check | Why |", "|---|---|"]
    out += [f"| {_cell(n['implements'])} | {_cell(n['reason'])} |" for n in cat.not_covered]
    return "\n".join(out) + "\n"
