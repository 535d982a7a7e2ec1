"""One report file → ParsedReport: read, split into sections, identify, extract. Never raises."""
from __future__ import annotations

import logging

from ..model import Finding, InboxEntry
from ..recognise.text import norm
from ..refdata import Reference
from .extract import extract_claims
from .identify import identify
from .model import ParsedReport
from .patterns import Patterns
from .read import ReportProblem, read_report
from .rules import Rule
from .sections import looks_like_report, split_sections, title_lines

log = logging.getLogger(__name__)


def parse_report(entry: InboxEntry, ref: Reference, pats: Patterns, catalogue: dict[str, Rule]) -> ParsedReport:
    report = ParsedReport(entry.path, entry.sha256 or "", entry.size, entry.mtime)
    try:
        _parse(report, ref, pats, catalogue)
    except ReportProblem as problem:
        _reject(report, catalogue[problem.rule_id].finding(reason=problem.reason), problem.reason)
    except Exception as exc:  # a bug of ours must not take the run down; say which file
        log.exception("report parse failed: %s", entry.path)
        reason = f"解析此报告时出现内部错误（{type(exc).__name__}），请把文件交给技术支持"
        _reject(report, catalogue["N-001"].finding(reason=reason), reason)
    return stamp(report)


def _parse(report: ParsedReport, ref: Reference, pats: Patterns, catalogue: dict[str, Rule]) -> None:
    text = read_report(report.path, pats)
    report.fmt, report.encoding = text.fmt, text.encoding
    report.sections = split_sections(text.lines, pats)
    if not looks_like_report(report.sections, pats):
        report.status, report.reason = "ignored", "未识别为绩效自评报告（没有报告标题，也没有可识别的章节）"
        return
    title = title_lines(report.sections, pats)
    report.title = next((t for t in title if any(m in norm(t) for m in pats.report_markers)),
                        title[0] if title else None)
    found = identify(title, report.path, ref, pats)
    report.department, report.fiscal_year = found.department, found.fiscal_year
    missing = "、".join(what for what, value in (("部门名称", found.department), ("年度", found.fiscal_year))
                       if value is None)
    if missing:
        _reject(report, catalogue["N-003"].finding(missing=missing), f"找不到{missing}")
        return
    for what, in_text, in_name in found.conflicts:
        report.findings.append(catalogue["N-004"].finding(in_text=f"{what}“{in_text}”", in_name=f"“{in_name}”"))
    report.claims = extract_claims(report.sections, pats)


def _reject(report: ParsedReport, finding: Finding, reason: str) -> None:
    report.status, report.reason = "rejected", reason
    report.findings.append(finding)


def stamp(report: ParsedReport) -> ParsedReport:
    """Findings name the report's file and bytes (the store links them by sha256)."""
    for f in report.findings:
        f.file = report.path
        f.sha256 = report.sha256
    return report
