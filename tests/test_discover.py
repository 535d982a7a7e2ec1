"""The inbox as it really is: odd entries are ignored or rejected with a reason, never followed
outside the inbox, never opened when they are not regular files, and never hang the run."""
import os
import time

import pytest

from juesuan.discover import discover

from .builders import seed_like_workbook


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "inbox"
    root.mkdir()
    seed_like_workbook(root / "good.xlsx")
    return root


def _by_name(entries):
    return {os.path.basename(e.path): e for e in entries}


def test_odd_entries_are_passed_over_with_a_reason(inbox, tmp_path):
    outside = tmp_path / "outside.xlsx"
    seed_like_workbook(outside)
    (inbox / "~$good.xlsx").write_bytes(b"lock")
    (inbox / "._good.xlsx").write_bytes(b"apple double")
    (inbox / "folder.xlsx").mkdir()                      # a folder named like a workbook
    (inbox / "folder.xlsx" / "inner.xlsx").write_bytes((inbox / "good.xlsx").read_bytes())
    (inbox / "说明.md").write_text("readme", encoding="utf-8")
    (inbox / "报表.et").write_bytes(b"wps")
    (inbox / "数据.csv").write_text("a,b\n", encoding="utf-8")
    os.symlink(outside, inbox / "link_out.xlsx")         # points outside the inbox
    os.symlink(inbox / "missing.xlsx", inbox / "dangling.xlsx")
    os.symlink(inbox / "loop_b.xlsx", inbox / "loop_a.xlsx")
    os.symlink(inbox / "loop_a.xlsx", inbox / "loop_b.xlsx")
    os.symlink(inbox, inbox / "self_dir")                # a directory loop
    os.mkfifo(inbox / "pipe.xlsx")                       # opening it would block the run
    (inbox / "换行\n名称.xlsx").write_bytes(b"x")
    os.close(os.open(os.fsencode(inbox) + b"/\xff\xfe.xlsx", os.O_CREAT | os.O_WRONLY))

    started = time.monotonic()
    entries = discover([str(inbox)])
    assert time.monotonic() - started < 5
    got = _by_name(entries)
    assert got["good.xlsx"].status == "candidate" and len(got["good.xlsx"].sha256) == 64
    assert got["inner.xlsx"].status == "candidate"
    assert got["~$good.xlsx"].status == "ignored" and "锁文件" in got["~$good.xlsx"].reason
    assert got["._good.xlsx"].status == "ignored"
    assert got["说明.md"].status == "ignored"
    assert got["报表.et"].status == "rejected" and ".xlsx" in got["报表.et"].reason
    assert got["数据.csv"].status == "rejected"
    assert got["link_out.xlsx"].status == "ignored" and "以外" in got["link_out.xlsx"].reason
    assert got["dangling.xlsx"].status == "ignored"
    assert got["loop_a.xlsx"].status == "ignored" and got["loop_b.xlsx"].status == "ignored"
    assert got["self_dir"].status == "ignored"
    assert got["pipe.xlsx"].status == "ignored" and "命名管道" in got["pipe.xlsx"].reason
    assert got["换行?名称.xlsx"].status == "rejected" and "控制字符" in got["换行?名称.xlsx"].reason
    assert got["\ufffd\ufffd.xlsx"].status == "rejected"
    for e in entries:  # every path can be stored and printed
        e.path.encode("utf-8")
        assert "\n" not in e.path


def test_files_still_being_copied_wait_for_the_next_run(inbox):
    fresh = inbox / "fresh.xlsx"
    fresh.write_bytes((inbox / "good.xlsx").read_bytes())
    old = time.time() - 3600
    os.utime(inbox / "good.xlsx", (old, old))
    got = _by_name(discover([str(inbox)], settle_seconds=60))
    assert got["good.xlsx"].status == "candidate"
    assert got["fresh.xlsx"].status == "ignored" and "复制" in got["fresh.xlsx"].reason


def test_a_missing_path_is_reported(tmp_path):
    (entry,) = discover([str(tmp_path / "nope")])
    assert entry.status == "ignored" and "不存在" in entry.reason
