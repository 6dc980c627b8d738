"""Does the directory reach everyone the matrix can name? Pure; start-up and
`netra directory check` run it, and refuse a directory with problems.

Every route triage can produce (each authority at national, province and kabupaten/kota
level), every forward's receiving body (BKN by province, Gakkumdu) and the PPK must
resolve to a unit, and the Bawaslu escalation chain must end in a supervisor.
"""

from __future__ import annotations

from schemas.triage import Authority
from services.notify.domain.matrix import Matrix, Party
from services.notify.domain.recipients import RecipientDirectory, Role, parent_route

NATIONAL_ONLY = frozenset({Authority.KEMENDAGRI, Authority.TNI_POLRI, Authority.SP4N_LAPOR})
SAMPLE_LEVELS = ("RI", "11", "11.01", "94.71")  # national, a province, a kabupaten, a kota
EXTRA_AUTHORITIES = ("BKN", "PPK")  # receiving bodies and the PPK: routes notify derives


def sample_routes() -> list[str]:
    routes = [a.value for a in Authority if a in NATIONAL_ONLY]
    regional = [a.value for a in Authority if a not in NATIONAL_ONLY] + list(EXTRA_AUTHORITIES)
    routes += [f"{a}:{level}" for a in regional for level in SAMPLE_LEVELS]
    return routes


def coverage_problems(directory: RecipientDirectory, matrix: Matrix) -> list[str]:
    problems = [
        f"route {route}: no directory entry"
        for route in sample_routes()
        if directory.unit_for(route) is None
    ]
    parties = {tell.party for rule in matrix.rules for tell in rule.tell}
    wants_supervisors = parties & {Party.UNIT_SUPERVISOR, Party.ESCALATION_CHAIN}
    for level in SAMPLE_LEVELS:
        route: str | None = f"{Authority.BAWASLU.value}:{level}"
        while route is not None:
            unit = directory.unit_for(route)
            if unit is not None and unit.with_role(Role.SUPERVISOR):
                break
            route = parent_route(route)
        if route is None and wants_supervisors:
            problems.append(f"BAWASLU:{level}: no supervisor at or above it")
    return problems
