"""The case state machine: the transition table as data, the commands, one step module per
stage (intake, forwarding, tracks, corrections, linking), events, opening and splitting.

`transition.transition` and `transition.allowed_commands` are the entry points;
`opening.open_case` starts a case; `splitting.split_report` takes a report out of one.
"""
