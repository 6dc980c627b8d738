"""`make run`: install, start Kafka + the store + the four services, print URLs, supervise.

    python -m deploy.local.run                 everything
    python -m deploy.local.run --infra-only    Kafka + the store + topics only
    python -m deploy.local.run --services intake,cases
    NETRA_KAFKA_BROKERS=3 python -m deploy.local.run --replicas 2     (make cluster)

Whatever dies afterwards (a service, Kafka, the store) is started again with backoff,
the rest left running (deploy/local/supervisor.py; docs/runbook.md). Ctrl-C (SIGINT) or
SIGTERM stops the services, then the store and Kafka. Data in NETRA_DATA_DIR (default
var/) survives; `make clean` wipes it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import signal
import sys
import time
from datetime import timedelta
from types import FrameType

from deploy.local import stack
from deploy.local.env import with_replicas
from deploy.local.supervision import Backoff
from deploy.local.supervisor import ScriptTarget, ServiceTarget, Supervisor, Target
from services.common.clock import SystemClock


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _store(infra: stack.Infra) -> str:
    if set(infra.started) & set(stack.STORE_SCRIPTS):
        return f"NETRA_STORE={infra.env['NETRA_STORE']}"
    return "given by MONGODB_URL"


def _banner(infra: stack.Infra, procs: list[stack.Proc]) -> str:
    env = infra.env
    lines = [
        "",
        "Netra local stack is up.",
        f"  Kafka              {infra.kafka_bootstrap}",
        f"  MongoDB wire       {infra.mongodb_url}  (database {env['MONGODB_DATABASE']}, "
        f"{_store(infra)})",
    ]
    urls = {p.name: p.url for p in procs}
    if "intake" in urls:
        lines.append(f"  Intake (API docs)  {urls['intake']}/docs")
        lines.append(f"  Report form        {urls['intake']}/")
        lines.append(f"  Status lookup      {urls['intake']}/lacak")
    if "cases" in urls:
        lines.append(f"  Staff workspace    {urls['cases']}/")
    if "notify" in urls:
        lines.append(f"  Notify             {urls['notify']}/health")
    if stack.DEV_SINKS in urls:
        sinks = urls[stack.DEV_SINKS]
        lines.append(f"  Dev mail (SMTP)    127.0.0.1:{env['DEV_SMTP_PORT']}  list: {sinks}/_mail")
        lines.append(f"  Dev SMS/WhatsApp   {sinks}/_sim/messages  (gateway simulator)")
    if "notify" in urls:
        lines.append(f"  Dev webhooks       {urls['notify']}/dev/hooks")
    if "triage" in urls:
        lines.append(f"  Triage metrics     {urls['triage']}/metrics")
    lines += [
        f"  Logs               {infra.data_dir / 'log'}",
        f"  Data               {infra.data_dir}",
        "",
        "A process that dies is restarted (see the [supervisor] lines). Ctrl-C stops everything.",
        "",
    ]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m deploy.local.run", description=__doc__)
    parser.add_argument("--infra-only", action="store_true", help="start Kafka + the store only")
    parser.add_argument(
        "--services",
        default=",".join((stack.DEV_SINKS, *stack.SERVICES)),
        help="comma-separated services to start (default: the dev sinks and all four)",
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="processes of each consumer service (triage, cases, notify); make cluster: 2",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="stop everything right after startup (smoke test)",
    )
    backoff = Backoff()
    parser.add_argument(
        "--restart-initial",
        type=float,
        default=backoff.initial.total_seconds(),
        help="seconds before the first restart of a crashed process (doubles per crash)",
    )
    parser.add_argument(
        "--restart-max",
        type=float,
        default=backoff.maximum.total_seconds(),
        help="longest wait between restarts, seconds",
    )
    parser.add_argument(
        "--restart-reset",
        type=float,
        default=backoff.reset_after.total_seconds(),
        help="a run this long (seconds) forgets earlier crashes",
    )
    return parser


def _backoff(args: argparse.Namespace) -> Backoff:
    return Backoff(
        initial=timedelta(seconds=args.restart_initial),
        maximum=timedelta(seconds=args.restart_max),
        reset_after=timedelta(seconds=args.restart_reset),
    )


def _supervise(infra: stack.Infra, procs: list[stack.Proc], policy: Backoff) -> None:
    """Restart whatever dies until Ctrl-C; then no restart races the shutdown."""
    clock = SystemClock()
    with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="restart") as pool:
        targets: list[Target] = [ScriptTarget(n, infra.env, clock, pool) for n in infra.started]
        targets += [ServiceTarget(p) for p in procs]
        supervisor = Supervisor(
            targets, clock=clock, policy=policy, log_file=infra.data_dir / "log" / "supervisor.log"
        )
        try:
            supervisor.run_until_interrupted()
        finally:
            supervisor.stop()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [] if args.infra_only else [n for n in args.services.split(",") if n]
    names = with_replicas(names, args.replicas)

    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    started = time.monotonic()
    try:
        stack.install()
        infra = stack.start_infra()
        procs = stack.start_services(infra.env, names) if names else []
        print(_banner(infra, procs), flush=True)
        print(f"(started in {time.monotonic() - started:.1f}s)", flush=True)
        if args.exit_after_start:
            return 0
        _supervise(infra, procs, _backoff(args))
        return 0
    except KeyboardInterrupt:
        print("\nstopping...", file=sys.stderr, flush=True)
        return 0
    except stack.StackError as exc:
        print(f"\n*** FAILED TO START ***\n{exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C must not abort the clean shutdown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop_all()


if __name__ == "__main__":
    sys.exit(main())
