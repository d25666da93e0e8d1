#!/usr/bin/env python3
"""Re-validates extra-queries.jsonl and every specs/<name>.jsonl's <name>-queries.jsonl (beside this
file). Python 3 standard library only.

  python3 check_fixtures.py            check every file strictly; a one-line summary per file; exit 1
                                       on any problem (a line that cannot be parsed, an unknown route,
                                       a spec that cannot be computed, a duplicated id, a generated file
                                       whose lines differ from its spec file, a check that disagrees)
  python3 check_fixtures.py --write    regenerate extra-queries.jsonl from the table below and every
                                       <name>-queries.jsonl from specs/<name>.jsonl

A spec file holds one JSON object a line: {"id", "user", "as_of", "query", "route", "spec"} and
optionally "known_gap" (why the router cannot yet answer a tier 1/2 line cheaply: the line keeps
its catalogue label, and the evaluation counts it as a known gap instead of a failure), and
optionally "style" (phrasing tags joined by "+", e.g. "voice+numwords"; kept in the generated line,
which run_eval.py ignores). "spec" is what the EXTRA table below holds: tier 1 {period?, category?,
limit?} in make_oracle.py's syntax (a budget period must be a month); tier 2 {miles|km, mpg|l100,
price|price_per_l, from/to as [name, region-or-null], mph|kmh, value/from/to (units: mi km mph km/h
gal L mpg L/100km F C ft m in cm lb kg), amount/people, kind}; tier 3 route "ai" with spec {}.

The JSONL is in exactly the format of shared/eval/dev-queries.jsonl, so it can be given to
run_eval.py with --file. Its tier 1 parameters are not in the file (the eval format has no room
for them): EXTRA below records, for each id, the parameters a correct classifier extracts, and
the tier 1 expectations are recomputed with make_oracle.py's independent implementation of
CATALOG.md. Tier 2 expectations are recomputed here from CATALOG.md's formulas and constants
(haversine, R = 6371.0088 km, on shared/data/cities.csv; the largest population wins among
same-named places unless a region narrows; road miles = 1.2 x great circle; defaults 55 mph,
10 mpg, $3.50/gal; cost uses the unrounded gallons). Tier 3 lines only have to be well formed.
"""
import argparse, csv, glob, json, math, os, re, sys
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_oracle as oracle  # noqa: E402

FILE = os.path.join(HERE, "extra-queries.jsonl")
SPECS = os.path.join(HERE, "specs")
A, B, C, D = "2026-11-21", "2026-03-10", "2025-12-31", "2026-01-04"

# (id, user, as_of, query, route, spec). Tier 1 spec: period/category/limit as in make_oracle.
# Tier 2 spec: the inputs a correct parser extracts (unit-converted by hand where noted).
EXTRA = [
    # ---- tier 1: summary.spend
    ("x001", "u044", A, "grocery spending month to date", "summary.spend", {"period": "this_month", "category": "food"}),
    ("x002", "u045", A, "food spend last 7 days", "summary.spend", {"period": "last_days:7", "category": "food"}),
    ("x003", "u046", A, "what were my total expenses for all of last year", "summary.spend", {"period": "last_year"}),
    ("x004", "u047", A, "how much went on campsites in august", "summary.spend", {"period": "month:august", "category": "camping"}),
    ("x005", "u048", A, "fuel costs past 2 months", "summary.spend", {"period": "last_months:2", "category": "fuel"}),
    ("x006", "u049", D, "spend so far this week", "summary.spend", {"period": "this_week"}),
    ("x007", "u050", B, "¿cuánto gasté en comida la semana pasada?", "summary.spend", {"period": "last_week", "category": "food"}),
    ("x008", "u011", A, "repairs in February 2026 how much", "summary.spend", {"period": "month:2026-02", "category": "maintenance"}),
    ("x009", "u010", A, "what have i spent on tours and museums this year", "summary.spend", {"period": "this_year", "category": "entertainment"}),
    ("x010", "u012", A, "gasto total de ayer", "summary.spend", {"period": "yesterday"}),
    # ---- tier 1: summary.budget_status
    ("x011", "u013", A, "remaining budget", "summary.budget_status", {}),
    ("x012", "u014", B, "am i on track with my budget for march", "summary.budget_status", {"period": "month:march"}),
    ("x013", "u015", A, "how did my budget look in october", "summary.budget_status", {"period": "month:october"}),
    ("x014", "u016", A, "whats left in the campground budget", "summary.budget_status", {"category": "camping"}),
    ("x015", "u017", D, "presupuesto de gasolina", "summary.budget_status", {"category": "fuel"}),
    # ---- tier 1: summary.savings
    ("x016", "u018", A, "savings balance so far", "summary.savings", {}),
    ("x017", "u019", A, "how much did I put into savings last year", "summary.savings", {"period": "last_year"}),
    ("x018", "u020", C, "¿cuánto he ahorrado este año?", "summary.savings", {"period": "this_year"}),
    # ---- tier 1: summary.recent_expenses
    ("x019", "u021", A, "what was my last purchase", "summary.recent_expenses", {"limit": 1}),
    ("x020", "u022", A, "show me the 20 most recent transactions", "summary.recent_expenses", {"limit": 20}),
    ("x021", "u023", B, "latest 4 grocery charges", "summary.recent_expenses", {"limit": 4, "category": "food"}),
    ("x022", "u024", A, "mis últimos gastos", "summary.recent_expenses", {}),
    # ---- tier 1: summary.fuel_stats
    ("x023", "u025", A, "mpg last month", "summary.fuel_stats", {"period": "last_month"}),
    ("x024", "u026", B, "how many gallons have I pumped this year", "summary.fuel_stats", {"period": "this_year"}),
    ("x025", "u027", A, "avg price per gallon over the last 60 days", "summary.fuel_stats", {"period": "last_days:60"}),
    ("x026", "u028", D, "fuel stats for december", "summary.fuel_stats", {"period": "month:december"}),
    ("x027", "u029", A, "my gas mileage over the past 6 weeks", "summary.fuel_stats", {"period": "last_weeks:6"}),
    # ---- tier 2: compute.fuel_cost
    ("x028", "u030", A, "gas for 275 miles at 12 mpg", "compute.fuel_cost", {"miles": 275, "mpg": 12}),
    ("x029", "u031", A, "diesel cost for 1000 km at 20 L/100km, $1.60 per litre", "compute.fuel_cost",
     {"km": 1000, "l100": 20, "price_per_l": 1.60}),
    ("x030", "u032", A, "costo de gasolina para 450 millas a 9 mpg", "compute.fuel_cost", {"miles": 450, "mpg": 9}),
    ("x031", "u033", A, "180 mi trip, 7.5 mpg, gas is $4.05 - how much", "compute.fuel_cost",
     {"miles": 180, "mpg": 7.5, "price": 4.05}),
    # ---- tier 2: compute.distance
    ("x032", "u034", A, "how far is las vegas from los angeles", "compute.distance", {"from": ("Las Vegas", None), "to": ("Los Angeles", None)}),
    ("x033", "u035", A, "miles between Santa Fe and Taos", "compute.distance", {"from": ("Santa Fe", None), "to": ("Taos", None)}),
    ("x034", "u036", A, "distance Springfield, IL to Springfield, MA", "compute.distance", {"from": ("Springfield", "IL"), "to": ("Springfield", "MA")}),
    ("x035", "u037", A, "¿Cuántos kilómetros hay de Calgary a Edmonton?", "compute.distance", {"from": ("Calgary", None), "to": ("Edmonton", None)}),
    # ---- tier 2: compute.trip_cost
    ("x036", "u038", A, "what would gas run me driving Flagstaff to Las Vegas at 8 mpg", "compute.trip_cost",
     {"from": ("Flagstaff", None), "to": ("Las Vegas", None), "mpg": 8}),
    ("x037", "u039", A, "trip cost Boise, ID to Missoula at 11 mpg and $3.95 a gallon", "compute.trip_cost",
     {"from": ("Boise", "ID"), "to": ("Missoula", None), "mpg": 11, "price": 3.95}),
    ("x038", "u040", A, "fuel cost to drive Tucson to Santa Fe", "compute.trip_cost", {"from": ("Tucson", None), "to": ("Santa Fe", None)}),
    # ---- tier 2: compute.drive_time
    ("x039", "u041", A, "how long to drive 275 miles", "compute.drive_time", {"miles": 275}),
    ("x040", "u042", A, "hours of driving from Denver to Albuquerque", "compute.drive_time", {"from": ("Denver", None), "to": ("Albuquerque", None)}),
    ("x041", "u043", A, "640 miles at 65 mph how many hours", "compute.drive_time", {"miles": 640, "mph": 65}),
    # ---- tier 2: compute.convert
    ("x042", "u044", A, "60 mph in km/h", "compute.convert", {"value": 60, "from": "mph", "to": "km/h"}),
    ("x043", "u045", A, "how many gallons is 75 liters", "compute.convert", {"value": 75, "from": "L", "to": "gal"}),
    ("x044", "u046", A, "30 celsius to fahrenheit", "compute.convert", {"value": 30, "from": "C", "to": "F"}),
    ("x045", "u047", A, "10 L/100km in mpg", "compute.convert", {"value": 10, "from": "L/100km", "to": "mpg"}),
    ("x046", "u048", A, "convierte 50 kg a libras", "compute.convert", {"value": 50, "from": "kg", "to": "lb"}),
    # ---- tier 2: compute.mpg, compute.split, compute.smalltalk
    ("x047", "u049", A, "got 285 miles out of 31.2 gallons, what mpg is that", "compute.mpg", {"miles": 285, "gallons": 31.2}),
    ("x048", "u050", A, "mpg 512 mi 47.3 gal", "compute.mpg", {"miles": 512, "gallons": 47.3}),
    ("x049", "u001", A, "split 180 dollars 4 ways", "compute.split", {"amount": 180, "people": 4}),
    ("x050", "u002", A, "dividir $127.35 entre 3 personas", "compute.split", {"amount": 127.35, "people": 3}),
    ("x051", "u003", A, "good morning", "compute.smalltalk", {"kind": "greeting"}),
    ("x052", "u004", A, "thank you so much", "compute.smalltalk", {"kind": "thanks"}),
    ("x053", "u005", A, "gracias", "compute.smalltalk", {"kind": "thanks"}),
    ("x054", "u006", A, "help", "compute.smalltalk", {"kind": "help"}),
    # ---- tier 3: judgement, planning, open knowledge, comparison, explanation, more than a summary gives
    ("x055", "u007", A, "which campgrounds near Zion can fit a 40 ft motorhome?", "ai", {}),
    ("x056", "u008", A, "why did my grocery spending jump in october", "ai", {}),
    ("x057", "u009", A, "how much did I spend at Walmart this month", "ai", {}),
    ("x058", "u010", A, "if diesel goes up to $5 a gallon how much more will I spend per month", "ai", {}),
    ("x059", "u011", A, "forecast my total spending for december", "ai", {}),
    ("x060", "u012", A, "compare my fuel costs this year vs last year by month", "ai", {}),
    ("x061", "u013", A, "is $900 a month on food normal for two full-timers?", "ai", {}),
    ("x062", "u014", A, "best time of year to drive the Blue Ridge Parkway in an RV", "ai", {}),
    ("x063", "u015", A, "¿qué parques nacionales me recomiendas en Utah para diciembre?", "ai", {}),
    ("x064", "u016", A, "plan stops between Denver and Moab with dump stations along the way", "ai", {}),
    ("x065", "u017", A, "at my current pace will I blow my budget before the month ends", "ai", {}),
    ("x066", "u018", A, "which category did I overspend the most this year and what should I change", "ai", {}),
    ("x067", "u019", A, "explain the difference between 30 amp and 50 amp hookups", "ai", {}),
]

# ------------------------------------------------------------------------------------ tier 2

R_KM, KM_PER_MI, L_PER_GAL, MPG_L100 = 6371.0088, 1.609344, 3.785411784, 235.2145833
LB_KG, FT_M, IN_M = 0.45359237, 0.3048, 0.0254
ROAD, SPEED, MPG, PRICE = 1.2, 55.0, 10.0, 3.50
_cities = None

# compute.convert: every unit pair CATALOG.md lists, both directions, with its constants.
CONVERT = {
    ("mi", "km"): lambda x: x * KM_PER_MI, ("km", "mi"): lambda x: x / KM_PER_MI,
    ("mph", "km/h"): lambda x: x * KM_PER_MI, ("km/h", "mph"): lambda x: x / KM_PER_MI,
    ("gal", "L"): lambda x: x * L_PER_GAL, ("L", "gal"): lambda x: x / L_PER_GAL,
    ("mpg", "L/100km"): lambda x: MPG_L100 / x, ("L/100km", "mpg"): lambda x: MPG_L100 / x,
    ("F", "C"): lambda x: (x - 32) * 5 / 9, ("C", "F"): lambda x: x * 9 / 5 + 32,
    ("ft", "m"): lambda x: x * FT_M, ("m", "ft"): lambda x: x / FT_M,
    ("in", "m"): lambda x: x * IN_M, ("m", "in"): lambda x: x / IN_M,
    ("in", "cm"): lambda x: x * IN_M * 100, ("cm", "in"): lambda x: x / (IN_M * 100),
    ("lb", "kg"): lambda x: x * LB_KG, ("kg", "lb"): lambda x: x / LB_KG,
}


def place(name, region):
    global _cities
    if _cities is None:
        for p in (os.path.join(HERE, "..", "..", "Sources", "Tier2Compute", "Resources", "cities.csv"),
                  os.path.join(HERE, "..", "..", "..", "shared", "data", "cities.csv")):
            if os.path.exists(p):
                with open(p, newline="", encoding="utf-8") as f:
                    _cities = list(csv.DictReader(f))
                break
        else:
            sys.exit("check_fixtures: cities.csv not found")
    c = [r for r in _cities if r["name"].lower() == name.lower() and (region is None or r["region"] == region)]
    if not c:
        raise KeyError(name)
    return max(c, key=lambda r: int(r["population"]))


def great_circle_miles(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (float(a["latitude"]), float(a["longitude"]),
                                            float(b["latitude"]), float(b["longitude"])))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R_KM * math.asin(math.sqrt(h)) / KM_PER_MI


def r2(x):
    return round(x + 1e-9, 2)


def _miles(s):
    return s["miles"] if "miles" in s else s["km"] / KM_PER_MI


def _mpg(s):
    return s.get("mpg") or (MPG_L100 / s["l100"] if "l100" in s else MPG)


def _price(s):
    return s.get("price") or (s["price_per_l"] * L_PER_GAL if "price_per_l" in s else PRICE)


def _mph(s):
    return s["mph"] if "mph" in s else s["kmh"] / KM_PER_MI if "kmh" in s else SPEED


def tier2_checks(route, s):
    if route == "compute.fuel_cost":
        miles = _miles(s)
        mpg = _mpg(s)
        price = _price(s)
        gallons = miles / mpg
        return [["cost", r2(gallons * price), "abs:0.01"], ["gallons", r2(gallons), "abs:0.01"]]
    if route in ("compute.distance", "compute.trip_cost") or (route == "compute.drive_time" and "from" in s):
        a, b = place(*s["from"]), place(*s["to"])
        gc = great_circle_miles(a, b)
        road = ROAD * gc
        if route == "compute.distance":
            return [["great_circle_miles", round(gc, 1), "rel:0.005"], ["great_circle_km", round(gc * KM_PER_MI, 1), "rel:0.005"],
                    ["from.name", a["name"], "eq"], ["from.region", a["region"], "eq"],
                    ["to.name", b["name"], "eq"], ["to.region", b["region"], "eq"]]
        # README "Decisions": the road estimate is shown to 0.1 mile, and the time and fuel that
        # follow from it are computed from the number shown, so that they add up.
        if route == "compute.drive_time":
            return [["hours", r2(round(road, 1) / _mph(s)), "rel:0.005"]]
        gallons = round(road, 1) / _mpg(s)
        return [["road_miles_estimate", round(road, 1), "rel:0.005"], ["cost", r2(gallons * _price(s)), "rel:0.005"]]
    if route == "compute.drive_time":
        return [["hours", r2(_miles(s) / _mph(s)), "rel:0.005"]]
    if route == "compute.convert":
        f = CONVERT[(s["from"], s["to"])]
        return [["result", round(f(s["value"]), 3), "rel:0.001"]]
    if route == "compute.mpg":
        return [["mpg", r2(s["miles"] / s["gallons"]), "abs:0.01"]]
    if route == "compute.split":
        return [["per_person", r2(s["amount"] / s["people"]), "abs:0.01"]]
    if route == "compute.smalltalk":
        return [["kind", s["kind"], "eq"]]
    raise ValueError(route)


# ---------------------------------------------------------------------------------- tier 1

def tier1_checks(st, route, user, as_of, s):
    _, d = oracle.run(st, route, user, as_of, s)
    if route == "summary.spend":
        return [["from", d["from"], "eq"], ["to", d["to"], "eq"], ["category", d["category"], "eq"],
                ["total_cents", d["total_cents"], "eq"], ["count", d["count"], "eq"]]
    if route == "summary.budget_status":
        return [["month", d["month"], "eq"], ["total_spent_cents", d["total_spent_cents"], "eq"],
                ["total_remaining_cents", d["total_remaining_cents"], "eq"], ["over_budget", d["over_budget"], "eq"],
                ["days_left", d["days_left"], "eq"], ["daily_allowance_cents", d["daily_allowance_cents"], "eq"]]
    if route == "summary.savings":
        return [["from", d["from"], "eq"], ["to", d["to"], "eq"], ["total_cents", d["total_cents"], "eq"], ["count", d["count"], "eq"]]
    if route == "summary.recent_expenses":
        return [["expenses[*].id", [e["id"] for e in d["expenses"]], "eq"]]
    if route == "summary.fuel_stats":
        return [["from", d["from"], "eq"], ["to", d["to"], "eq"], ["gallons", d["gallons"], "abs:0.01"],
                ["cost_cents", d["cost_cents"], "abs:1"], ["mpg", d["mpg"], "abs:0.01"]]
    raise ValueError(route)


def expected(st, row, meta=None):
    id_, user, as_of, query, route, s = row
    tier = 1 if route.startswith("summary.") else 2 if route.startswith("compute.") else 3
    checks = tier1_checks(st, route, user, as_of, s) if tier == 1 else tier2_checks(route, s) if tier == 2 else []
    out = {"id": id_, "user": user, "as_of": as_of, "query": query}
    meta = meta or {}
    if meta.get("style") is not None:
        out["style"] = meta["style"]
    out["expect"] = {"tier": tier, "route": route, "checks": checks}
    if meta.get("known_gap") is not None:
        out["known_gap"] = meta["known_gap"]
    return out


# ------------------------------------------------------------------------- validating a spec

TIER1_KEYS = {"summary.spend": {"period", "category"}, "summary.budget_status": {"period", "category"},
              "summary.savings": {"period"}, "summary.recent_expenses": {"limit", "category"},
              "summary.fuel_stats": {"period"}}
TIER2_ROUTES = {"compute.fuel_cost", "compute.distance", "compute.trip_cost", "compute.drive_time",
                "compute.convert", "compute.mpg", "compute.split", "compute.smalltalk"}
STYLES = {"clean", "voice", "numwords", "typo", "shorthand", "emoji", "we", "idiom", "spanish",
          "smalltalk", "hard-t3"}
USER_RE = re.compile(r"u0(0[1-9]|[1-4][0-9]|50)")


def _num(v, positive=True):
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    return ok and (v > 0 if positive else True)


def _place_ok(v):
    return (isinstance(v, (list, tuple)) and len(v) == 2 and isinstance(v[0], str) and v[0].strip()
            and (v[1] is None or isinstance(v[1], str)))


def spec_problems(route, s):
    """What is wrong with a spec for a route (empty when it can be computed as written)."""
    if not isinstance(s, dict):
        return ["spec is not an object"]
    keys, bad = set(s), []
    if route == "ai":
        return [] if not s else ["a tier 3 line takes spec {}"]
    if route in TIER1_KEYS:
        extra = keys - TIER1_KEYS[route]
        if extra:
            bad.append(f"unknown spec keys {sorted(extra)}")
        if "category" in s and s["category"] not in oracle.CATEGORIES:
            bad.append(f"unknown category {s['category']!r}")
        if "limit" in s and not (isinstance(s["limit"], int) and not isinstance(s["limit"], bool) and s["limit"] >= 1):
            bad.append(f"bad limit {s['limit']!r}")
        if "period" in s:
            p = s["period"]
            if not isinstance(p, str):
                bad.append(f"bad period {p!r}")
            elif route == "summary.budget_status" and not (p in ("this_month", "last_month") or p.startswith("month:")):
                bad.append(f"budgets are monthly: period {p!r}")
        return bad
    if route not in TIER2_ROUTES:
        return [f"unknown route {route!r}"]
    eff = keys & {"mpg", "l100"}
    price = keys & {"price", "price_per_l"}
    dist = keys & {"miles", "km"}
    speed = keys & {"mph", "kmh"}
    places = keys & {"from", "to"}
    if route == "compute.fuel_cost":
        allowed, need = {"miles", "km", "mpg", "l100", "price", "price_per_l"}, len(dist) == 1
    elif route == "compute.distance":
        allowed, need = {"from", "to"}, len(places) == 2
    elif route == "compute.trip_cost":
        allowed, need = {"from", "to", "mpg", "l100", "price", "price_per_l"}, len(places) == 2
    elif route == "compute.drive_time":
        allowed = {"miles", "km", "from", "to", "mph", "kmh"}
        need = (len(dist) == 1 and not places) or (len(places) == 2 and not dist)
    elif route == "compute.convert":
        allowed, need = {"value", "from", "to"}, keys == {"value", "from", "to"}
        if need and (s["from"], s["to"]) not in CONVERT:
            bad.append(f"unsupported conversion {s['from']!r} -> {s['to']!r}")
        if need and not _num(s["value"], positive=False):
            bad.append(f"bad value {s['value']!r}")
    elif route == "compute.mpg":
        allowed, need = {"miles", "gallons"}, keys == {"miles", "gallons"}
    elif route == "compute.split":
        allowed, need = {"amount", "people"}, keys == {"amount", "people"}
        if need and not (isinstance(s["people"], int) and not isinstance(s["people"], bool) and s["people"] >= 1):
            bad.append(f"bad people {s['people']!r}")
    else:   # smalltalk
        allowed, need = {"kind"}, s.get("kind") in ("greeting", "thanks", "help")
    if keys - allowed:
        bad.append(f"unknown spec keys {sorted(keys - allowed)}")
    if not need or len(eff) > 1 or len(price) > 1 or len(speed) > 1:
        bad.append("missing or conflicting parameters")
    for k in ("miles", "km", "mpg", "l100", "price", "price_per_l", "mph", "kmh", "gallons", "amount"):
        if k in s and not _num(s[k]):
            bad.append(f"bad {k} {s[k]!r}")
    if route != "compute.convert":
        for k in places:
            if not _place_ok(s[k]):
                bad.append(f"bad place {s[k]!r}")
    return bad


def read_spec_file(path):
    """-> (rows [(row, style)], problems). A row is the EXTRA tuple (id, user, as_of, query, route, spec)."""
    rows, bad = [], []
    name = os.path.basename(path)
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        where = f"{name}:{no}"
        try:
            d = json.loads(line)
        except ValueError as e:
            bad.append(f"{where}: not JSON ({e})")
            continue
        if not isinstance(d, dict):
            bad.append(f"{where}: not an object")
            continue
        where = f"{name}:{no} {d.get('id')}"
        missing = {"id", "user", "as_of", "query", "route", "spec"} - set(d)
        unknown = set(d) - {"id", "user", "as_of", "query", "route", "spec", "style", "known_gap"}
        if missing or unknown:
            bad.append(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
            continue
        if not (isinstance(d["id"], str) and d["id"]) or not isinstance(d["query"], str) or not d["query"].strip():
            bad.append(f"{where}: bad id or query")
            continue
        if not (isinstance(d["user"], str) and USER_RE.fullmatch(d["user"])):
            bad.append(f"{where}: bad user {d['user']!r}")
            continue
        try:
            date.fromisoformat(d["as_of"])
        except (TypeError, ValueError):
            bad.append(f"{where}: bad as_of {d['as_of']!r}")
            continue
        style = d.get("style")
        if style is not None and not (isinstance(style, str) and style and set(style.split("+")) <= STYLES):
            bad.append(f"{where}: bad style {style!r} (tags joined by '+', from {sorted(STYLES)})")
            continue
        route = d["route"]
        if not isinstance(route, str):
            bad.append(f"{where}: bad route {route!r}")
            continue
        sp = spec_problems(route, d["spec"])
        if sp:
            bad += [f"{where}: {p}" for p in sp]
            continue
        spec = d["spec"]
        if "from" in spec and route != "compute.convert":
            spec = dict(spec, **{k: tuple(spec[k]) for k in ("from", "to")})
        gap = d.get("known_gap")
        if gap is not None and not (isinstance(gap, str) and gap.strip() and route != "ai"):
            bad.append(f"{where}: known_gap must say why, on a tier 1 or 2 line (a gap is never labelled tier 3)")
            continue
        rows.append(((d["id"], d["user"], d["as_of"], d["query"], route, spec), {"style": style, "known_gap": gap}))
    return rows, bad


# --------------------------------------------------------------------------------- checking

def check_items(st, items, table):
    """items: parsed lines of a generated file; table: id -> row. Returns (tier counts, problems)."""
    fails, n = [], {1: 0, 2: 0, 3: 0}
    for it in items:
        row = table.get(it["id"])
        want = it.get("expect", {})
        if row is None or it["user"] != row[1] or it["as_of"] != row[2]:
            fails.append(f"{it['id']}: not in this script's table (or user/as_of changed)")
            continue
        tier = want.get("tier")
        n[tier] = n.get(tier, 0) + 1
        if tier in (1, 2):
            # every check in the file must agree with the recomputed value (by its own tolerance)
            if tier == 1:
                _, data = oracle.run(st, want["route"], it["user"], it["as_of"], row[5])
                for path, value, how in want["checks"]:
                    got = oracle.lookup(data, path)
                    if not oracle.matches(got, value, how):
                        fails.append(f"{it['id']} {path}: oracle {json.dumps(got)}, file {json.dumps(value)} ({how})")
            else:
                ref = {c[0]: c for c in tier2_checks(want["route"], row[5])}
                for path, value, how in want["checks"]:
                    if path not in ref or not oracle.matches(value, ref[path][1], how):
                        fails.append(f"{it['id']} {path}: file {json.dumps(value)}, recomputed {json.dumps(ref.get(path, [0, None])[1])} ({how})")
        elif tier != 3 or want.get("route") != "ai":
            fails.append(f"{it['id']}: bad tier/route {tier} {want.get('route')!r}")
    ids = [it["id"] for it in items]
    if len(set(ids)) != len(ids):
        fails.append("duplicate ids")
    return n, fails


def read_lines(path):
    """-> (parsed objects, raw lines, problems) of a generated JSONL file."""
    items, raw, bad = [], [], []
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            it = json.loads(line)
            if not (isinstance(it, dict) and isinstance(it.get("id"), str) and isinstance(it.get("expect"), dict)):
                raise ValueError("not an eval line")
        except ValueError as e:
            bad.append(f"line {no}: cannot be parsed ({e})")
            continue
        items.append(it)
        raw.append(line.rstrip("\n"))
    return items, raw, bad


def known_queries():
    """Lower-cased queries of dev-queries.jsonl and of the EXTRA table (spec files must not copy them)."""
    dev = os.path.join(HERE, "..", "..", "..", "shared", "eval", "dev-queries.jsonl")
    q = {}
    if os.path.exists(dev):
        q.update({json.loads(l)["query"].strip().lower(): "dev-queries.jsonl" for l in open(dev, encoding="utf-8") if l.strip()})
    q.update({row[3].strip().lower(): "extra-queries.jsonl" for row in EXTRA})
    return q


def spec_files():
    return sorted(glob.glob(os.path.join(SPECS, "*.jsonl")))


def out_file(spec_path):
    return os.path.join(HERE, os.path.basename(spec_path)[:-len(".jsonl")] + "-queries.jsonl")


def generate(st, rows):
    """-> (lines, problems): the generated JSONL lines of a spec file's rows."""
    lines, bad = [], []
    for row, meta in rows:
        try:
            lines.append(json.dumps(expected(st, row, meta), ensure_ascii=False))
        except (KeyError, ValueError, ZeroDivisionError, TypeError) as e:
            bad.append(f"{row[0]}: cannot compute ({type(e).__name__}: {e})")
    return lines, bad


def cross_problems(all_ids, rows):
    """Ids seen more than once across every file, and spec queries copied from dev/EXTRA."""
    bad, seen = [], set()
    for row, _ in rows:
        if all_ids.get(row[0], 0) > 1 and row[0] not in seen:
            seen.add(row[0])
            bad.append(f"{row[0]}: id used {all_ids[row[0]]} times (over EXTRA and every spec file)")
    known = known_queries()
    for row, _ in rows:
        src = known.get(row[3].strip().lower())
        if src:
            bad.append(f"{row[0]}: copied from {src}")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true",
                    help="regenerate extra-queries.jsonl and every <name>-queries.jsonl from specs/<name>.jsonl")
    ap.add_argument("--data", default=None, help="demo CSV directory (default as make_oracle.py)")
    a = ap.parse_args()
    st = oracle.Store(a.data or oracle.default_data_dir())

    specs = {p: read_spec_file(p) for p in spec_files()}
    all_ids = {}
    for row in EXTRA:
        all_ids[row[0]] = all_ids.get(row[0], 0) + 1
    for rows, _ in specs.values():
        for row, _ in rows:
            all_ids[row[0]] = all_ids.get(row[0], 0) + 1
    status = 0

    if a.write:
        with open(FILE, "w", encoding="utf-8") as f:
            for row in EXTRA:
                f.write(json.dumps(expected(st, row), ensure_ascii=False) + "\n")
        print(f"wrote {len(EXTRA)} lines to {os.path.relpath(FILE)}")
        for p, (rows, bad) in specs.items():
            lines, gbad = generate(st, rows)
            bad = bad + gbad + cross_problems(all_ids, rows)
            if bad:
                status = 1
                print(f"{os.path.relpath(p)}: {len(bad)} problems, {os.path.basename(out_file(p))} not written")
                for b in bad:
                    print("  " + b)
                continue
            with open(out_file(p), "w", encoding="utf-8") as f:
                f.write("".join(l + "\n" for l in lines))
            print(f"wrote {len(lines)} lines to {os.path.relpath(out_file(p))}")
        sys.exit(status)

    # extra-queries.jsonl against the EXTRA table
    table = {row[0]: row for row in EXTRA}
    items, raw, fails = read_lines(FILE)
    n, more = check_items(st, items, table)
    fails += more
    dev_q = {q for q, src in known_queries().items() if src == "dev-queries.jsonl"}
    fails += [f"{it['id']}: copied from dev-queries.jsonl" for it in items if it["query"].strip().lower() in dev_q]
    fails += [f"{it['id']}: id duplicated (across files)" for it in items if all_ids.get(it["id"], 0) > 1]
    want = [json.dumps(expected(st, row), ensure_ascii=False) for row in EXTRA]
    if raw != want:
        fails.append("extra-queries.jsonl differs from the EXTRA table (run --write)")
    print(f"extra-queries.jsonl: {len(items)} lines (tier 1: {n[1]}, tier 2: {n[2]}, tier 3: {n[3]}), {len(fails)} problems")
    for f in fails:
        print("  " + f)
    status |= bool(fails)

    # every specs/<name>.jsonl against its generated <name>-queries.jsonl
    for p, (rows, fails) in specs.items():
        out = out_file(p)
        name = os.path.basename(out)
        fails = list(fails)
        lines, gbad = generate(st, rows)
        fails += gbad + cross_problems(all_ids, rows)
        n, styles = {1: 0, 2: 0, 3: 0}, {}
        if not os.path.exists(out):
            fails.append(f"{name} missing (run --write)")
            items = []
        else:
            items, raw, bad = read_lines(out)
            fails += [f"{name} {b}" for b in bad]
            n, more = check_items(st, items, {row[0]: row for row, _ in rows})
            fails += more
            if raw != lines:
                gen = {json.loads(l)["id"]: l for l in lines}
                have = {it["id"]: r for it, r in zip(items, raw)}
                diff = [i for i in gen if have.get(i) != gen[i]] + [i for i in have if i not in gen]
                fails.append(f"{name} differs from {os.path.basename(p)} at {len(diff)} ids"
                             f" ({', '.join(diff[:8])}{', ...' if len(diff) > 8 else ''}) or in order (run --write)")
        for _, meta in rows:
            for t in (meta["style"] or "untagged").split("+"):
                styles[t] = styles.get(t, 0) + 1
        tags = ", ".join(f"{k} {v}" for k, v in sorted(styles.items()))
        print(f"{name}: {len(items)} lines (tier 1: {n.get(1, 0)}, tier 2: {n.get(2, 0)}, tier 3: {n.get(3, 0)};"
              f" styles: {tags}), {len(fails)} problems")
        for f in fails:
            print("  " + f)
        status |= bool(fails)
    sys.exit(1 if status else 0)


if __name__ == "__main__":
    main()
