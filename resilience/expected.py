"""Independent expectations for the tier 1 and tier 2 requests the resilience suites send.

A request's answer is "correct" when its `data` agrees with a value computed apart from the router:
- tier 1 (summaries): Tests/Fixtures/make_oracle.py, the project's implementation of CATALOG.md over
  the demo CSVs (the data `router seed --demo` loads); the whole `data` object must be equal
  (numbers within 1e-9, as SummaryOracleTests compares them);
- tier 2 (computations): the formulas and constants of Tests/Fixtures/check_fixtures.py
  (`tier2_checks`), each checked value within its own tolerance.

The parameters of each request come from the request itself where it spells them out (the dashboard
GETs: /v1/summaries/<kind>?period=… and /v1/compute/<name>?…), and for the dev questions sent as
POST /v1/query from tables read by a person: make_oracle.DEV_SPECS (tier 1) and DEV_T2_SPECS below
(tier 2). DEV_T2_SPECS is checked against the dev file's own expected values when it is loaded,
so a wrong line in it stops the suite rather than passing or failing answers by mistake.

A request without an independent expectation (another query file, or a parameter the oracle does
not take) is reported by `plan_for` as None; the suites then fall back to comparing answers with
each other.
"""
import copy
import json
import math
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests/Fixtures"
sys.path.insert(0, str(FIXTURES))
sys.dont_write_bytecode = True  # no __pycache__ left in Tests/Fixtures or scripts by these imports
import make_oracle  # noqa: E402
import check_fixtures  # noqa: E402

DEV_FILE = FIXTURES / "dev-queries.jsonl"

# The parameters a correct parser extracts from each tier 2 dev question (read by a person, in
# check_fixtures.py's spec syntax: miles|km, mpg|l100, price|price_per_l, from/to (name, region),
# mph, value/from/to units, miles/gallons, amount/people, kind).
DEV_T2_SPECS = {
    "dev047": {"miles": 350, "mpg": 10, "price": 3.89},
    "dev048": {"miles": 500, "mpg": 8, "price": 4.25},
    "dev049": {"miles": 1200, "mpg": 12, "price": 3.50},
    "dev050": {"km": 800, "l100": 15, "price_per_l": 1.85},
    "dev051": {"miles": 240},
    "dev052": {"miles": 420, "mpg": 9.5},
    "dev053": {"miles": 650, "price": 3.79},
    "dev054": {"miles": 300, "mpg": 11, "price": 3.60},
    "dev055": {"from": ("Denver", None), "to": ("Seattle", None)},
    "dev056": {"from": ("San Francisco", None), "to": ("Portland", None)},
    "dev057": {"from": ("Phoenix", None), "to": ("Albuquerque", None)},
    "dev058": {"from": ("Moab", None), "to": ("Flagstaff", None)},
    "dev059": {"from": ("Austin", "TX"), "to": ("Nashville", "TN")},
    "dev060": {"from": ("Portland", "ME"), "to": ("Boston", None)},
    "dev061": {"from": ("Quartzsite", None), "to": ("Yuma", None)},
    "dev062": {"from": ("Banff", None), "to": ("Vancouver", None)},
    "dev063": {"from": ("Tucson", None), "to": ("El Paso", None)},
    "dev064": {"from": ("Denver", None), "to": ("Moab", None), "mpg": 9},
    "dev065": {"from": ("Phoenix", None), "to": ("San Diego", None), "mpg": 10, "price": 4.10},
    "dev066": {"from": ("Boise", None), "to": ("Bend", None)},
    "dev067": {"from": ("Sacramento", None), "to": ("Reno", None), "mpg": 8},
    "dev068": {"miles": 420, "mph": 55},
    "dev069": {"from": ("Salt Lake City", None), "to": ("Boise", None)},
    "dev070": {"miles": 300, "mph": 60},
    "dev071": {"from": ("Tulsa", None), "to": ("Omaha", None)},
    "dev072": {"value": 100, "from": "km", "to": "mi"},
    "dev073": {"value": 30, "from": "gal", "to": "L"},
    "dev074": {"value": 13.5, "from": "ft", "to": "m"},
    "dev075": {"value": 15, "from": "mpg", "to": "L/100km"},
    "dev076": {"value": 95, "from": "F", "to": "C"},
    "dev077": {"value": 12000, "from": "lb", "to": "kg"},
    "dev078": {"value": 250, "from": "km", "to": "mi"},
    "dev079": {"value": 4, "from": "m", "to": "ft"},
    "dev080": {"miles": 320, "gallons": 29},
    "dev081": {"miles": 410, "gallons": 38.5},
    "dev082": {"amount": 240, "people": 3},
    "dev083": {"amount": 95.50, "people": 4},
    "dev084": {"kind": "greeting"},
    "dev085": {"kind": "greeting"},
    "dev086": {"kind": "thanks"},
    "dev087": {"kind": "help"},
    "dev088": {"kind": "greeting"},
}

# /v1/compute/<name> query items -> check_fixtures spec keys.
COMPUTE_ITEMS = {"distance": "miles", "mpg": "mpg", "price_per_gallon": "price", "speed_mph": "mph",
                 "from_unit": "from", "to_unit": "to", "value": "value", "miles": "miles", "gallons": "gallons",
                 "amount": "amount", "people": "people"}


def _number(text):
    x = float(text)
    return int(x) if x.is_integer() and "." not in text else x


def _period(word):
    """A dashboard period word (CATALOG.md) in make_oracle's syntax, or None if it has none."""
    if word in ("today", "yesterday", "this_week", "last_week", "this_month", "last_month", "this_year",
                "last_year", "all_time"):
        return word
    parts = word.split("_")
    if len(parts) == 3 and parts[0] == "last" and parts[1].isdigit() and parts[2] in ("days", "weeks", "months"):
        return f"last_{parts[2]}:{int(parts[1])}"
    return None


def json_equal(got, want):
    """Structural JSON equality; numbers compare within 1e-9 (as the Swift oracle tests)."""
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(got, want, rel_tol=0, abs_tol=1e-9)
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(json_equal(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(json_equal(a, b) for a, b in zip(got, want))
    return got == want


class Plan:
    """How to compute one request's expected data: tier, route, as_of and spec."""

    def __init__(self, tier, route, as_of, spec, source):
        self.tier, self.route, self.as_of, self.spec, self.source = tier, route, as_of, spec, source
        # Tier 2 does not depend on the user: its checks are computed once.
        self.checks = check_fixtures.tier2_checks(route, spec) if tier == 2 else None


class Expectations:
    """Expected data for the requests of one LoadGen query file, per request name and user."""

    def __init__(self, queries_file, user_format="u%03d", first_user=1):
        self.user_format, self.first_user = user_format, first_user
        self.store = make_oracle.Store(make_oracle.default_data_dir())
        self.dev = {d["id"]: d for d in (json.loads(l) for l in DEV_FILE.read_text().splitlines() if l.strip())}
        self._validate_dev_t2()
        self.plans, self.unplanned = {}, []
        for line in Path(queries_file).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "//")):
                continue
            entry = json.loads(line)
            tier = entry.get("tier")
            name = entry.get("name") or entry.get("id")
            if tier not in (1, 2) or name is None:
                continue
            plan = self.plan_for(entry)
            if plan is None:
                self.unplanned.append(name)
            else:
                self.plans[name] = plan
        self._stores, self._data = {}, {}

    def _validate_dev_t2(self):
        bad = []
        for id_, spec in DEV_T2_SPECS.items():
            d = self.dev.get(id_)
            if d is None or d["expect"]["tier"] != 2:
                bad.append(f"{id_}: not a tier 2 dev line")
                continue
            ours = {c[0]: c[1] for c in check_fixtures.tier2_checks(d["expect"]["route"], spec)}
            for path, value, how in d["expect"]["checks"]:
                if path not in ours or not make_oracle.matches(ours[path], value, how):
                    bad.append(f"{id_} {path}: formulas give {ours.get(path)!r}, the dev file {value!r} ({how})")
        if bad:
            raise RuntimeError("DEV_T2_SPECS disagrees with dev-queries.jsonl:\n  " + "\n  ".join(bad))

    def plan_for(self, entry):
        tier, name = entry["tier"], entry.get("name") or entry.get("id")
        path = entry.get("path") or "/v1/query"
        body = entry.get("body") or ({"query": entry["query"]} if "query" in entry else None)
        if body is not None and path.split("?")[0] == "/v1/query":
            d = self.dev.get(name)
            if d is None or d["query"] != body.get("query") or d["expect"]["tier"] != tier:
                return None
            as_of = body.get("as_of") or d["as_of"]
            if tier == 1 and name in make_oracle.DEV_SPECS:
                return Plan(1, d["expect"]["route"], as_of, make_oracle.DEV_SPECS[name], "make_oracle.DEV_SPECS")
            if tier == 2 and name in DEV_T2_SPECS:
                return Plan(2, d["expect"]["route"], as_of, DEV_T2_SPECS[name], "DEV_T2_SPECS")
            return None
        url = urllib.parse.urlsplit(path)
        items = dict(urllib.parse.parse_qsl(url.query))
        if tier == 1 and url.path.startswith("/v1/summaries/"):
            route = "summary." + url.path.rsplit("/", 1)[1]
            if route not in make_oracle.ROUTES or "as_of" not in items:
                return None
            spec = {}
            for k, v in items.items():
                if k == "as_of":
                    continue
                if k == "period" and _period(v):
                    spec["period"] = _period(v)
                elif k == "category" and v in make_oracle.CATEGORIES:
                    spec["category"] = v
                elif k == "limit" and v.isdigit():
                    spec["limit"] = int(v)
                else:
                    return None  # from/to dates and the like: not in the oracle's terms
            return Plan(1, route, items["as_of"], spec, "the request's own parameters")
        if tier == 2 and url.path.startswith("/v1/compute/"):
            route = "compute." + url.path.rsplit("/", 1)[1]
            spec = {}
            for k, v in items.items():
                if k in ("from", "to"):  # places (a region after a comma is not taken apart here)
                    if route not in ("compute.distance", "compute.trip_cost", "compute.drive_time") or "," in v:
                        return None
                    spec[k] = (v, None)
                    continue
                key = COMPUTE_ITEMS.get(k)
                if key is None:
                    return None
                spec[key] = v if key in ("from", "to") else _number(v)
            if check_fixtures.spec_problems(route, spec):
                return None
            return Plan(2, route, None, spec, "the request's own parameters")
        return None

    def user(self, index):
        return self.user_format % (self.first_user + index)

    def _user_store(self, user):
        """The demo data of one user only (the summaries filter on the user: same answers, faster)."""
        st = self._stores.get(user)
        if st is None:
            st = copy.copy(self.store)
            st.expenses = [e for e in self.store.expenses if e["user"] == user]
            st.budgets = [b for b in self.store.budgets if b["user"] == user]
            st.fuel = [f for f in self.store.fuel if f["user"] == user]
            st.savings = [s for s in self.store.savings if s["user"] == user]
            self._stores[user] = st
        return st

    def knows(self, name):
        return name in self.plans

    def check(self, name, user_index, data, route=None):
        """None when `data` (the answer's data member) is what the oracle expects for request `name`
        sent as user number `user_index`, else a short reason. The request must be `knows(name)`."""
        plan = self.plans[name]
        if route is not None and route != plan.route:
            return f"route {route}, expected {plan.route}"
        if data is None:
            return "no data in the answer"
        if plan.tier == 1:
            user = self.user(user_index)
            key = (name, user)
            want = self._data.get(key)
            if want is None:
                _, want = make_oracle.run(self._user_store(user), plan.route, user, plan.as_of, plan.spec)
                want = json.loads(json.dumps(want))  # as JSON would carry it
                self._data[key] = want
            if json_equal(data, want):
                return None
            diff = sorted(k for k in set(want) | set(data if isinstance(data, dict) else {})
                          if not isinstance(data, dict) or not json_equal(data.get(k), want.get(k)))
            return f"data differs from the oracle in {diff[:4]} (e.g. {diff[0]}: got {json.dumps((data or {}).get(diff[0]))[:80]}, " \
                   f"want {json.dumps(want.get(diff[0]))[:80]})" if diff else "data differs from the oracle"
        for path, value, how in plan.checks:
            got = make_oracle.lookup(data, path)
            if not make_oracle.matches(got, value, how):
                return f"{path}: got {json.dumps(got)}, formulas give {json.dumps(value)} ({how})"
        return None


if __name__ == "__main__":
    # A look at what the suites expect: python3 resilience/expected.py [queries.jsonl]
    e = Expectations(sys.argv[1] if len(sys.argv) > 1 else ROOT / "benchmarks/queries/default.jsonl")
    print(f"{len(e.plans)} tier 1/2 requests with an independent expectation, without: {e.unplanned or 'none'}")
    for name, p in sorted(e.plans.items()):
        print(f"  {name}: tier {p.tier} {p.route} {p.spec} ({p.source})")
