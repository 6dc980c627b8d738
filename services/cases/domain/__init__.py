"""Pure domain of the cases service: no I/O, no clock; every input is passed in.

- `lifecycle/`: the state machine as data (`table`), its commands, step handlers, events;
  `transition`, `allowed_commands`, `open_case`, `split_report`.
- `deadlines/`: the deadline rules, working calendar and policy; one entry point.
- `access`: who may see and do what. `model`, `vocabulary`, `labels`, `errors`,
  `election_type`: the shared vocabulary.
"""
