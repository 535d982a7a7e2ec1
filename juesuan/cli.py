"""`juesuan` command line: a thin layer; errors become one plain line and an exit status."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from . import settings

USAGE_ERROR = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="DuckDB store (default: $JUESUAN_DB or data/warehouse.duckdb)")


def _wait_arg(p: argparse.ArgumentParser, default: float = 0.0) -> None:
    p.add_argument("--wait", type=float, default=default,
                   help=f"另一运行正在写库时最多等待的秒数（默认 {default:g}）；等不到则以状态 2 退出")


def _dask_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dask-address", help="在这个 Dask 集群上解析（如 tcp://10.0.0.5:8786；默认 $JUESUAN_DASK_ADDRESS，未设置则用本机各核）")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description="部门决算工作簿 → 校验 → DuckDB 分析库")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="写出一个示例收件箱（多个部门、多个年度，含问题文件）")
    p.add_argument("--out", default="data/inbox")
    p.add_argument("--departments", type=int, default=None, help="部门数（默认：departments.csv 中全部）")
    p.add_argument("--years", default="2022-2024", help="年度范围，如 2022-2024")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("load", help="解析、校验并载入工作簿")
    p.add_argument("paths", nargs="+")
    _db_arg(p)
    p.add_argument("--strict", action="store_true", help="有错误的工作簿隔离，不成为当前版本")
    p.add_argument("--workers", type=int, default=None, help="解析进程数（默认：CPU 核数）")
    _wait_arg(p)
    _dask_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", help="在 Prefect 服务器上按计划运行夜间载入（默认每天 02:00，Asia/Shanghai）")
    p.add_argument("--cron", default=settings.DEFAULT_CRON, help="cron 表达式（默认 \"0 2 * * *\"）")
    p.add_argument("--timezone", help="cron 所用时区（默认 $JUESUAN_TIMEZONE 或 Asia/Shanghai）")
    p.add_argument("--inbox", help="收件箱文件夹（默认 $JUESUAN_INBOX 或 data/inbox）")
    _db_arg(p)
    p.add_argument("--strict", action="store_true", help="有错误的工作簿隔离，不成为当前版本")
    _wait_arg(p, 3600.0)
    _dask_arg(p)

    for name, text in (("pin", "把一个提交设为当前版本（直到再次置顶或该部门年度有更新的报送）"),
                       ("withdraw", "撤回一个提交：它不再是当前版本，该部门年度回到上一版本"),
                       ("release", "放行一个被隔离的提交：作为有错版本载入")):
        p = sub.add_parser(name, help=text)
        p.add_argument("submission_id", type=int, metavar="SUBMISSION_ID")
        _db_arg(p)
        _wait_arg(p)
        p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", help="把整个库导出为可用 IMPORT DATABASE 恢复的备份（Parquet）")
    p.add_argument("--out", required=True, help="备份目录（新建或空目录）")
    _db_arg(p)
    _wait_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("check", help="只解析和校验，不入库")
    p.add_argument("paths", nargs="+")
    _db_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("annotate", help="写出带批注的工作簿副本：出错的单元格标色并附中文批注")
    p.add_argument("file")
    p.add_argument("--out", required=True, help="输出的 .xlsx 文件（.xls 输入也输出 .xlsx）")
    _db_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("findings", help="列出库中的发现")
    _db_arg(p)
    p.add_argument("--file")
    p.add_argument("--severity", choices=["info", "warning", "error"])
    p.add_argument("--rule")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", help="生成自包含的 HTML 分析报告（离线可打开）")
    _db_arg(p)
    p.add_argument("--year", type=int, default=None, help="年度（默认：库中最新年度）")
    p.add_argument("--out", required=True, help="输出的 .html 文件")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="把视图或 SELECT 的结果导出为 Excel（中文表头，金额为万元）")
    p.add_argument("source", metavar="VIEW_OR_SELECT", help="视图名（如 v_dept_year）或一条 SELECT 语句")
    p.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    _db_arg(p)
    p.add_argument("--by-year", action="store_true", help="每个年度一个工作表")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sql", help="在只读连接上执行一条 SELECT 并打印结果")
    p.add_argument("query", metavar="SELECT", help="一条 SELECT 语句")
    _db_arg(p)
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="以 JSON 输出（金额为字符串，保持精确）")
    output.add_argument("--csv", action="store_true", help="以 CSV 输出")
    return parser


def main(argv: list[str] | None = None) -> int:
    settings.quiet_prefect()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CliError, settings.ConfigError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        _release(exc)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return USAGE_ERROR
    except Exception as exc:  # the system failed, not the user's input: one line, no traceback
        from .store.errors import StoreError
        if isinstance(exc, StoreError):
            print(f"错误：{exc}", file=sys.stderr)
        else:
            log = system_error_log(getattr(args, "db", None))
            print(f"系统错误：{type(exc).__name__}: {str(exc)[:300]}（详细信息已写入 {log}）", file=sys.stderr)
        _release(exc)
        return USAGE_ERROR


def _release(exc: BaseException) -> None:
    """Drop the failed frames' locals now. Prefect keeps a failed run's exception, whose frames
    hold DuckDB objects; alive at interpreter exit, the binding prints a page of 'leaked' lines."""
    import traceback
    traceback.clear_frames(exc.__traceback__)


def system_error_log(db: str | None) -> Path:
    """Keep the traceback of a system failure beside the store, for whoever has to fix it."""
    import traceback
    from datetime import datetime
    path = settings.db_path(db).parent / "juesuan-error.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S}\n{traceback.format_exc()}\n")
    except OSError:
        return Path("（无法写入日志）")
    return path


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo_inbox
    try:
        first, last = (int(x) for x in args.years.split("-"))
    except ValueError:
        raise CliError(f"--years 应写成 2022-2024，而不是 {args.years}") from None
    files = write_demo_inbox(Path(args.out), departments=args.departments, years=(first, last))
    if args.json:
        print(json.dumps({"out": args.out, "files": len(files)}, ensure_ascii=False))
    else:
        print(f"示例收件箱已写入 {args.out}：{len(files)} 个文件")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from prefect.settings import PREFECT_API_URL
    from .flows.nightly import nightly_load  # imports Prefect: only for the commands that run the flow
    from .serve import require_server
    from .summary import as_json, as_text
    settings.silence_prefect_console()
    if PREFECT_API_URL.value():  # a configured server must answer; without one Prefect starts its own
        require_server(PREFECT_API_URL.value())
    summary = nightly_load(paths=args.paths, db=str(settings.db_path(args.db)),
                           strict=settings.strict(args.strict), workers=args.workers,
                           lock_wait_seconds=args.wait, dask_address=settings.dask_address(args.dask_address))
    print(as_json(summary) if args.json else as_text(summary))
    return summary.exit_status


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import check
    from .summary import finding_line
    store = None
    if args.db:
        from .store.connect import open_read_only
        store = open_read_only(settings.db_path(args.db))
    entries, parsed, reports = check(args.paths, store=store)
    findings = [f for wb in parsed for f in wb.findings] + [f for r in reports for f in r.findings]
    findings += [_entry_finding(e) for e in entries if e.status == "rejected"]
    errors = sum(f.severity == "error" and f.outcome == "fail" for f in findings)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(finding_line(f))
        print(f"{len(parsed)} 个工作簿，{len(reports)} 份自评报告，{errors} 个错误")
    return 1 if errors else 0


def _entry_finding(entry):
    from .model import Finding
    return Finding("F-001", "error", entry.reason, file=entry.path)


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import annotate
    from .pipeline import check
    from .summary import finding_line
    if Path(args.out).suffix.lower() != ".xlsx":
        raise CliError("--out 须为 .xlsx 文件")
    store = None
    if args.db:
        from .store.connect import open_read_only
        store = open_read_only(settings.db_path(args.db))
    _, parsed, _ = check([args.file], store=store)
    if not parsed or parsed[0].rejected:
        for f in parsed[0].findings if parsed else []:
            print(finding_line(f))
        if not parsed:
            print(f"错误：{args.file} 不是可读的工作簿", file=sys.stderr)
        return 1
    wb = parsed[0]
    marked = annotate(args.file, args.out, wb.findings)
    errors = sum(f.severity == "error" and f.outcome == "fail" for f in wb.findings)
    if args.json:
        print(json.dumps({"out": args.out, "cells_marked": marked, "errors": errors}, ensure_ascii=False))
    else:
        print(f"已标注 {marked} 个单元格 → {args.out}")
    return 1 if errors else 0


def cmd_findings(args: argparse.Namespace) -> int:
    from .store.connect import open_read_only
    from .summary import finding_line
    from .model import Finding
    order = {"info": 0, "warning": 1, "error": 2}
    con = open_read_only(settings.db_path(args.db))
    sql = ("SELECT file, rule_id, outcome, severity, sheet, cell, message, expected, actual, root_cell,"
           " report_section, sentence FROM finding WHERE 1=1")
    params: list[object] = []
    if args.file:
        sql += " AND suffix(file, ?)"
        params.append(args.file)
    if args.rule:
        sql += " AND rule_id = ?"
        params.append(args.rule)
    if args.severity:
        sql += " AND list_contains(?, severity)"
        params.append([s for s, n in order.items() if n >= order[args.severity]])
    rows = con.execute(sql + " ORDER BY file, rule_id, sheet, cell", params).fetchall()
    cols = ["file", "rule_id", "outcome", "severity", "sheet", "cell", "message", "expected", "actual",
            "root_cell", "report_section", "sentence"]
    found = [dict(zip(cols, r)) for r in rows]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for r in found:
            print(finding_line(Finding(**r)))
        print(f"共 {len(found)} 条")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import NoData, render_report
    from .store.connect import open_read_only
    con = open_read_only(settings.db_path(args.db))
    try:
        path = render_report(con, args.year, args.out)
    except NoData as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    print(json.dumps({"out": str(path)}, ensure_ascii=False) if args.json else f"报告已写入 {path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export
    from .query import QueryFailed, QueryRefused
    from .store.connect import open_read_only
    con = open_read_only(settings.db_path(args.db))
    try:
        sheets = export(con, args.source, args.out, by_year=args.by_year)
    except (ExportError, QueryRefused, QueryFailed) as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    if args.json:
        print(json.dumps({"out": args.out, "sheets": sheets}, ensure_ascii=False))
    else:
        print(f"已导出到 {args.out}：{len(sheets)} 个工作表（{'、'.join(sheets)}）")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from .query import QueryFailed, QueryRefused, run_query, to_csv, to_json, to_table
    from .store.connect import open_read_only
    con = open_read_only(settings.db_path(args.db))
    try:
        result = run_query(con, args.query)
    except (QueryRefused, QueryFailed) as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    print(to_json(result) if args.json else to_csv(result) if args.csv else to_table(result), end="" if args.csv else "\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import serve
    timezone = settings.timezone(args.timezone)
    plan = serve.plan(cron=args.cron, timezone=timezone, inbox=settings.inbox(args.inbox),
                      db=settings.db_path(args.db), strict=settings.strict(args.strict),
                      wait_seconds=args.wait, dask_address=settings.dask_address(args.dask_address))
    print(f"部署 {plan.deployment} 已在 {plan.api_url} 上按 “{plan.cron}”（{timezone}）运行，"
          f"收件箱 {plan.parameters['paths'][0]} → {plan.parameters['db']}；按 Ctrl+C 停止（计划随之暂停）",
          flush=True)
    serve.serve(plan)
    print("已停止；计划已暂停，重新运行 juesuan serve 即恢复")
    return 0


def cmd_operator(args: argparse.Namespace) -> int:
    from .pipeline import operate
    from .store import operator
    action = {"pin": operator.pin, "withdraw": operator.withdraw, "release": operator.release}[args.command]
    out = operate(settings.db_path(args.db), args.wait, action, args.submission_id, settings.operator())
    if args.json:
        print(json.dumps(dataclasses.asdict(out), ensure_ascii=False))
    else:
        verb = {"pin": "已置为当前", "withdraw": "已撤回", "release": "已放行"}[args.command]
        current = f"当前版本为提交 {out.current_id}" if out.current_id is not None else "该部门年度暂无当前版本"
        print(f"提交 {out.submission_id}（{out.dept_code} {out.fiscal_year} 年度）{verb}，状态 {out.status}；{current}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .pipeline import backup
    rows = backup(settings.db_path(args.db), args.wait, Path(args.out), settings.operator())
    if args.json:
        print(json.dumps({"out": args.out, "tables": rows}, ensure_ascii=False))
    else:
        print(f"备份已写入 {args.out}：{len(rows)} 张表、{sum(rows.values())} 行，已验证可用 IMPORT DATABASE 恢复")
    return 0


COMMANDS = {"demo": cmd_demo, "load": cmd_load, "check": cmd_check, "findings": cmd_findings, "annotate": cmd_annotate,
            "report": cmd_report, "export": cmd_export, "sql": cmd_sql, "serve": cmd_serve,
            "pin": cmd_operator, "withdraw": cmd_operator, "release": cmd_operator, "backup": cmd_backup}

if __name__ == "__main__":
    sys.exit(main())
