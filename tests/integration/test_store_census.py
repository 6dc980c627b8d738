"""The pipeline bench's store census on the real store: documents per report and mean size
per collection, the store's CPU for inserting copies of them, the scratch database gone."""

from __future__ import annotations

import uuid

import bson
from pymongo import AsyncMongoClient

from tests.bench.pipeline.census import census, describe, store_pid_files
from tests.bench.pipeline.seeding import Document
from tests.infra import SessionInfra


async def test_the_census_counts_per_report_and_times_inserts_on_the_store(
    infra: SessionInfra,
) -> None:
    name = f"census_{uuid.uuid4().hex[:10]}"
    client: AsyncMongoClient[Document] = AsyncMongoClient(infra.mongodb_url)
    store = store_pid_files({path.stem: path for path in (infra.data_dir / "run").glob("*.pid")})
    try:
        db = client[name]
        big = [{"_id": f"b{i:03d}", "text": "x" * 600, "n": i} for i in range(30)]
        await db["big"].insert_many(big)
        await db["small"].insert_many([{"_id": f"s{i}"} for i in range(10)])
        costs = await census(client, name, accepted=10, store_pid_files=store)
        by_name = {c.name: c for c in costs}
        assert set(by_name) == {"big", "small"}
        assert (by_name["big"].documents, by_name["big"].per_report) == (30, 3.0)
        assert (by_name["small"].documents, by_name["small"].per_report) == (10, 1.0)
        assert by_name["big"].mean_bytes == len(bson.encode(big[0]))
        if store:  # a store the session started: its CPU is read from /proc
            assert by_name["big"].ms_per_document > 0
        assert by_name["big"].ms_per_report == 3.0 * by_name["big"].ms_per_document
        table = describe(costs, started=0.0)
        assert "big" in table and table.splitlines()[-1].split()[:2] == ["all", "4.00"]
        assert f"{name}_census" not in await client.list_database_names()
        assert await db["big"].count_documents({}) == 30  # the sampled database is left alone
    finally:
        await client.drop_database(name)
        await client.close()
