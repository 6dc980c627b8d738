"""In-memory fakes of the cases service's ports (service_layer/ports.py, read_models/ports.py).

`InMemoryCaseStore` is the case store, its outbox and its read side in one, as the Mongo
collections are; `InMemoryDeadlineWatch` and `InMemoryAccessLog` stand in for the other two
collections. They keep documents in the adapter's own shape (`adapters/case_documents.py`)
and answer queries with a small matcher for the operators the adapter uses, so the read
models see what they would see on FerretDB. tests/contracts/cases/ runs each against its
real adapter.
"""
