"""Running the deploy/local/<name>.sh scripts (install | start | stop | status)."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
from collections.abc import Mapping, Sequence

from deploy.local.env import BASH, REPO_ROOT, SCRIPTS, StackError, script_env


def run_script(
    name: str, action: str, env: Mapping[str, str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    script, full = script_env(name, env)  # kafka-<n>: kafka.sh as node n of the cluster
    result = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [BASH, str(SCRIPTS / f"{script}.sh"), action],
        env=full,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise StackError(failure(name, action, result))
    return result


def failure(name: str, action: str, result: subprocess.CompletedProcess[str]) -> str:
    return f"deploy/local/{name}.sh {action} failed (exit {result.returncode}):\n{result.stdout}"


def _chain(
    env: Mapping[str, str], names: Sequence[str], action: str
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run `<name>.sh <action>` for each name in order, stopping at the first failure."""
    results = []
    for name in names:
        result = run_script(name, action, env, check=False)
        results.append((name, result))
        if result.returncode != 0:
            break
    return results


def run_chains(
    env: Mapping[str, str], chains: Sequence[Sequence[str]], action: str, echo: bool
) -> None:
    """Run each chain of `<name>.sh <action>` in order, the chains at once (Kafka beside
    PostgreSQL -> FerretDB); raise with every failure's output."""
    chains = [c for c in chains if c]
    if not chains:
        return
    with concurrent.futures.ThreadPoolExecutor(len(chains)) as pool:
        runs = list(pool.map(lambda c: _chain(env, c, action), chains))
    failures = []
    for name, result in (item for run in runs for item in run):
        if echo and result.stdout:
            sys.stderr.write(result.stdout)
        if result.returncode != 0:
            failures.append(failure(name, action, result))
    if failures:
        raise StackError("\n".join(failures))
