"""Store growth benchmark: lookups, updates and inserts as the collection grows (issue 9).

Run:
    .venv/bin/python tests/bench/bench_store.py              # starts NETRA_STORE's store itself
    NETRA_STORE=ferretdb-postgresql .venv/bin/python tests/bench/bench_store.py
    MONGODB_URL=mongodb://127.0.0.1:27017/ .venv/bin/python tests/bench/bench_store.py
    ... --sizes 1000,10000,100000 --seconds 3 --max-calls 2000 --json

One collection of ~1 KB documents shaped like a stored case (services/cases/storage.py),
with the indexes the case repository asks for that these operations use: the unique
`_id`, a compound (`dedup_key`, `closed`) index as `open_case_for` reads it, and a unique
`tracking_code` (the reports collection's lookup key). The collection is grown to each size
in turn (insert_many of 1,000) and at each size these are timed, one client, one call at
a time:

    find_id         find_one({_id})                           by the unique _id
    find_unique     find_one({tracking_code})                 by a unique secondary index
    find_compound   find_one({dedup_key, closed: False})      by a non-unique compound index
    update_id       update_one({_id}, {$set, $inc})
    bulk_update     bulk_write of --bulk-size UpdateOne by _id (docs/s counts them)
    insert_one      insert_one of a new document
    insert_many     insert_many of 100 new documents          (docs/s counts the 100)

Each operation runs for at most --seconds or --max-calls calls (at least one call), so a
store that scans still finishes: an operation whose median call at the previous size,
scaled by the growth in size, would exceed --max-call-seconds is skipped and shown with
that estimate. Documents inserted while timing are deleted again (one delete_many) before
the next size. The database (`netra_bench`) is dropped at the end unless --keep.

FerretDB 1.24 wedges on an `update` command of as many statements as its backend pool has
connections (SQLite 100, PostgreSQL 50: each statement's iterator keeps its connection
until the command ends) and then answers nobody: on FerretDB the bulk is capped at
FERRETDB_BULK_LIMIT unless --bulk-size is given, and a call with no reply in
--reply-timeout seconds ends the run with that diagnosis instead of hanging.

Figures are wall-clock on whatever else the machine runs: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import bson
from pymongo import ASCENDING, MongoClient, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import NetworkTimeout

from deploy.local import stack
from deploy.local.env import remove_data_dir

Document = dict[str, Any]
DATABASE = "netra_bench"
COLLECTION = "cases"
DOC_BYTES = 1024
SEED_BATCH = 1000
BATCH = 100
FERRETDB_BULK_LIMIT = 49  # below the PostgreSQL handler's default pool of 50 connections
STATUSES = ("received", "triaged", "assigned", "in_progress", "resolved")


@dataclass
class Result:
    size: int
    op: str
    calls: int = 0
    seconds: float = 0.0
    ops_per_s: float = 0.0
    docs_per_s: float = 0.0
    median_ms: float = 0.0
    p99_ms: float = 0.0
    skipped: str = ""


@dataclass
class Seed:
    size: int
    docs: int
    seconds: float
    docs_per_s: float


def case_id(n: int) -> str:
    return f"case-{n:09d}"


def tracking_code(n: int) -> str:
    return f"NTR-{n:09d}"


def dedup_key(n: int) -> str:
    # A few cases share a key (an incident reported again after its case closed).
    return f"incident-{n // 4:09d}"


def make_doc(n: int, base: datetime, padding: str, *, scratch: bool = False) -> Document:
    """A stored case of ~DOC_BYTES: the fields the repository writes, a short timeline."""
    created = base + timedelta(seconds=n)
    return {
        "_id": case_id(n),
        "dedup_key": dedup_key(n),
        "closed": n % 4 != 3,
        "tracking_code": tracking_code(n),
        "status": STATUSES[n % len(STATUSES)],
        "category": "flood",
        "severity": n % 5,
        "region": f"ID-{n % 34:02d}",
        "created_at": created,
        "updated_at": created,
        "deadline_at": created + timedelta(hours=24),
        "queue_at": created + timedelta(hours=24),
        "version": 1,
        "write_seq": 0,
        "report_ids": [f"report-{n:09d}"],
        "reports": [{"report_id": f"report-{n:09d}", "received_at": created}],
        "timeline": [{"kind": "created", "at": created, "by": "system", "version": 1}],
        "summary": padding,
        "rules_fired": ["keyword:banjir", "region:known"],
        "assignee": None,
        "notes": [],
        "notifications": [],
        "outbox": [],
        "outbox_pending": False,
        "scratch": scratch,
    }


def padding_for(base: datetime) -> str:
    """Summary text that brings a document to ~DOC_BYTES of BSON."""
    bare = len(bson.encode(make_doc(0, base, "")))
    return "x" * max(0, DOC_BYTES - bare)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


class Bench:
    def __init__(self, coll: Collection[Document], args: argparse.Namespace) -> None:
        self.coll = coll
        self.args = args
        self.base = datetime(2026, 1, 1, tzinfo=UTC)
        self.padding = padding_for(self.base)
        self.count = 0  # seeded documents: ids 0 .. count-1
        self.next_scratch = 1_000_000_000  # ids of documents inserted while timing
        self.rng = random.Random(args.seed)
        self.bulk_size: int = args.bulk_size or BATCH
        self.results: list[Result] = []
        self.seeds: list[Seed] = []

    def setup(self) -> None:
        self.coll.drop()
        self.coll.create_index([("dedup_key", ASCENDING), ("closed", ASCENDING)])
        self.coll.create_index([("tracking_code", ASCENDING)], unique=True)

    def grow_to(self, size: int) -> None:
        started, added = time.perf_counter(), 0
        while self.count < size:
            upto = min(size, self.count + SEED_BATCH)
            docs = [make_doc(n, self.base, self.padding) for n in range(self.count, upto)]
            self.coll.insert_many(docs, ordered=False)
            added += upto - self.count
            self.count = upto
        seconds = time.perf_counter() - started
        if added:
            self.seeds.append(Seed(size, added, seconds, added / seconds if seconds else 0.0))

    def existing(self) -> int:
        return self.rng.randrange(self.count)

    def scratch_docs(self, k: int) -> list[Document]:
        first = self.next_scratch
        self.next_scratch += k
        return [make_doc(n, self.base, self.padding, scratch=True) for n in range(first, first + k)]

    def operations(self) -> list[tuple[str, int, Callable[[], object]]]:
        """(name, documents per call, one call) in the order they run at each size."""
        coll, now = self.coll, datetime.now(UTC)

        def find_id() -> object:
            return coll.find_one({"_id": case_id(self.existing())})

        def find_unique() -> object:
            return coll.find_one({"tracking_code": tracking_code(self.existing())})

        def find_compound() -> object:
            n = self.existing() // 4 * 4  # the open one of its incident
            return coll.find_one({"dedup_key": dedup_key(n), "closed": False}, {"outbox": 0})

        def update_id() -> object:
            return coll.update_one(
                {"_id": case_id(self.existing())},
                {"$set": {"status": "assigned", "updated_at": now}, "$inc": {"version": 1}},
            )

        def bulk_update() -> object:
            ops = [
                UpdateOne(
                    {"_id": case_id(self.existing())},
                    {
                        "$set": {"outbox_pending": False, "updated_at": now},
                        "$inc": {"write_seq": 1},
                    },
                )
                for _ in range(self.bulk_size)
            ]
            return coll.bulk_write(ops, ordered=False)

        def insert_one() -> object:
            return coll.insert_one(self.scratch_docs(1)[0])

        def insert_many() -> object:
            return coll.insert_many(self.scratch_docs(BATCH), ordered=False)

        return [
            ("find_id", 1, find_id),
            ("find_unique", 1, find_unique),
            ("find_compound", 1, find_compound),
            ("update_id", 1, update_id),
            ("bulk_update", self.bulk_size, bulk_update),
            ("insert_one", 1, insert_one),
            ("insert_many", BATCH, insert_many),
        ]

    def previous(self, op: str) -> Result | None:
        done = [r for r in self.results if r.op == op and not r.skipped and r.calls]
        return done[-1] if done else None

    def time_op(self, size: int, op: str, per_call: int, call: Callable[[], object]) -> Result:
        result = Result(size, op)
        prev = self.previous(op)
        if prev is not None:
            estimate = prev.median_ms / 1000 * size / prev.size
            if estimate > self.args.max_call_seconds:
                result.skipped = f"~{estimate:.0f} s/call"
                return result
        latencies: list[float] = []
        started = time.perf_counter()
        deadline = started + self.args.seconds
        while not latencies or (
            time.perf_counter() < deadline and len(latencies) < self.args.max_calls
        ):
            t0 = time.perf_counter()
            call()
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        latencies.sort()
        result.calls = len(latencies)
        result.seconds = round(elapsed, 3)
        result.ops_per_s = round(len(latencies) / elapsed, 1)
        result.docs_per_s = round(len(latencies) * per_call / elapsed, 1)
        result.median_ms = round(statistics.median(latencies) * 1000, 2)
        result.p99_ms = round(percentile(latencies, 0.99) * 1000, 2)
        return result

    def run_size(self, size: int) -> None:
        self.grow_to(size)
        for op, per_call, call in self.operations():
            result = self.time_op(size, op, per_call, call)
            self.results.append(result)
            print(format_row(result), flush=True)
        self.coll.delete_many({"scratch": True})


def format_header() -> str:
    return (
        f"{'docs':>9}  {'op':<14}{'calls':>7}{'ops/s':>10}{'docs/s':>10}"
        f"{'median ms':>11}{'p99 ms':>10}"
    )


def format_row(r: Result) -> str:
    if r.skipped:
        return f"{r.size:>9,}  {r.op:<14}{'skipped (' + r.skipped + ')':>48}"
    return (
        f"{r.size:>9,}  {r.op:<14}{r.calls:>7}{r.ops_per_s:>10,.1f}{r.docs_per_s:>10,.1f}"
        f"{r.median_ms:>11.2f}{r.p99_ms:>10.2f}"
    )


def free_ports(count: int) -> list[int]:
    with ExitStack() as stack_:
        socks = []
        for _ in range(count):
            sock = stack_.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [int(s.getsockname()[1]) for s in socks]


@contextmanager
def store_url(store: str) -> Iterator[str]:
    """MONGODB_URL when set; otherwise start `store` on free ports in var/test-<pid>."""
    given = os.environ.get("MONGODB_URL")
    if given:
        yield given
        return
    # var/test-<pid>: `make down` and the test session's clean-up stop leftovers there.
    data_dir = stack.REPO_ROOT / "var" / f"test-{os.getpid()}"
    remove_data_dir(data_dir)
    data_dir.mkdir(parents=True)
    wire, debug, postgres = free_ports(3)
    env = {
        "NETRA_DATA_DIR": str(data_dir),
        "NETRA_STORE": store,
        "FERRETDB_PORT": str(wire),
        "FERRETDB_DEBUG_PORT": str(debug),
        "POSTGRES_PORT": str(postgres),
        "MONGODB_URL": "",
        "KAFKA_BOOTSTRAP_SERVERS": "",
    }
    print(f"starting {store} (data {data_dir})", flush=True)
    infra = stack.start_infra(env, echo=False, with_kafka=False)
    try:
        yield infra.mongodb_url
    finally:
        infra.stop()
        remove_data_dir(data_dir)


def server_version(client: MongoClient[Document]) -> str:
    info = client.admin.command("buildInfo")
    ferret = info.get("ferretdbVersion") or info.get("ferretdb", {}).get("version")
    return f"{info.get('version', '?')}" + (f" (FerretDB {ferret})" if ferret else "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated counts")
    parser.add_argument("--seconds", type=float, default=3.0, help="time box per op and size")
    parser.add_argument("--max-calls", type=int, default=2000, help="call cap per op and size")
    parser.add_argument(
        "--max-call-seconds",
        type=float,
        default=20.0,
        help="skip an op whose predicted call (from the previous size) is longer",
    )
    parser.add_argument(
        "--bulk-size",
        type=int,
        default=0,
        help=f"updates per bulk_write (default {BATCH}; {FERRETDB_BULK_LIMIT} on FerretDB)",
    )
    parser.add_argument(
        "--reply-timeout",
        type=float,
        default=120.0,
        help="seconds without a reply after which the server is taken as wedged",
    )
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--store",
        default=os.environ.get("NETRA_STORE") or stack.DEFAULT_STORE,
        choices=sorted(stack.STORES),
        help="store to start when MONGODB_URL is not set (default: NETRA_STORE)",
    )
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    parser.add_argument("--keep", action="store_true", help="keep the netra_bench database")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    label = "MONGODB_URL" if os.environ.get("MONGODB_URL") else args.store
    started = time.perf_counter()
    try:
        with store_url(args.store) as url:
            client: MongoClient[Document] = MongoClient(
                url,
                serverSelectionTimeoutMS=30_000,
                socketTimeoutMS=int(args.reply_timeout * 1000),
            )
            try:
                version = server_version(client)
                print(
                    f"store {label} at {url}: server {version}; "
                    f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
                    flush=True,
                )
                bench = Bench(client[DATABASE][COLLECTION], args)
                if "FerretDB" in version and not args.bulk_size:
                    bench.bulk_size = FERRETDB_BULK_LIMIT
                    print(
                        f"bulk_update sends {FERRETDB_BULK_LIMIT} updates per bulk_write: "
                        "FerretDB 1.24 wedges at its pool size (SQLite 100, PostgreSQL 50)",
                        flush=True,
                    )
                bench.setup()
                size = len(bson.encode(make_doc(0, bench.base, bench.padding)))
                print(f"documents of {size} bytes; time box {args.seconds:g} s per op", flush=True)
                print(format_header(), flush=True)
                wedged = False
                for n in sizes:
                    try:
                        bench.run_size(n)
                    except NetworkTimeout as exc:
                        print(
                            f"no reply in {args.reply_timeout:g} s at {n:,} documents ({exc}): "
                            "the server is wedged; results so far are above",
                            file=sys.stderr,
                        )
                        wedged = True
                        break
                for seed in bench.seeds:
                    print(
                        f"grew to {seed.size:,}: {seed.docs:,} docs in {seed.seconds:.1f} s "
                        f"({seed.docs_per_s:,.0f} docs/s, insert_many of {SEED_BATCH})"
                    )
                if not args.keep and not wedged:
                    client.drop_database(DATABASE)
            finally:
                client.close()
    except stack.StackError as exc:
        print(f"store failed to start:\n{exc}", file=sys.stderr)
        return 1
    wall = time.perf_counter() - started
    print(f"total {wall:.0f} s; load average now {os.getloadavg()[0]:.1f}")
    status = 2 if wedged else 0
    if args.json:
        line = {
            "bench": "store",
            "store": label,
            "server": version,
            "doc_bytes": size,
            "seconds_per_op": args.seconds,
            "load_average": round(os.getloadavg()[0], 1),
            "results": [asdict(r) for r in bench.results],
            "seeding": [asdict(s) for s in bench.seeds],
        }
        line["wedged"] = wedged
        print(json.dumps(line, separators=(",", ":")))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
