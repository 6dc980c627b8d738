"""Wires the cases service from one validated `CasesSettings`: the only place that builds
adapters and hands them, with the deadline policy and the clock, to the entrypoints."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from datetime import timedelta

from fastapi import FastAPI

from schemas import topics
from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.adapters.intake_hotline import HttpHotlineIntake
from services.cases.adapters.kafka_case_event_feed import KafkaCaseEventFeed
from services.cases.adapters.kafka_closure_feed import KafkaClosureFeed
from services.cases.adapters.mongo_access_log import MongoAccessLog
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_deadline_watch import MongoDeadlineWatch
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.adapters.mongo_leases import MongoLeases
from services.cases.adapters.mongo_partition_journal import MongoPartitionJournal
from services.cases.adapters.officer_directory import load_roster
from services.cases.adapters.staff_token_keys import build_verifier
from services.cases.adapters.view_deadline_watch import ViewDeadlineWatch
from services.cases.adapters.viewed_store import ViewedCaseStore
from services.cases.domain.vocabulary import ElectionType
from services.cases.entrypoints import consumer, desk_api, public, staff_api, view_metrics
from services.cases.entrypoints.background import OutboxRelay, scan_deadlines_forever
from services.cases.entrypoints.deps import install_evidence, install_roster, install_state
from services.cases.entrypoints.desk_bodies import bound_bodies_beside_the_desk
from services.cases.entrypoints.desk_call import install_desk
from services.cases.entrypoints.staff_errors import install_staff_error_handlers
from services.cases.entrypoints.view_feed import ViewUpkeep, keep_view, view_router
from services.cases.entrypoints.web.router import web_router
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import StatsCache
from services.cases.service_layer.deadlines import DeadlineScan
from services.cases.service_layer.filing import TriagedFiling
from services.cases.service_layer.lease import SlotLease
from services.cases.service_layer.moves import PendingMoves
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.settings import CasesSettings
from services.common.app import service_app, start_runtime
from services.common.clock import Clock, SystemClock
from services.common.crypto import load_keyring
from services.common.evidence_files import LocalEvidenceFiles
from services.common.http import ReadinessCheck
from services.common.item_retries import FailingItems
from services.common.json_limits import JsonLimits
from services.common.limits import guard_inputs, json_limits_of
from services.common.mongo import database, make_client, ping
from services.common.publishing import KafkaEventPublisher
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import ClientAddress, LimitedRoute
from services.common.secrets import load_secret
from services.common.supervised import BackgroundTask


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def build_app(settings: CasesSettings) -> FastAPI:
    runtime = start_runtime(settings, service="cases")
    broker, connection = runtime.broker, runtime.connection
    # Secrets and configuration first: a missing key or a bad rules file stops start-up.
    verifier = build_verifier(settings)
    keyring = load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )
    policy = load_deadline_policy(
        settings.deadline_rules_file, warn_before_hours=settings.deadline_warn_before_hours
    )
    roster = load_roster(settings.notify_directory_file)
    clock = SystemClock()
    client = make_client(settings.mongodb_url, write_concern=settings.mongodb_write_concern)
    db = database(client, settings.mongodb_database)
    store, access_log = MongoCaseStore(db, clock=clock), MongoAccessLog(db)
    view, reads = StaffView(), MongoCaseReads(db)
    view_metrics.COLLECTOR.bind(view)  # netra_cases_by_status (the dashboard's backlog)
    viewed = ViewedCaseStore(store, view)  # staff writes: read-your-writes in the view
    publisher = KafkaEventPublisher(broker)

    def failing(loop: str) -> FailingItems:
        return FailingItems(
            loop, base_s=settings.item_retry_base_s, max_s=settings.item_retry_max_s
        )

    holder = replica_name()
    relay = OutboxRelay(
        outbox=store,
        publisher=publisher,
        recovery_interval_s=settings.outbox_recovery_interval_s,
        failing=failing("outbox_relay"),
        moves=PendingMoves(store, policy, clock, failing("pending_moves")),
        lease=SlotLease(
            MongoLeases(db, clock=clock), "outbox_recovery", holder, settings.outbox_lease_s, clock
        ),
        grace=timedelta(seconds=settings.outbox_recovery_grace_s),
        clock=clock,
    )
    store.outbox_written = relay.written
    scan = DeadlineScan(
        store=viewed,
        watch=ViewDeadlineWatch(view, MongoDeadlineWatch(db)),  # the store's until loaded
        policy=policy,
        clock=clock,
        owner=holder,
        lease=timedelta(seconds=settings.deadline_claim_lease_s),
        failing=failing("deadline_scan"),
    )
    filing_log = MongoFilingLog(db)
    states = PartitionStates()
    journal = MongoPartitionJournal(db)
    closures = KafkaClosureFeed(
        connection=settings.kafka_connection,
        topic=topics.CASES_EVENTS,
        on_closed=states.closed,
        retry_s=settings.consumer_retry_backoff_s,
    )
    triaged = TriagedFiling(
        filing_log=filing_log,
        open_cases=filing_log,
        publisher=publisher,
        policy=policy,
        clock=clock,
        default_election=ElectionType(settings.default_election_type),
        states=states,
        max_linked_reports=settings.cases_max_linked_reports,
        journal=journal,
        closures=closures,
        snapshot_every=settings.cases_snapshot_every_batches,
    )
    store.case_closed = triaged.case_closed
    intake = consumer.CaseIntake(filing_log=filing_log, triaged=triaged)
    consumer.register(broker, intake=intake, pacing=consumer_pacing(settings))
    case_events = KafkaCaseEventFeed(
        connection=settings.kafka_connection,
        topic=topics.CASES_EVENTS,
        retry_s=settings.consumer_retry_backoff_s,
    )
    upkeep = ViewUpkeep(
        refresh_interval_s=settings.staff_view_refresh_s,
        refresh_batch=settings.staff_view_refresh_batch,
        reconcile_interval_s=settings.staff_view_reconcile_s,
        clock=clock,
    )

    async def on_start() -> None:
        await store.ensure_indexes()
        await access_log.ensure_indexes()

    async def closures_read() -> bool:
        """Not ready while warming: no partition state can be rebuilt before closures are read."""
        return closures.reading

    async def close_client() -> None:
        await client.close()

    app = service_app(
        runtime,
        title="Netra cases",
        tasks=(
            BackgroundTask("outbox_relay", lambda: relay.run_forever(connection.ready)),
            BackgroundTask(
                "deadline_scan",
                lambda: scan_deadlines_forever(
                    scan, interval_s=settings.deadline_scan_interval_s, ready=connection.ready
                ),
            ),
            BackgroundTask("closure_feed", lambda: closures.run_forever(journal.closure_floor)),
            BackgroundTask(
                "staff_view", lambda: keep_view(view, reads, feed=case_events, upkeep=upkeep)
            ),
        ),
        on_start=on_start,
        on_stop=close_client,
        ready_checks=(
            ReadinessCheck("store", lambda: ping(client)),
            ReadinessCheck("closures", closures_read),
        ),
    )
    app.state.token_verifier = verifier
    install_state(
        app,
        store=viewed,
        reads=reads,
        access_log=access_log,
        policy=policy,
        clock=clock,
        keyring=keyring,
        stats=StatsCache(timedelta(seconds=settings.stats_cache_s)),
        view=view,
    )
    install_evidence(app, LocalEvidenceFiles(settings.evidence_dir))
    install_roster(app, roster)
    install_staff_error_handlers(app)
    app.include_router(view_router)
    app.include_router(public.router)
    app.include_router(staff_api.router)
    app.include_router(web_router())
    install_hotline_desk(app, settings)
    guard_edge(
        app,
        max_body_bytes=settings.desk_max_body_bytes,
        json_limits=json_limits_of(settings),
        limited=limited_routes(settings, clock),
        clients=ClientAddress(settings.trusted_proxies),
    )
    return app


def consumer_pacing(settings: CasesSettings) -> consumer.Pacing:
    hot = settings.cases_batch_max_records
    return consumer.Pacing(
        triaged=consumer.Batching(
            hot, settings.cases_batch_max_wait_ms, settings.cases_idle_fetch_wait_ms
        ),
        received=consumer.Batching(hot, settings.cases_offpath_batch_max_wait_ms),
        delivered=consumer.Batching(
            settings.cases_deliveries_batch_max_records,
            settings.cases_deliveries_batch_max_wait_ms,
        ),
        retry=settings.consumer_retry,
    )


def install_hotline_desk(app: FastAPI, settings: CasesSettings) -> None:
    """The desk files through intake (issue 12); only its routes take large bodies."""
    token = load_secret(
        value=settings.hotline_desk_token,
        dev_file=settings.hotline_desk_token_dev_file,
        development=settings.is_development,
        name="HOTLINE_DESK_TOKEN",
    )
    intake = HttpHotlineIntake(
        base_url=settings.intake_url(), token=token, timeout_s=settings.intake_timeout_s
    )
    install_desk(app, intake)
    app.include_router(desk_api.router)
    bound_bodies_beside_the_desk(app, limit=settings.max_body_bytes)


def limited_routes(settings: CasesSettings, clock: Clock) -> list[LimitedRoute]:
    """The public status lookup and the web sign-in, each with its own allowance."""

    def buckets(per_second: float, burst: int) -> TokenBuckets:
        policy = RatePolicy(per_second, burst)
        return TokenBuckets(policy, clock=clock, max_clients=settings.rate_limit_max_clients)

    lookups = buckets(settings.status_lookup_rate_per_s, settings.status_lookup_burst)
    logins = buckets(settings.login_rate_per_s, settings.login_burst)
    return [
        LimitedRoute("GET", "/v1/status/", lookups, prefix=True),
        LimitedRoute("POST", "/login", logins),
    ]


def guard_edge(
    app: FastAPI,
    *,
    max_body_bytes: int,
    json_limits: JsonLimits,
    limited: Sequence[LimitedRoute],
    clients: ClientAddress,
) -> None:
    """Bounded bodies and JSON, rate limits, and who is a trusted proxy (for Secure
    cookies, web/templating.py): on every route, the API's and the web forms'."""
    app.state.clients = clients
    guard_inputs(
        app,
        max_body_bytes=max_body_bytes,
        json_limits=json_limits,
        limited=limited,
        clients=clients,
    )
