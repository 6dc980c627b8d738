"""The alert rules and the Grafana dashboard name only metrics the services export, and
every alert has its runbook in docs/operations.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.unit.deploy.manifests import DEPLOY, ROOT

RULES = DEPLOY / "compose" / "alerts.yml"
DASHBOARD = DEPLOY / "compose" / "grafana" / "dashboards" / "netra.json"
OPERATIONS = ROOT / "docs" / "operations.md"
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "by", "rate", "increase", "histogram_quantile", "le",
    "without", "count", "on", "ignoring",
}  # fmt: skip


def exported_metrics() -> set[str]:
    """Metric names registered in the services' code, with what Prometheus adds: `_total`
    on counters, `_bucket`/`_sum`/`_count` on histograms; FastStream's own metrics."""
    names: set[str] = set()
    histograms: set[str] = set()
    for path in (ROOT / "services").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'"(netra_[a-z_]+)"', text))
        histograms |= set(re.findall(r'Histogram\(\s*"(netra_[a-z_]+)"', text))
    names |= {f"{name}_total" for name in names}
    names |= {f"{name}_{part}" for name in histograms for part in ("bucket", "sum", "count")}
    faststream = {
        f"faststream_{suffix}"
        for suffix in (
            "received_messages_total",
            "received_processed_messages_total",
            "received_processed_messages_exceptions_total",
            "published_messages_total",
        )
    }
    for histogram in ("received_processed_messages_duration_seconds",):
        faststream |= {f"faststream_{histogram}_{part}" for part in ("bucket", "sum", "count")}
    return names | faststream | {"up"}


def metrics_in(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', "", expr)
    without_labels = re.sub(r"\{[^}]*\}|\[[^]]*\]", "", without_strings)
    words = set(re.findall(r"[a-z_][a-z0-9_]*", without_labels))
    return {w for w in words if w not in PROMQL_WORDS and not _is_label(w, expr)}


def _is_label(word: str, expr: str) -> bool:
    return bool(re.search(rf"by \([^)]*\b{word}\b", expr))


def rules() -> list[dict[str, object]]:
    config = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return [rule for group in config["groups"] for rule in group["rules"]]


def test_alerts_name_only_exported_metrics() -> None:
    known = exported_metrics()
    unknown = {
        (rule["alert"], metric)
        for rule in rules()
        for metric in metrics_in(str(rule["expr"]))
        if metric not in known
    }
    assert unknown == set()


def test_the_metric_check_would_see_a_misspelt_name() -> None:
    assert metrics_in("sum by (group) (netra_consumer_lagg)") == {"netra_consumer_lagg"}
    assert "netra_consumer_lagg" not in exported_metrics()
    assert "netra_gc_pause_seconds_bucket" in exported_metrics()  # a histogram's series
    assert "netra_background_restarts_bucket" not in exported_metrics()  # a counter's


def test_the_dashboard_names_only_exported_metrics() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    titles = " ".join(panel["title"].lower() for panel in dashboard["panels"])
    for wanted in ("reports in", "triage latency", "backlog by status", "lag", "deliveries"):
        assert wanted in titles
    known = exported_metrics()
    assert {m for e in exprs for m in metrics_in(e)} - known == set()


def test_every_alert_has_severity_summary_and_its_runbook_section() -> None:
    text = OPERATIONS.read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^a-z0-9]+", "", line.lstrip("#").strip().lower())
        for line in text.splitlines()
        if line.startswith("#")
    }
    for rule in rules():
        name = str(rule["alert"])
        assert rule["labels"]["severity"] in {"warning", "critical"}  # type: ignore[index]
        annotations = rule["annotations"]
        assert annotations["summary"]  # type: ignore[index]
        anchor = annotations["runbook_url"].split("#", 1)[1]  # type: ignore[index]
        assert anchor == name.lower()
        assert anchor in headings, f"docs/operations.md has no section '### {name}'"


def test_prometheus_loads_the_rules_compose_mounts() -> None:
    config = yaml.safe_load((DEPLOY / "compose" / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    mounts = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["prometheus"]
    assert "./compose/alerts.yml:/etc/prometheus/alerts.yml:ro" in mounts["volumes"]
    assert Path(RULES).exists()
