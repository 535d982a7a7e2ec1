"""Split a report's paragraphs into its sections (部门概况 … 有关建议) by their headings.

Headings vary in numbering (一、 / 第一部分 / none at all when a .docx's automatic numbering is
lost) and wording, so a line is a section heading when it is short, is not numbered as a lower
level ((一) 1、), and contains one of the section's aliases with little else around it.
"""
from __future__ import annotations

from ..recognise.text import norm
from .model import Line, Section
from .patterns import Patterns

_SENTENCE_END = ("。", "；", ";", "，", ",")


def heading_key(line: Line, pats: Patterns) -> str | None:
    """The section key a line opens, or None when it is not a top-level heading."""
    text = norm(line.text)
    if line.heading_level == 2 or len(text) > pats.max_heading_chars or text.endswith(_SENTENCE_END):
        return None
    top = pats.top_numbering.match(text)
    if not top and pats.sub_numbering.match(text):
        return None
    core = text[top.end():].rstrip(":") if top else text.rstrip(":")
    best: tuple[int, str] | None = None
    for spec in pats.sections:
        for alias in spec.aliases:
            if alias in core and len(core) <= len(alias) + pats.slack_chars and (best is None or len(alias) > best[0]):
                best = (len(alias), spec.key)
    if best:
        return best[1]
    return pats.other_key if top or line.heading_level == 1 else None


def split_sections(lines: tuple[Line, ...], pats: Patterns) -> list[Section]:
    """Sections in document order (ordinal 0 is the preamble); a heading of a section already
    open continues it."""
    parts: list[tuple[str, str | None, list[str]]] = [(pats.front_key, None, [])]
    seen: set[str] = set()
    for line in lines:
        found = heading_key(line, pats)
        if found and (found == pats.other_key or found not in seen):
            parts.append((found, line.text, []))
            seen.add(found)
        else:
            parts[-1][2].append(line.text)
    return [Section(key, heading, ordinal, tuple(body))
            for ordinal, (key, heading, body) in enumerate(parts) if body or heading]


def title_lines(sections: list[Section], pats: Patterns) -> list[str]:
    """The opening lines before the first heading, where a report names itself."""
    if not sections or sections[0].key != pats.front_key:
        return []
    return list(sections[0].lines[: pats.title_lines])


def looks_like_report(sections: list[Section], pats: Patterns) -> bool:
    title = norm("".join(title_lines(sections, pats)))
    known = {s.key for s in sections} - {pats.front_key, pats.other_key}
    return any(m in title for m in pats.report_markers) or len(known) >= pats.min_sections
