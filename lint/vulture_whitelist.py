# Names vulture cannot see being used, each with who uses it. Read by `make lint`
# (pyproject.toml [tool.vulture]); never imported. Anything unused that is not listed
# here is dead code: remove it rather than add it.
# ruff: noqa
_ = object()

# Pydantic fields of the event contracts and the API: read by serialisation, JSON
# Schema export, templates and the services that consume the events.
_.actor_role, _.changed_at, _.detected_at, _.linked_reports, _.source_event_type
_.specversion, _.datacontenttype, _.dataschema  # CloudEvents attributes on the wire
_.phone, _.email  # reporter identity fields, sealed by intake
_.rule_id, _.rules_version, _.engine_version  # triage decision, shown to staff
_.note_id, _.author, _.notes, _.can_assign, _.can_add_note, _.new_case
_.total_hours, _.mean_hours, _.time_in_state, _.personnel_data_blocked
_.alternatives  # deadline rules file: alternative figures kept for staff to see

# Enum members named in data files, forms and stored documents, not in code.
_.WEB, _.API, _.HOTLINE, _.SMS, _.WHATSAPP, _.EMAIL, _.BAWASLU_FEED  # report channels
_.VILLAGE  # subject type
_.LIGHT, _.MEDIUM, _.HEAVY, _.DISMISSAL  # sanction levels
_.WORKING_DAYS  # deadline unit

# The topic registry's documentation fields (docs, tests/unit/common/test_contracts.py).
_.consumers, _.event_types, _.schema_version, _.ordering, _.examples

# Attributes read by Jinja2 templates.
_.widget, _.confirm, _.percent, _.at_local, _.css_class, _.other_language

# Called by frameworks: aiokafka's ConsumerRebalanceListener.
_.on_partitions_assigned, _.on_partitions_revoked

# Results and checks read by tests and operators.
_.stopped_at  # where a spool drain pass paused (tests/service/intake/test_spool_drain.py)
_.stale_modules, _.module_name  # the native build's check (tests/unit/triage/test_native_build.py)
_.entries_for  # the reporter-identity access log, read back by its contract suite
_.DISPOSITION_LABELS  # notify's labels for dispositions, checked complete by its label test
_.remove_data_dir  # deploy/local/env.py: the test and bench stacks' cleanup (tests/infra.py)
_.drain  # DeliveryWorker: the bench sends all that is due with it (tests/bench/bench_notify.py)
_.provider_id  # SendOutcome: the SMTP/gateway message id the channel adapters of issue 11 set

# prometheus_client calls a registered collector's collect() on every scrape.
_.collect  # services/common/consumer_metrics.py _ViewCollector

# Issue 11 (helper "channels"): called by a framework, or wired by the delivery worker's merge.
# asyncio calls a Protocol's callbacks (deploy/local/smtp_server.py SmtpSession).
_.connection_made, _.connection_lost, _.data_received
_.has_own_template  # the template completeness test (tests/unit/notify/test_renderer.py)
_.renderer  # bootstrap.Outbound: the delivery worker renders with it (issue 11 merge)
# The contract types of services/notify/domain/plans.py and delivery_ports.py, used by the
# planner and the delivery worker on their own branches until the merge.
_.OFFICIAL, _.planned_notification_id, _.retryable, _.DeliveryPlanner

# Issue 11 case events: payload fields consumers (notify's templates, the receiving bodies
# via the forward packet) read from the JSON, not from Python.
_.plenary_reason, _.registered_at, _.assigned_at, _.previous_assignee, _.escalated_at
_.closed_at, _.unlinked_at, _.corrected_at
_.OFFICER  # directory role named in the YAML file (people who may be assigned)
_.delivery_planner  # notify's app.state: the planned-delivery consumer takes it at the merge
_.addressee_for_sending  # the delivery worker opens a reporter's sealed target with it

# FastStream calls a broker middleware (`__call__`) per message and its `publish_scope` per
# publish (services/common/kafka_telemetry.py ConsumeSpansMiddleware).
_.__call__, _.publish_scope

# report.triaged's per-field confidence: set by the engine through pydantic, read by consumers.
_.field_confidence  # schemas/triage.py TriageDecision

# Evidence and witnesses (issue 12): report fields read by staff and templates, not by code.
_.evidence_text  # schemas/reports.py: the Pilkada form's evidence list, shown to staff
_.contact  # schemas/reports.py WitnessContact: sealed with the witness's name
# The GridFS adapter of the evidence port: run by tests/contracts/intake/test_evidence_store.py
# against FerretDB; not wired (intake holds no store connection; docs/decisions.md).
_.GridFsEvidenceFiles

_.en  # notify's Label: read as getattr(label, language) by the renderer

# Issue 14 staff actions: read by the queue template (the bulk selection checkbox).
_.selectable  # services/cases/entrypoints/web/routes_queue.py QueueRow

# The dashboard (issue 14): read by templates/stats.html, and by tests/bench/bench_dashboard.py.
_.median_days, _.deadline_text, _.median_percent, _.deadline_percent, _.late, _.open_total
_.cases_seen  # what a request merged, printed by the bench

# Issue 14 (helper "why"): the why panel, the access log, exports from the workspace.
_.corrected, _.routes_confidence  # WhyRead/FieldWhy fields read by templates/why_panel.html
_.data_type  # openpyxl reads a cell's data_type when writing (adapters/xlsx_export.py)
_.selected_export  # "export selected": the bulk actions of helper "actions" call it

_.SINGLE_BROKER  # services/common/topic_layout.py: the one-broker layout of the test sessions and benches (tests/)
_._fetch_min_bytes, _._fetch_max_wait_ms  # services/common/fetch_pacing.py: aiokafka's fetcher reads them per fetch request
