"""The N- rules of the catalogue (expectations/rules*.yaml) and the findings they make."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from ..model import Finding


_WHERE = ("sheet", "cell", "expected", "actual", "report_section", "sentence")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    message_zh: str

    def finding(self, *, outcome: str = "fail", **fields: object) -> Finding:
        """A finding of this rule; `fields` fill the message and give the finding's location."""
        return Finding(self.id, self.severity, self.message_zh.format_map(fields), outcome=outcome,
                       **{k: fields.get(k) for k in _WHERE})

    def not_evaluated(self, reason: str, **where: str | None) -> Finding:
        """The rule could not be applied: the message says why instead of what is wrong."""
        return Finding(self.id, self.severity, reason, outcome="not_evaluated", **where)


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Every N- entry of every rules*.yaml: the narrative rules stay found when catalogues merge."""
    found: dict[str, Rule] = {}
    folder = files("juesuan.expectations")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("rules") and entry.name.endswith(".yaml")):
            continue
        catalogue = yaml.safe_load(entry.read_text("utf-8")) or []
        # A catalogue is a list of entries, or a mapping that holds them under `rules`.
        for raw in catalogue.get("rules") or [] if isinstance(catalogue, dict) else catalogue:
            if str(raw["id"]).startswith("N-"):
                found[raw["id"]] = Rule(raw["id"], raw["severity"], raw["message_zh"])
    return found
