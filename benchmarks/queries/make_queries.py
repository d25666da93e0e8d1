#!/usr/bin/env python3
"""Writes the LoadGen query files in this folder (run from anywhere; idempotent):

  default.jsonl        every question of Tests/Fixtures/dev-queries.jsonl as POST /v1/query (with its
                       as_of and expected tier), plus dashboard GETs: /v1/summaries (tier 1) and
                       /v1/compute (tier 2). Used by the steady and burst scenarios with --mix.
  tier1-spend.jsonl    the one tier 1 request of the rate sweep and of the FastAPI comparison:
                       GET /v1/summaries/spend?period=this_month&as_of=AS_OF
  tier2-compute.jsonl  the tier 2 dashboard GETs, for the tier 2 rate sweep.

A line: {"tier": 1|2|3, "name": ..., "path": ..., "method"?: ..., "body"?: {...}} (see LoadGen's QueryFile.swift).
The user of a dev question is not kept: LoadGen sends each request as one of --users N users.
"""
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
dev = here.parent.parent / "Tests" / "Fixtures" / "dev-queries.jsonl"
AS_OF = "2026-11-21"

SUMMARIES = [
    f"/v1/summaries/spend?period=this_month&as_of={AS_OF}",
    f"/v1/summaries/spend?period=last_month&as_of={AS_OF}",
    f"/v1/summaries/spend?period=this_month&category=fuel&as_of={AS_OF}",
    f"/v1/summaries/budget_status?period=this_month&as_of={AS_OF}",
    f"/v1/summaries/savings?period=this_year&as_of={AS_OF}",
    f"/v1/summaries/recent_expenses?limit=10&as_of={AS_OF}",
    f"/v1/summaries/fuel_stats?period=last_30_days&as_of={AS_OF}",
]
COMPUTE = [
    "/v1/compute/fuel_cost?distance=350&mpg=10",
    "/v1/compute/fuel_cost?distance=350&mpg=10&price_per_gallon=3.89",
    "/v1/compute/distance?from=Denver&to=Moab",
    "/v1/compute/trip_cost?from=Denver&to=Moab&mpg=9",
    "/v1/compute/drive_time?distance=420&speed_mph=60",
    "/v1/compute/convert?value=100&from_unit=km&to_unit=mi",
    "/v1/compute/mpg?miles=320&gallons=31.5",
    "/v1/compute/split?amount=120&people=4",
]


def dashboard(tier, paths):
    return [{"tier": tier, "name": p.split("?")[0].rsplit("/", 1)[1] + "?" + p.split("?", 1)[1], "path": p} for p in paths]


def write(name, rows):
    with open(here / name, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{name}: {len(rows)} requests")


questions = []
for line in dev.read_text().splitlines():
    if not line.strip():
        continue
    d = json.loads(line)
    body = {"query": d["query"]}
    if d.get("as_of"):
        body["as_of"] = d["as_of"]
    questions.append({"tier": d["expect"]["tier"], "name": d["id"], "path": "/v1/query", "body": body})

write("default.jsonl", questions + dashboard(1, SUMMARIES) + dashboard(2, COMPUTE))
write("tier1-spend.jsonl", dashboard(1, SUMMARIES[:1]))
write("tier2-compute.jsonl", dashboard(2, COMPUTE))
