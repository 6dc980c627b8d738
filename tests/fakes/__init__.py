"""In-memory fakes of the project's own ports (one module per service, plus the clock).

Each fake is run by the same contract suite as its real adapter (tests/contracts/),
so it cannot drift from the real thing. Fakes live here, not in the services, because
nothing but the tests uses them; `make run` always runs the real adapters.
"""
