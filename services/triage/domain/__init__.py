"""Pure triage domain: classifier, gazetteer and routing, no I/O beyond packaged data."""

from services.triage.domain.native import check_native_build

check_native_build()
