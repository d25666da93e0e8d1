#!/usr/bin/env python3
"""Independent oracle for the five tier 1 summaries of CATALOG.md, over the demo CSVs.

Python 3 standard library only. It

  1. implements the period rules and the five summaries straight from
     ../../../shared/design/CATALOG.md (not from the Swift code),
  2. validates itself against every tier 1 line of ../../../shared/eval/dev-queries.jsonl
     (each dev line's parameters are annotated by hand in DEV_SPECS below; every check must match),
  3. writes summary-oracle.json beside this file: an array of cases
     {"user", "as_of", "route", "params": {...}, "data": {...}}.

  python3 make_oracle.py [--data DIR] [--dev FILE] [--out FILE] [--no-validate]

The data directory defaults to ../../Sources/Tier1Cache/Stores/Embedded/Resources/demo (the project's copy),
falling back to ../../../shared/data/demo. Exit status 1 when a dev check does not match.

Interpretations made (CATALOG.md leaves these open or implies them):

Periods (closed ranges [from, to], never past as_of)
  - "this week": Monday of as_of's ISO week .. as_of. "last week": the whole Monday..Sunday week
    before it (never clipped: it ends before as_of).
  - "last N days": as_of - N + 1 .. as_of; "last N weeks": as_of - 7N + 1 .. as_of (a rolling
    window, not calendar weeks).
  - "last N months": (as_of minus N calendar months, the day clamped to that month's end) + 1 day
    .. as_of.  E.g. as_of 2026-05-31, N=3 -> 2026-02-28 + 1 = 2026-03-01.
  - A bare month name is the latest such month whose first day is not after as_of's month
    (the current month counts: "November" on 2026-11-21 is 2026-11-01..2026-11-21), clipped at as_of.
  - "month year" is that calendar month clipped at as_of. A month entirely after as_of is not
    used by any case here (it would give from > to, i.e. an empty period).
  - "all time": from = null, to = as_of (rows on or before as_of).
  - From the README's Decisions (used by the spec files of check_fixtures.py, not by the cases
    below): "since <month>" (since:<name>|since:YYYY-MM) = that month's 1st (a bare name is the
    latest such month not after as_of's month) .. as_of; "in 2025" (year:2025) = that calendar
    year clipped at as_of; rolling "past week/month/year" = last_days:7 / last_months:1 /
    last_months:12. Either new rule starting after as_of is an error.
  - Rows dated after as_of are never counted by any summary.

summary.spend
  - count = number of expense rows in the period (and category). by_category is present only when
    no category is given, and holds only categories with at least one row in the period (a key
    whose sum is 0 would need a 0-cent row; none exist). With a category, the key is omitted.
  - category is null for "all".

summary.budget_status
  - The period is a month: from = its 1st, to = min(month end, as_of); params.month = "YYYY-MM".
  - categories = the user's budget rows (every demo user has all 8), sorted by category name, each
    with spent_cents = that category's expenses in [from, to]; remaining = limit - spent (may be
    negative). Totals are sums over the listed categories only (so with a category everything is
    limited to that one category).
  - over_budget = categories with spent > limit (strictly), sorted by name.
  - days_left = (month's last day - as_of) + 1 when as_of is inside the month, 0 for a past month
    (and, by the same logic, the month's full length would apply for a future month; never used).
  - daily_allowance_cents = floor(total_remaining / days_left) when both are > 0, else 0.

summary.savings
  - Default period all time (from null). count = rows in the period.

summary.recent_expenses
  - limit default 5, clamped to 1..50. Rows with spent_on <= as_of (and the category if given),
    ordered spent_on desc, id desc. params.from = null, params.to = as_of (no period of its own).
  - data = {"expenses": [{id, spent_on, amount_cents, category, description}]} and nothing else.

summary.fuel_stats
  - Fill-ups ordered per user by (filled_on, id); "previous fill-up" = the one just before in
    that order, at any date (even before the period's from).
  - cost_cents = sum over fill-ups of round_half_up(gallons x price_per_gallon_cents), computed
    exactly (gallons are 3-decimal decimals).
  - gallons = exact sum, emitted as a JSON number with 3 decimals.
  - avg_price_per_gallon_cents = round_half_up(cost_cents / gallons) as an integer; null when
    there are no fill-ups (nothing to divide, like mpg).
  - miles = sum(odometer - previous odometer) over fill-ups in the period that have a previous
    fill-up (an integer, 0 when none); mpg = round_half_up(miles / mpg_gallons, 2) where
    mpg_gallons sums only those same fill-ups' gallons; null when mpg_gallons is 0.
  - fillups = number of fill-ups in the period.

All rounding is half up on exact rationals (fractions.Fraction), never on floats.
"""
import argparse, calendar, csv, json, os, sys
from datetime import date, timedelta
from fractions import Fraction
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["fuel", "food", "camping", "maintenance", "shopping", "entertainment", "insurance", "other"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]


# ---------------------------------------------------------------------------------------- data

def default_data_dir():
    for d in (os.path.join(HERE, "..", "..", "Sources", "Tier1Cache", "Stores", "Embedded", "Resources", "demo"),
              os.path.join(HERE, "..", "..", "..", "shared", "data", "demo")):
        if os.path.exists(os.path.join(d, "expenses.csv")):
            return os.path.normpath(d)
    sys.exit("make_oracle: demo CSVs not found; give --data DIR")


class Store:
    def __init__(self, data_dir):
        def rows(name):
            with open(os.path.join(data_dir, name), newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))
        d = date.fromisoformat
        self.expenses = [dict(id=int(r["id"]), user=r["user_id"], amount_cents=int(r["amount_cents"]),
                              category=r["category"], description=r["description"], spent_on=d(r["spent_on"]))
                         for r in rows("expenses.csv")]
        self.budgets = [dict(user=r["user_id"], category=r["category"], limit_cents=int(r["monthly_limit_cents"]))
                        for r in rows("budgets.csv")]
        self.fuel = [dict(id=int(r["id"]), user=r["user_id"], filled_on=d(r["filled_on"]),
                          gallons=Fraction(Decimal(r["gallons"])), price=int(r["price_per_gallon_cents"]),
                          odometer=int(r["odometer_miles"]))
                     for r in rows("fuel_logs.csv")]
        self.savings = [dict(id=int(r["id"]), user=r["user_id"], amount_cents=int(r["amount_cents"]),
                             saved_on=d(r["saved_on"])) for r in rows("savings.csv")]


# ------------------------------------------------------------------------------------- helpers

def round_half_up(x, places=0):
    """x: Fraction (non-negative in practice; negative rounds half away from zero)."""
    q = Fraction(10) ** places
    v = abs(Fraction(x)) * q
    n = (v.numerator * 2 + v.denominator) // (2 * v.denominator)   # floor(v + 1/2)
    n = n if x >= 0 else -n
    return n if places == 0 else Fraction(n) / q


def num(fr, places):
    """A Fraction already rounded to `places` decimals -> JSON number (float of the exact decimal)."""
    return float(Decimal(fr.numerator) / Decimal(fr.denominator)) if places else int(fr)


def month_end(y, m):
    return date(y, m, calendar.monthrange(y, m)[1])


def minus_months(d, n):
    y, m = d.year, d.month - n
    while m < 1:
        m += 12
        y -= 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def iso(d):
    return d.isoformat() if d else None


# ------------------------------------------------------------------------------------- periods

def period(spec, as_of):
    """spec -> (from | None, to). Specs: today, yesterday, this_week, last_week, this_month,
    last_month, month:<name or 1..12>, month:YYYY-MM, this_year, last_year, last_days:N,
    last_weeks:N, last_months:N, all_time, since:<month name or 1..12 or YYYY-MM>, year:YYYY.
    (Rolling "past week" / "past month" / "past year" are last_days:7 / last_months:1 / last_months:12.)"""
    if spec == "today":
        return as_of, as_of
    if spec == "yesterday":
        y = as_of - timedelta(days=1)
        return y, y
    if spec == "this_week":
        return as_of - timedelta(days=as_of.weekday()), as_of
    if spec == "last_week":
        mon = as_of - timedelta(days=as_of.weekday() + 7)
        return mon, mon + timedelta(days=6)
    if spec == "this_month":
        return as_of.replace(day=1), as_of
    if spec == "last_month":
        first = minus_months(as_of.replace(day=1), 1)
        return first, month_end(first.year, first.month)
    if spec == "this_year":
        return date(as_of.year, 1, 1), as_of
    if spec == "last_year":
        return date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31)
    if spec == "all_time":
        return None, as_of
    kind, _, arg = spec.partition(":")
    if kind == "since":                                  # README Decisions: "since March" = March 1 .. as_of
        if "-" in arg:
            y, m = map(int, arg.split("-"))
        else:                                            # the latest such month not after as_of's month
            m = int(arg) if arg.isdigit() else MONTHS.index(arg.lower()) + 1
            y = as_of.year if m <= as_of.month else as_of.year - 1
        frm = date(y, m, 1)
        if frm > as_of:
            raise ValueError(f"period {spec!r} starts after as_of")
        return frm, as_of
    if kind == "year":                                   # README Decisions: "in 2025" = that year, clipped
        y = int(arg)
        if date(y, 1, 1) > as_of:
            raise ValueError(f"period {spec!r} starts after as_of")
        return date(y, 1, 1), min(date(y, 12, 31), as_of)
    if kind == "month":
        if "-" in arg:                                   # month and year
            y, m = map(int, arg.split("-"))
        else:                                            # a month name: latest not after as_of's month
            m = int(arg) if arg.isdigit() else MONTHS.index(arg.lower()) + 1
            y = as_of.year if m <= as_of.month else as_of.year - 1
        return date(y, m, 1), min(month_end(y, m), as_of)
    n = int(arg)
    if kind == "last_days":
        return as_of - timedelta(days=n - 1), as_of
    if kind == "last_weeks":
        return as_of - timedelta(days=7 * n - 1), as_of
    if kind == "last_months":
        return minus_months(as_of, n) + timedelta(days=1), as_of
    raise ValueError(f"unknown period {spec!r}")


def in_period(d, frm, to):
    return (frm is None or d >= frm) and d <= to


# ----------------------------------------------------------------------------------- summaries

def spend(st, user, as_of, spec="this_month", category=None):
    frm, to = period(spec, as_of)
    rows = [e for e in st.expenses if e["user"] == user and in_period(e["spent_on"], frm, to)
            and (category is None or e["category"] == category)]
    data = {"from": iso(frm), "to": iso(to), "category": category,
            "total_cents": sum(e["amount_cents"] for e in rows), "count": len(rows)}
    if category is None:
        by = {}
        for e in rows:
            by[e["category"]] = by.get(e["category"], 0) + e["amount_cents"]
        data["by_category"] = {k: by[k] for k in sorted(by)}
    params = {"from": iso(frm), "to": iso(to), "category": category, "limit": None}
    return params, data


def budget_status(st, user, as_of, spec="this_month", category=None):
    frm, _ = period(spec, as_of)
    y, m = frm.year, frm.month
    frm, last = date(y, m, 1), month_end(y, m)
    to = min(last, as_of)
    budgets = sorted((b for b in st.budgets if b["user"] == user and (category is None or b["category"] == category)),
                     key=lambda b: b["category"])
    cats = []
    for b in budgets:
        spent = sum(e["amount_cents"] for e in st.expenses if e["user"] == user and e["category"] == b["category"]
                    and frm <= e["spent_on"] <= to)
        cats.append({"category": b["category"], "limit_cents": b["limit_cents"], "spent_cents": spent,
                     "remaining_cents": b["limit_cents"] - spent})
    tl = sum(c["limit_cents"] for c in cats)
    ts = sum(c["spent_cents"] for c in cats)
    tr = tl - ts
    if as_of < frm:
        days_left = (last - frm).days + 1        # a future month (never used by the fixtures)
    elif as_of > last:
        days_left = 0                            # a past month
    else:
        days_left = (last - as_of).days + 1      # both ends counted
    allowance = tr // days_left if tr > 0 and days_left > 0 else 0
    month = f"{y:04d}-{m:02d}"
    data = {"month": month, "from": iso(frm), "to": iso(to), "categories": cats,
            "total_limit_cents": tl, "total_spent_cents": ts, "total_remaining_cents": tr,
            "over_budget": sorted(c["category"] for c in cats if c["spent_cents"] > c["limit_cents"]),
            "days_left": days_left, "daily_allowance_cents": allowance}
    params = {"from": iso(frm), "to": iso(to), "category": category, "limit": None, "month": month}
    return params, data


def savings(st, user, as_of, spec="all_time"):
    frm, to = period(spec, as_of)
    rows = [s for s in st.savings if s["user"] == user and in_period(s["saved_on"], frm, to)]
    data = {"from": iso(frm), "to": iso(to), "total_cents": sum(s["amount_cents"] for s in rows), "count": len(rows)}
    return {"from": iso(frm), "to": iso(to), "category": None, "limit": None}, data


def recent_expenses(st, user, as_of, limit=None, category=None):
    limit = 5 if limit is None else max(1, min(50, limit))
    rows = [e for e in st.expenses if e["user"] == user and e["spent_on"] <= as_of
            and (category is None or e["category"] == category)]
    rows.sort(key=lambda e: (e["spent_on"], e["id"]), reverse=True)
    data = {"expenses": [{"id": e["id"], "spent_on": iso(e["spent_on"]), "amount_cents": e["amount_cents"],
                          "category": e["category"], "description": e["description"]} for e in rows[:limit]]}
    return {"from": None, "to": iso(as_of), "category": category, "limit": limit}, data


def fuel_stats(st, user, as_of, spec="this_month"):
    frm, to = period(spec, as_of)
    logs = sorted((f for f in st.fuel if f["user"] == user), key=lambda f: (f["filled_on"], f["id"]))
    gallons = Fraction(0)
    cost = 0
    miles = 0
    mpg_gallons = Fraction(0)
    n = 0
    for i, f in enumerate(logs):
        if not in_period(f["filled_on"], frm, to):
            continue
        n += 1
        gallons += f["gallons"]
        cost += round_half_up(f["gallons"] * f["price"])
        if i > 0:
            miles += f["odometer"] - logs[i - 1]["odometer"]
            mpg_gallons += f["gallons"]
    data = {"from": iso(frm), "to": iso(to), "fillups": n,
            "gallons": num(round_half_up(gallons, 3), 3),
            "cost_cents": cost,
            "avg_price_per_gallon_cents": round_half_up(Fraction(cost) / gallons) if gallons else None,
            "miles": miles,
            "mpg": num(round_half_up(Fraction(miles) / mpg_gallons, 2), 2) if mpg_gallons else None}
    return {"from": iso(frm), "to": iso(to), "category": None, "limit": None}, data


ROUTES = {
    "summary.spend": lambda st, u, a, s: spend(st, u, a, s.get("period", "this_month"), s.get("category")),
    "summary.budget_status": lambda st, u, a, s: budget_status(st, u, a, s.get("period", "this_month"), s.get("category")),
    "summary.savings": lambda st, u, a, s: savings(st, u, a, s.get("period", "all_time")),
    "summary.recent_expenses": lambda st, u, a, s: recent_expenses(st, u, a, s.get("limit"), s.get("category")),
    "summary.fuel_stats": lambda st, u, a, s: fuel_stats(st, u, a, s.get("period", "this_month")),
}


def run(st, route, user, as_of, spec):
    """spec: {"period"?, "category"?, "limit"?}. Returns (params, data)."""
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    return ROUTES[route](st, user, as_of, spec)


# --------------------------------------------------------------------- checks (as run_eval.py)

# The path lookup is the evaluation's own, so the fixtures are checked exactly as run_eval.py reads them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from run_eval import lookup  # noqa: E402


def matches(got, want, how):
    """Stricter than run_eval.py for lists: an eq on a list of strings must match in order too
    (the oracle's lists are sorted), so the fixture files pin the order."""
    if how == "eq":
        return got == want and type(got) is type(want) or (got == want and {type(got), type(want)} <= {int, float})
    if got is None or want is None:
        return got == want
    kind, tol = how.split(":")
    got, want, tol = float(got), float(want), float(tol)
    return abs(got - want) <= (tol if kind == "abs" else tol * max(abs(want), 1e-9))


def check_line(st, item, spec):
    """Recompute one tier 1 eval line from its hand-given spec; return a list of mismatch strings."""
    want = item["expect"]
    _, data = run(st, want["route"], item["user"], item["as_of"], spec)
    bad = []
    for path, value, how in want["checks"]:
        got = lookup(data, path)
        if not matches(got, value, how):
            bad.append(f"{path}: oracle {json.dumps(got)}, file {json.dumps(value)} ({how})")
    return bad


# The parameters a correct classifier extracts from each tier 1 dev query (read by a human).
DEV_SPECS = {
    "dev001": {"period": "this_month", "category": "fuel"},
    "dev002": {"period": "this_month"},
    "dev003": {"period": "last_month"},
    "dev004": {"period": "this_year"},
    "dev005": {"period": "last_week", "category": "food"},
    "dev006": {"period": "month:october", "category": "camping"},
    "dev007": {"period": "last_days:30", "category": "fuel"},
    "dev008": {"period": "month:2026-09"},
    "dev009": {"period": "last_year", "category": "maintenance"},
    "dev010": {"period": "today"},
    "dev011": {"period": "yesterday"},
    "dev012": {"period": "this_week", "category": "food"},
    "dev013": {"period": "month:december", "category": "fuel"},
    "dev014": {"period": "last_weeks:2", "category": "fuel"},
    "dev015": {"period": "this_month", "category": "camping"},
    "dev016": {"period": "this_year", "category": "entertainment"},
    "dev017": {"period": "last_months:3", "category": "shopping"},
    "dev018": {"period": "month:2025-03"},
    "dev019": {"period": "this_year", "category": "insurance"},
    "dev020": {"period": "this_month", "category": "food"},
    "dev021": {"period": "this_month", "category": "fuel"},
    "dev022": {"period": "last_month"},
    "dev023": {},
    "dev024": {"period": "this_month"},
    "dev025": {},
    "dev026": {"category": "fuel"},
    "dev027": {"category": "food"},
    "dev028": {},
    "dev029": {"category": "camping"},
    "dev030": {"period": "last_month"},
    "dev031": {},
    "dev032": {},
    "dev033": {},
    "dev034": {"period": "this_year"},
    "dev035": {},
    "dev036": {"period": "last_month"},
    "dev037": {},
    "dev038": {"limit": 10},
    "dev039": {"limit": 3, "category": "fuel"},
    "dev040": {},
    "dev041": {"category": "camping"},
    "dev042": {"period": "this_month"},
    "dev043": {"period": "last_month"},
    "dev044": {"period": "this_year"},
    "dev045": {"period": "month:october"},
    "dev046": {"period": "last_days:90"},
    "dev113": {"period": "last_year"},
    "dev114": {"period": "month:december", "category": "fuel"},
    "dev115": {"period": "this_week"},
    "dev116": {},
    "dev117": {"period": "this_year"},
}


def validate_dev(st, path):
    items = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    t1 = [it for it in items if it["expect"]["tier"] == 1]
    ok, fails = 0, []
    for it in t1:
        spec = DEV_SPECS.get(it["id"])
        if spec is None:
            fails.append((it, ["no hand-annotated parameters for this line in DEV_SPECS"]))
            continue
        bad = check_line(st, it, spec)
        if bad:
            fails.append((it, bad))
        else:
            ok += 1
    print(f"dev-queries.jsonl: {len(t1)} tier 1 lines, {ok} matched every check, {len(fails)} did not")
    for it, bad in fails:
        print(f"  MISMATCH {it['id']} {it['query']!r}: " + "; ".join(bad))
    return not fails


# ------------------------------------------------------------------------------- oracle cases

def cases():
    """(route, user, as_of, spec) covering every summary and period rule."""
    A, B, C, D = "2026-11-21", "2026-03-10", "2025-12-31", "2026-01-04"
    E = "2026-05-31"   # month-end: last N months clamps (Feb), this week spans a month boundary
    F = "2026-03-02"   # Monday: this week is one day, last week crosses Feb -> Mar
    out = []
    sp = "summary.spend"
    out += [
        (sp, "u001", A, {"period": "this_month"}),
        (sp, "u002", A, {"period": "this_month", "category": "fuel"}),
        (sp, "u003", A, {"period": "today"}),
        (sp, "u004", A, {"period": "yesterday", "category": "food"}),
        (sp, "u005", A, {"period": "this_week"}),
        (sp, "u006", A, {"period": "last_week", "category": "camping"}),
        (sp, "u007", A, {"period": "last_month"}),
        (sp, "u008", A, {"period": "month:june", "category": "maintenance"}),
        (sp, "u009", A, {"period": "month:november"}),
        (sp, "u010", A, {"period": "month:2025-02"}),
        (sp, "u011", A, {"period": "this_year", "category": "insurance"}),
        (sp, "u012", A, {"period": "last_year"}),
        (sp, "u013", A, {"period": "last_days:7"}),
        (sp, "u014", A, {"period": "last_weeks:3", "category": "shopping"}),
        (sp, "u015", A, {"period": "last_months:6"}),
        (sp, "u016", A, {"period": "all_time", "category": "entertainment"}),
        (sp, "u017", B, {"period": "last_month"}),                      # Feb 2026
        (sp, "u018", B, {"period": "last_months:2", "category": "food"}),
        (sp, "u019", C, {"period": "this_year"}),                       # the whole of 2025
        (sp, "u020", C, {"period": "month:december", "category": "fuel"}),
        (sp, "u021", D, {"period": "this_week"}),                       # Mon 2025-12-29 .. Sun 2026-01-04
        (sp, "u022", D, {"period": "last_week", "category": "food"}),   # Dec 22..28
        (sp, "u023", D, {"period": "last_month"}),                      # Dec 2025
        (sp, "u024", D, {"period": "last_days:10"}),                    # crosses the year
        (sp, "u025", E, {"period": "last_months:3"}),                   # 2026-02-28 + 1 = 03-01
        (sp, "u026", E, {"period": "this_week", "category": "camping"}),
        (sp, "u027", F, {"period": "this_week"}),
        (sp, "u028", F, {"period": "last_week"}),
        (sp, "u029", B, {"period": "month:2026-03", "category": "other"}),
        (sp, "u030", A, {"period": "today", "category": "insurance"}),  # no rows
        (sp, "u031", A, {"period": "month:2024-12"}),                   # no rows at all: by_category {}
    ]
    bs = "summary.budget_status"
    out += [
        (bs, "u031", A, {}),
        (bs, "u032", A, {"category": "fuel"}),
        (bs, "u033", A, {"period": "last_month"}),                      # past month
        (bs, "u034", A, {"period": "month:2025-07", "category": "camping"}),
        (bs, "u035", B, {}),
        (bs, "u036", B, {"category": "food"}),
        (bs, "u037", C, {}),                                            # last day: days_left 1
        (bs, "u038", D, {}),
        (bs, "u039", D, {"period": "last_month"}),
        (bs, "u040", E, {"category": "shopping"}),
        (bs, "u041", A, {"period": "month:february"}),
        (bs, "u001", F, {}),
    ]
    sv = "summary.savings"
    out += [
        (sv, "u042", A, {}),
        (sv, "u043", A, {"period": "this_year"}),
        (sv, "u044", A, {"period": "last_month"}),
        (sv, "u045", A, {"period": "last_year"}),
        (sv, "u046", B, {}),
        (sv, "u047", C, {"period": "this_month"}),
        (sv, "u048", D, {"period": "this_year"}),
        (sv, "u049", A, {"period": "this_week"}),
        (sv, "u050", A, {"period": "last_months:3"}),
        (sv, "u002", A, {"period": "yesterday"}),
    ]
    re_ = "summary.recent_expenses"
    out += [
        (re_, "u003", A, {}),
        (re_, "u004", A, {"limit": 1}),
        (re_, "u005", A, {"limit": 5, "category": "fuel"}),
        (re_, "u006", A, {"limit": 50}),
        (re_, "u007", B, {"limit": 10, "category": "camping"}),
        (re_, "u008", C, {"limit": 3}),
        (re_, "u009", D, {"category": "maintenance"}),
        (re_, "u010", A, {"limit": 50, "category": "insurance"}),
        (re_, "u011", F, {"limit": 1, "category": "food"}),
    ]
    fs = "summary.fuel_stats"
    out += [
        (fs, "u012", A, {}),
        (fs, "u013", A, {"period": "last_month"}),
        (fs, "u014", A, {"period": "this_year"}),
        (fs, "u015", A, {"period": "last_year"}),
        (fs, "u016", A, {"period": "all_time"}),
        (fs, "u017", A, {"period": "month:2025-01"}),                   # first fill-up has no previous
        (fs, "u018", A, {"period": "today"}),
        (fs, "u019", A, {"period": "last_weeks:4"}),
        (fs, "u020", B, {"period": "month:december"}),
        (fs, "u021", C, {"period": "last_days:45"}),
        (fs, "u022", D, {"period": "this_week"}),
        (fs, "u023", D, {}),
        (fs, "u024", E, {"period": "last_months:3"}),
        (fs, "u025", F, {"period": "last_week"}),
        (fs, "u026", A, {"period": "month:2024-12"}),                   # before the data: no rows
    ]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=None)
    ap.add_argument("--dev", default=os.path.join(HERE, "..", "..", "..", "shared", "eval", "dev-queries.jsonl"))
    ap.add_argument("--out", default=os.path.join(HERE, "summary-oracle.json"))
    ap.add_argument("--no-validate", action="store_true")
    a = ap.parse_args()
    st = Store(a.data or default_data_dir())
    if not a.no_validate:
        if not os.path.exists(a.dev):
            sys.exit(f"make_oracle: {a.dev} not found (give --dev FILE or --no-validate)")
        if not validate_dev(st, a.dev):
            sys.exit(1)
    out = []
    for route, user, as_of, spec in cases():
        params, data = run(st, route, user, as_of, spec)
        out.append({"user": user, "as_of": as_of, "route": route, "params": params, "data": data})
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False, separators=(", ", ": ")) for c in out) + "\n]\n")
    counts = {}
    for c in out:
        counts[c["route"]] = counts.get(c["route"], 0) + 1
    print(f"wrote {len(out)} cases to {os.path.relpath(a.out)}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
