#!/usr/bin/env python3
"""Re-validates extra-queries.jsonl (beside this file). Python 3 standard library only.

  python3 check_fixtures.py            check every line; exit 1 on any mismatch
  python3 check_fixtures.py --write    regenerate extra-queries.jsonl from the table below

The JSONL is in exactly the format of shared/eval/dev-queries.jsonl, so it can be given to
run_eval.py with --file. Its tier 1 parameters are not in the file (the eval format has no room
for them): EXTRA below records, for each id, the parameters a correct classifier extracts, and
the tier 1 expectations are recomputed with make_oracle.py's independent implementation of
CATALOG.md. Tier 2 expectations are recomputed here from CATALOG.md's formulas and constants
(haversine, R = 6371.0088 km, on shared/data/cities.csv; the largest population wins among
same-named places unless a region narrows; road miles = 1.2 x great circle; defaults 55 mph,
10 mpg, $3.50/gal; cost uses the unrounded gallons). Tier 3 lines only have to be well formed.
"""
import argparse, csv, json, math, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_oracle as oracle  # noqa: E402

FILE = os.path.join(HERE, "extra-queries.jsonl")
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
ROAD, SPEED, MPG, PRICE = 1.2, 55.0, 10.0, 3.50
_cities = None


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


def tier2_checks(route, s):
    if route == "compute.fuel_cost":
        miles = s["miles"] if "miles" in s else s["km"] / KM_PER_MI
        mpg = s.get("mpg") or (MPG_L100 / s["l100"] if "l100" in s else MPG)
        price = s.get("price") or (s["price_per_l"] * L_PER_GAL if "price_per_l" in s else PRICE)
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
        if route == "compute.drive_time":
            return [["hours", r2(road / SPEED), "rel:0.005"]]
        gallons = road / (s.get("mpg") or MPG)
        return [["road_miles_estimate", round(road, 1), "rel:0.005"], ["cost", r2(gallons * (s.get("price") or PRICE)), "rel:0.005"]]
    if route == "compute.drive_time":
        return [["hours", r2(s["miles"] / s.get("mph", SPEED)), "rel:0.005"]]
    if route == "compute.convert":
        v = s["value"]
        f = {("mph", "km/h"): lambda x: x * KM_PER_MI, ("L", "gal"): lambda x: x / L_PER_GAL,
             ("C", "F"): lambda x: x * 9 / 5 + 32, ("L/100km", "mpg"): lambda x: MPG_L100 / x,
             ("kg", "lb"): lambda x: x / 0.45359237}[(s["from"], s["to"])]
        return [["result", round(f(v), 3), "rel:0.001"]]
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


def expected(st, row):
    id_, user, as_of, query, route, s = row
    tier = 1 if route.startswith("summary.") else 2 if route.startswith("compute.") else 3
    checks = tier1_checks(st, route, user, as_of, s) if tier == 1 else tier2_checks(route, s) if tier == 2 else []
    return {"id": id_, "user": user, "as_of": as_of, "query": query,
            "expect": {"tier": tier, "route": route, "checks": checks}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="regenerate extra-queries.jsonl")
    ap.add_argument("--data", default=None, help="demo CSV directory (default as make_oracle.py)")
    a = ap.parse_args()
    st = oracle.Store(a.data or oracle.default_data_dir())
    if a.write:
        with open(FILE, "w", encoding="utf-8") as f:
            for row in EXTRA:
                f.write(json.dumps(expected(st, row), ensure_ascii=False) + "\n")
        print(f"wrote {len(EXTRA)} lines to {os.path.relpath(FILE)}")
        return
    table = {row[0]: row for row in EXTRA}
    items = [json.loads(l) for l in open(FILE, encoding="utf-8") if l.strip()]
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
    dev = os.path.join(HERE, "..", "..", "..", "shared", "eval", "dev-queries.jsonl")
    if os.path.exists(dev):
        dev_q = {json.loads(l)["query"].strip().lower() for l in open(dev, encoding="utf-8") if l.strip()}
        fails += [f"{it['id']}: copied from dev-queries.jsonl" for it in items if it["query"].strip().lower() in dev_q]
    print(f"extra-queries.jsonl: {len(items)} lines (tier 1: {n[1]}, tier 2: {n[2]}, tier 3: {n[3]}), {len(fails)} problems")
    for f in fails:
        print("  " + f)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
