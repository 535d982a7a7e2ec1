"""Discover: the inbox as it really is → the files worth reading, with their hashes.

Never follows a symlink out of the folder it was given, never opens anything but regular
files (a named pipe would block the run), and says why each other entry was passed over.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator

from .model import InboxEntry
from .narrative.stage import is_report

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# Formats departments send by mistake: rejected with a message, not silently ignored.
WRONG_FORMATS = {
    ".et": "WPS 表格 .et 格式不受支持；请在 WPS 中另存为 .xlsx 后重新报送",
    ".ods": "OpenDocument .ods 格式不受支持；请另存为 .xlsx 后重新报送",
    ".csv": "CSV 文本文件不是决算工作簿；请报送 .xlsx 文件",
    ".xlsb": "Excel 二进制 .xlsb 格式不受支持；请另存为 .xlsx 后重新报送",
}
_CHUNK = 1 << 20
MAX_PATH_CHARS = 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(path: str) -> str:
    """A path safe to store and print: undecodable bytes and control characters made visible."""
    text = os.fsencode(path).decode("utf-8", "replace")
    return _CONTROL.sub("?", text)


def _bad_name(path: str) -> str | None:
    """Names the store and the terminal cannot carry faithfully are sent back, never guessed at."""
    name = os.path.basename(path)
    if printable(name) != name:
        return "文件名含有换行等控制字符或无法识别的编码，请改用普通中文或英文文件名后重新报送"
    if len(path) > MAX_PATH_CHARS:
        return f"文件路径过长（{len(path)} 个字符），请缩短文件夹或文件名后重新报送"
    return None


def _ignored(path: str, reason: str) -> InboxEntry:
    return InboxEntry(path, 0, 0.0, None, "ignored", reason)


def _walk(root: str) -> Iterator[str]:
    """Every entry below root, without following links; a loop cannot happen."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                yield entry.path


def _inside(path: str, root: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def classify(path: str, root: str, *, settle_seconds: float = 0.0, now: float | None = None) -> InboxEntry:
    name = os.path.basename(path)
    lower = name.lower()
    if (bad := _bad_name(path)) is not None:
        return InboxEntry(printable(path), 0, 0.0, None, "rejected", bad)
    if name.startswith("~$"):
        return _ignored(path, "Office 临时锁文件")
    if name.startswith("._") or name.startswith("."):
        return _ignored(path, "隐藏文件或 macOS 元数据文件")
    try:
        st = os.stat(path)  # follows a link: checked to stay inside the inbox below
    except OSError:
        return _ignored(path, "无法访问（断开的链接或权限不足）")
    if os.path.islink(path) and not _inside(path, root):
        return _ignored(path, "链接指向收件箱以外的位置，未读取")
    if stat.S_ISDIR(st.st_mode):
        return _ignored(path, "文件夹（链接），未读取")
    if not stat.S_ISREG(st.st_mode):
        return _ignored(path, "不是普通文件（如命名管道或设备），未读取")
    suffix = os.path.splitext(lower)[1]
    if suffix in WRONG_FORMATS:
        return InboxEntry(path, st.st_size, st.st_mtime, None, "rejected", WRONG_FORMATS[suffix])
    if suffix not in WORKBOOK_SUFFIXES and not is_report(path):
        return _ignored(path, "不是工作簿或自评报告文件")
    if settle_seconds and (now or time.time()) - st.st_mtime < settle_seconds:
        return _ignored(path, "文件可能仍在复制中（修改时间太近），留待下次运行")
    try:
        digest = sha256_of(path)
    except OSError as exc:
        return InboxEntry(path, st.st_size, st.st_mtime, None, "rejected", f"无法读取文件：{exc.strerror}")
    return InboxEntry(path, st.st_size, st.st_mtime, digest, "candidate")


def discover(paths: Iterable[str], *, settle_seconds: float = 0.0) -> list[InboxEntry]:
    """Files and folders → one entry per file seen, in a stable order."""
    now = time.time()
    entries: list[InboxEntry] = []
    for given in paths:
        if os.path.isdir(given):
            entries.extend(classify(p, given, settle_seconds=settle_seconds, now=now) for p in _walk(given))
        elif os.path.lexists(given):
            entries.append(classify(given, os.path.dirname(os.path.abspath(given)) or ".",
                                    settle_seconds=settle_seconds, now=now))
        else:
            entries.append(_ignored(printable(given), "路径不存在"))
    return entries
