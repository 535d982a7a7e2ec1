"""How a run is told to people: the terminal summary, JSON, and the Prefect artifacts."""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from typing import Any

from .model import Finding, RunSummary

_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _by_rule(findings: list[Finding]) -> list[tuple[tuple[str, str], int]]:
    return Counter((f.rule_id, f.severity if f.outcome == "fail" else "not_evaluated")
                   for f in findings).most_common()


def as_text(summary: RunSummary, *, top: int = 15) -> str:
    s = summary
    lines = [
        f"运行 {s.run_id}：共 {s.files_seen} 个文件",
        f"  已载入 {s.loaded} · 有错已载入 {s.flagged} · 隔离 {s.quarantined} · 拒收 {s.rejected}"
        f" · 未变 {s.unchanged} · 忽略 {s.ignored}",
        f"  发现：错误 {s.errors} · 警告 {s.warnings} · 提示 {s.infos} · 未执行的校验 {s.not_evaluated}"
        f" · 取整差异（不计为错误）{s.rounding_differences}",
    ]
    if s.stage_seconds:
        lines.append("  用时：" + " · ".join(f"{k} {v:.2f}s" for k, v in s.stage_seconds.items()))
    problems = [f for f in s.findings if f.outcome == "fail" and f.severity == "error"]
    if problems:
        lines.append("错误（前 %d 条）：" % min(top, len(problems)))
        for f in problems[:top]:
            lines.append("  " + finding_line(f))
    if s.ignored_paths:
        lines.append("忽略的文件：")
        lines.extend(f"  {path}：{reason}" for path, reason in s.ignored_paths[:top])
    return "\n".join(lines)


def finding_line(f: Finding) -> str:
    where = "!".join(x for x in (f.sheet, f.cell) if x)
    if f.report_section or f.sentence:
        where = f"〔{f.report_section or ''}〕“{(f.sentence or '')[:60]}”" + (f" ↔ {where}" if where else "")
    tail = f"（应为 {f.expected}，实为 {f.actual}）" if f.expected is not None else ""
    sev = _SEVERITY_ZH.get(f.severity, f.severity) if f.outcome == "fail" else "未执行"
    return f"[{f.rule_id} {sev}] {f.file}{' ' + where if where else ''}：{f.message}{tail}"


def as_json(summary: RunSummary) -> str:
    s = summary
    body: dict[str, Any] = {k: getattr(s, k) for k in (
        "run_id", "files_seen", "loaded", "flagged", "quarantined", "rejected", "unchanged", "ignored",
        "errors", "warnings", "infos", "not_evaluated", "rounding_differences")}
    body["started_at"] = s.started_at.isoformat()
    body["finished_at"] = s.finished_at.isoformat() if s.finished_at else None
    body["stage_seconds"] = s.stage_seconds
    body["findings"] = [f.as_dict() for f in s.findings]
    body["ignored_files"] = [{"path": p, "reason": r} for p, r in s.ignored_paths]
    return json.dumps(body, ensure_ascii=False, indent=2)


def artifact_rows(summary: RunSummary) -> list[dict[str, Any]]:
    s = summary
    rows = [{"项目": k, "数量": getattr(s, attr)} for k, attr in (
        ("文件", "files_seen"), ("已载入", "loaded"), ("有错已载入", "flagged"), ("隔离", "quarantined"),
        ("拒收", "rejected"), ("未变", "unchanged"), ("忽略", "ignored"))]
    rows += [{"项目": f"{rule} {_SEVERITY_ZH.get(sev, '未执行')}", "数量": n} for (rule, sev), n in _by_rule(s.findings)]
    return rows


def artifact_markdown(summary: RunSummary, top: int = 30) -> str:
    problems = [f for f in summary.findings if f.outcome == "fail" and f.severity in ("error", "warning")]
    lines = [f"# 运行 {summary.run_id}", "", "| 规则 | 级别 | 文件 | 位置 | 说明 |", "|---|---|---|---|---|"]
    for f in problems[:top]:
        where = "!".join(x for x in (f.sheet, f.cell) if x)
        lines.append(f"| {f.rule_id} | {_SEVERITY_ZH[f.severity]} | {_md(f.file)} | {_md(where)} | {_md(f.message)} |")
    if not problems:
        lines.append("| — | — | — | — | 没有错误或警告 |")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(text: str | None) -> str:
    """Input text must never become markup or a link in an artifact: HTML is escaped, markdown
    punctuation is backslash-escaped and ':' is written as an entity, so no URL autolinks."""
    flat = html.escape((text or "").replace("\r", " ").replace("\n", " "), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", flat).replace(":", "&#58;")
