from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from services.common.settings import ServiceSettings


class CasesSettings(ServiceSettings):
    cases_port: int = 8001
    # The relay is woken by the staff writes that fill an outbox; this slow pass only
    # catches what a crash between write and publish left behind (and runs at start-up).
    outbox_recovery_interval_s: float = Field(default=60.0, gt=0)
    # With N replicas the writer relays its own outbox; the recovery rounds run only on the
    # holder of the current lease slot (this long) and only for work marked more than the
    # grace ago (far beyond what a writer needs to publish its own; under the 10 min after
    # which pending_marks.py drops a mark without work).
    outbox_lease_s: float = Field(default=60.0, gt=0)
    outbox_recovery_grace_s: float = Field(default=30.0, gt=0, lt=600)
    # A case the relay or the deadline scan failed on is retried after its own back-off
    # (doubling from the base up to the max), while the loop goes on with the others.
    item_retry_base_s: float = Field(default=2.0, gt=0)
    item_retry_max_s: float = Field(default=300.0, gt=0)
    # The hot path's batches: at most this many messages, or what came within this wait.
    cases_batch_max_records: int = Field(default=100, gt=0)
    cases_batch_max_wait_ms: int = Field(default=200, ge=0)
    # With nothing to do, report.triaged fetches this often instead, answered at the first
    # report (services/common/fetch_pacing.py): 2 idle fetches/s rather than 5.
    cases_idle_fetch_wait_ms: int = Field(default=500, ge=1, le=10_000)
    # Off a report's way to its case: report.received (the triaged subscriber stores the
    # report too) waits this long for a batch, so it stops polling the broker every few ms;
    # notification.delivered batches this many / this long into one insert.
    cases_offpath_batch_max_wait_ms: int = Field(default=500, ge=0)
    cases_deliveries_batch_max_records: int = Field(default=500, gt=0)
    cases_deliveries_batch_max_wait_ms: int = Field(default=500, ge=0)
    # A case holds at most this many reports; the incident's next report opens an overflow
    # case linked to the full one (docs/decisions.md "Cases: the link-flood cap").
    cases_max_linked_reports: int = Field(default=500, ge=1)
    # A partition's state is saved whole after this many batches changed it (and on
    # assignment and revocation); a rebuild reads the snapshot and at most this many deltas.
    cases_snapshot_every_batches: int = Field(default=50, gt=0)
    # Statistics pass over every case of the staff view: each jurisdiction's figures are
    # kept this long (a pass over 100,000 cases costs CPU the hot path shares).
    stats_cache_s: float = Field(default=60.0, ge=0)
    # The staff view reads back, this often and this many per query, the cases whose
    # events did not carry every field it shows (other replicas' staff writes).
    staff_view_refresh_s: float = Field(default=2.0, gt=0)
    staff_view_refresh_batch: int = Field(default=500, gt=0)
    # ... and this often looks for cases changed without any event the view follows: one
    # query over the cases (a scan on FerretDB: ~5 s of store CPU at 20,000 cases). A
    # safety net only: every staff write's event reaches the view, the first pass after
    # start-up covers the moment before the feed was subscribed (docs/decisions.md).
    staff_view_reconcile_s: float = Field(default=1800.0, gt=0)
    default_election_type: Literal["pemilu", "pilkada"] = "pilkada"
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")
    # Where intake stores evidence files (EVIDENCE_DIR, the same for both services).
    evidence_dir: Path = Path("var/evidence")
    # The recipient directory notify sends by (the same NOTIFY_DIRECTORY_FILE): its people
    # with role `officer` are who a case may be assigned to (adapters/officer_directory.py).
    notify_directory_file: Path = (
        Path(__file__).parents[1] / "notify" / "adapters" / "data" / "directory.yaml"
    )
    # Deadlines: the rules file staff may edit; the scheduler's pace and warning window.
    deadline_rules_file: Path | None = None
    deadline_scan_interval_s: float = Field(default=60.0, gt=0)
    deadline_warn_before_hours: int | None = Field(default=None, ge=0)
    deadline_claim_lease_s: float = Field(default=120.0, gt=0)
    # Per-client token buckets on the public status lookup (intake's tracking page asks it
    # too, from one address: keep it as generous as intake's own lookup limit) and on the
    # web sign-in form (a token guessed by brute force is refused long before it matters).
    status_lookup_rate_per_s: float = Field(default=2.0, gt=0)
    status_lookup_burst: int = Field(default=120, ge=1)
    login_rate_per_s: float = Field(default=0.2, gt=0)
    login_burst: int = Field(default=10, ge=1)
    # Staff tokens: an issuer and keys; an external IdP publishes a JWK set.
    staff_jwt_issuer: str = "netra-dev"
    staff_jwt_audience: str = "netra-staff"
    staff_jwt_shared_key: str | None = None
    staff_jwt_dev_key_file: Path = Path("var/secrets/staff-jwt-key")
    staff_jwks_json: str | None = None
    staff_jwks_file: Path | None = None
    # The hotline desk (issue 12) files through intake (POST /v1/hotline/reports) with the
    # token intake also reads; empty INTAKE_BASE_URL: http://127.0.0.1:<INTAKE_PORT>.
    intake_port: int = Field(default=8000, gt=0, lt=65536)
    intake_base_url: str = ""
    intake_timeout_s: float = Field(default=30.0, gt=0)
    hotline_desk_token: str | None = None
    hotline_desk_token_dev_file: Path = Path("var/secrets/hotline-desk-token")
    # The desk's pages and API take evidence files: their bodies may reach this (five
    # files of intake's 10 MiB and the form); every other route keeps MAX_BODY_BYTES.
    desk_max_body_bytes: int = Field(default=52 * 1024 * 1024, gt=0)

    def intake_url(self) -> str:
        return (self.intake_base_url or f"http://127.0.0.1:{self.intake_port}").rstrip("/")
