"""docs/rules.md is generated from the catalogue: it fails here as soon as it is stale."""
from __future__ import annotations

from pathlib import Path

from juesuan.validate import catalogue, render_rules_md

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_page_is_current():
    assert DOC.read_text("utf-8") == render_rules_md(), (
        "docs/rules.md is stale: regenerate it with "
        "python -c \"from juesuan.validate import render_rules_md; "
        "open('docs/rules.md', 'w', encoding='utf-8').write(render_rules_md())\"")


def test_rules_page_names_every_rule():
    page = DOC.read_text("utf-8")
    for rule in catalogue().rules:
        assert f"**{rule.id}**" in page
    for gap in catalogue().not_covered:
        assert gap["implements"] in page
