"""`make run`: install, start Kafka + FerretDB + the four services, print URLs, wait.

    python -m deploy.local.run                 everything
    python -m deploy.local.run --infra-only    Kafka + FerretDB + topics only
    python -m deploy.local.run --services intake,cases

Ctrl-C (SIGINT) or SIGTERM stops the services, then FerretDB and Kafka. Data in
NETRA_DATA_DIR (default var/) survives; `make clean` wipes it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType

from deploy.local import stack


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
    if "triage" in urls:
        lines.append(f"  Triage metrics     {urls['triage']}/metrics")
    lines += [
        f"  Logs               {infra.data_dir / 'log'}",
        f"  Data               {infra.data_dir}",
        "",
        "Ctrl-C stops everything.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.local.run", description=__doc__)
    parser.add_argument("--infra-only", action="store_true", help="start Kafka + FerretDB only")
    parser.add_argument(
        "--services",
        default=",".join(stack.SERVICES),
        help="comma-separated services to start (default: all four)",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="stop everything right after startup (smoke test)",
    )
    args = parser.parse_args(argv)
    names = [] if args.infra_only else [n for n in args.services.split(",") if n]

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
        while True:
            for proc in procs:
                if not proc.alive():
                    print(
                        f"\nservice {proc.name} exited with code {proc.popen.returncode}; "
                        f"see {proc.log_path}. Stopping everything.",
                        file=sys.stderr,
                        flush=True,
                    )
                    return 1
            time.sleep(1)
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
