"""§3 The inbox as it really is: entries that are not workbooks to read, or not what they say.

Each builder adds its entries to `inbox` (and may use `outside`, a folder beside it) and
returns nothing: the corpus names the entries it expects.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import base

OUTSIDE_DEPT = "常德市鼎城区林业局"  # the workbook a symlink points to: must never load


def lock_file(inbox: Path, outside: Path) -> None:
    (inbox / "~$决算.xlsx").write_bytes(b"\x05caiwu" + b"\x00" * 50)


def apple_double(inbox: Path, outside: Path) -> None:
    (inbox / "._决算.xlsx").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 80)


def folder_named_like_a_workbook(inbox: Path, outside: Path) -> None:
    (inbox / "决算.xlsx").mkdir()
    (inbox / "决算.xlsx" / "说明.md").write_text("readme", encoding="utf-8")


def link_outside(inbox: Path, outside: Path) -> None:
    target = base.write(outside / "林业局.xlsx", OUTSIDE_DEPT)
    os.symlink(target, inbox / "链接.xlsx")


def dangling_link(inbox: Path, outside: Path) -> None:
    os.symlink(inbox / "不存在.xlsx", inbox / "断链.xlsx")


def link_loop(inbox: Path, outside: Path) -> None:
    os.symlink(inbox / "环b.xlsx", inbox / "环a.xlsx")
    os.symlink(inbox / "环a.xlsx", inbox / "环b.xlsx")
    os.symlink(inbox, inbox / "自身")


def named_pipe(inbox: Path, outside: Path) -> None:
    os.mkfifo(inbox / "管道.xlsx")  # opening it would block the run forever


def newline_name(inbox: Path, outside: Path) -> None:
    base.write(inbox / "换行\n名称.xlsx", "常德市鼎城区审计局")


def non_utf8_name(inbox: Path, outside: Path) -> None:
    base.write(Path(os.fsdecode(os.fsencode(inbox) + b"/\xb2\xe2\xca\xd4.xlsx")), "常德市鼎城区审计局")  # GBK bytes


def overlong_path(inbox: Path, outside: Path) -> None:
    folder = inbox
    for _ in range(5):
        folder = folder / ("d" * 250)  # each name fits the file system; the path (> 1024) does not
    folder.mkdir(parents=True)
    base.write(folder / "决算.xlsx", "常德市鼎城区审计局")


def being_copied(inbox: Path, outside: Path) -> None:
    """Half of a workbook, modified just now: what a copy in progress looks like."""
    data = base.write(outside / "copy.xlsx", "常德市鼎城区审计局").read_bytes()
    (inbox / "复制中.xlsx").write_bytes(data[: len(data) // 2])


def wrong_extension(inbox: Path, outside: Path) -> None:
    (inbox / "报表.et").write_bytes(b"\xd0\xcf\x11\xe0wps")


def xls_named_xlsx(inbox: Path, outside: Path) -> None:
    """A real .xls (BIFF) saved with an .xlsx name: read by content."""
    base.write_xls(inbox / "其实是xls.xlsx", "常德市鼎城区医疗保障局")


def html_named_xls(inbox: Path, outside: Path) -> None:
    (inbox / "网页.xls").write_text("<html><body><table><tr><td>收入支出决算总表</td></tr></table></body></html>",
                                  encoding="utf-8")


def csv_named_xls(inbox: Path, outside: Path) -> None:
    (inbox / "文本.xls").write_text("项目,决算数\n本年收入合计,1130.35\n", encoding="gb18030")
