#!/usr/bin/env python3
"""Fault-injection suite: while the load generator sends a steady mixed load to a router on real
PostgreSQL, Redis and the fake AI server, break one dependency, bring it back, and check every
request's outcome.

For each fault it records, per tier: correct answers (a 200 whose data is what the independent
oracle computes for that request and user: expected.py), documented errors, and anything else. What
may be a documented error is set per fault and per tier (ARCHITECTURE.md, principle 5), always a
429/503 carrying Retry-After:
- Redis killed: tiers 1 and 2 answer from SQL, so every request must be correct; tier 3 may shed
  (its AI budget lives in Redis).
- PostgreSQL stopped, SQL slow: tier 1 may answer 503 `summary-unavailable` (no stale entry to
  serve); tier 2 must answer every request; tier 3 may shed.
- AI 529 / hang / cut streams: tiers 1 and 2 must answer every request; tier 3 may shed.
A fault passes only if nothing else happened (no other status, no transport error, no wrong data),
LoadGen's outcomes file accounts for exactly the requests it scheduled (rate x duration, none left
unsent) and LoadGen itself exited 0, the router process survived, the dependency's breaker left
`closed` in /metrics during the fault, and answers were back to normal within 10 s of the
dependency's return.

Run it through resilience/run.sh, which builds the binaries and starts the services on ports of
their own. Exit status 0 only if every fault passes.
"""
import json
import sys
import threading
import time
from pathlib import Path

from common import (suite_arguments, FakeAI, RouterProcess, Services, SHED_TIER3, cell, classify, expectations,
                    failures, http, loadgen, loadgen_exit_ok, log, read_outcomes, router_environment, free_port,
                    scheduled_count)


class MetricsWatcher(threading.Thread):
    """Scrapes /metrics twice a second; remembers every breaker state seen, with its time."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.samples, self.stopping = base, [], False

    def run(self):
        while not self.stopping:
            try:
                _, text = http("GET", self.base + "/metrics")
                states = {}
                for line in text.splitlines():
                    if line.startswith("router_breaker_state{"):
                        dep = line.split('dependency="', 1)[1].split('"', 1)[0]
                        states[dep] = float(line.rsplit(" ", 1)[1])
                self.samples.append((time.monotonic(), states))
            except Exception:
                self.samples.append((time.monotonic(), None))
            time.sleep(0.5)


# Documented errors each fault allows, per tier ({tier: {status: problem types or None for any}},
# always with Retry-After); a tier not listed must answer every request correctly.
SQL_DOWN = {1: {503: {"summary-unavailable"}}, **SHED_TIER3}

FAULTS = {
    # name: (breaker that must show it, description, documented errors allowed)
    "redis-killed": ("cache", "Redis killed with SIGKILL, then restarted", SHED_TIER3),
    "postgres-stopped": ("database", "PostgreSQL stopped (immediate), then restarted", SQL_DOWN),
    "sql-slow": ("database", "every summary query blocked behind a lock held for the fault (pg_sleep)", SQL_DOWN),
    "ai-529": ("ai", "the AI provider answers 529 overloaded to every call", SHED_TIER3),
    "ai-hang": ("ai", "the AI provider accepts calls and never answers", SHED_TIER3),
    "ai-stream-cut": ("ai", "the AI provider cuts every stream after 2 text deltas", SHED_TIER3),
}


def allowance_text(allowed):
    parts = []
    for tier in (1, 2, 3):
        rules = allowed.get(tier)
        if not rules:
            parts.append(f"tier {tier}: none")
        else:
            parts.append(f"tier {tier}: " + ", ".join(
                f"{status}" + ("" if types is None else " " + "/".join(sorted(types))) for status, types in sorted(rules.items())))
    return "; ".join(parts)


def run_fault(name, args, services, base, fake_base, router):
    breaker, description, _ = FAULTS[name]
    out = Path(args.out, name)
    out.mkdir(parents=True, exist_ok=True)
    load = loadgen(args, base, out, f"fault {name}", args.rate, args.duration)
    watcher = MetricsWatcher(base)
    watcher.start()
    time.sleep(args.fault_at)
    fault_start, fault_wall = time.monotonic(), time.time()
    slow = None
    log(f"{name}: {description}")
    if name == "redis-killed":
        services.kill_redis()
    elif name == "postgres-stopped":
        services.stop_postgres()
    elif name == "sql-slow":
        slow = services.slow_sql(args.fault_for)
    else:
        kind = {"ai-529": {"kind": "overloaded"}, "ai-hang": {"kind": "hang"},
                "ai-stream-cut": {"kind": "stream_error", "after_deltas": 2}}[name]
        http("PUT", fake_base + "/_fake/fault", {"fault": kind, "rate": 1})
    time.sleep(args.fault_for)
    if name in ("redis-killed", "postgres-stopped"):
        services.start()
    elif name == "sql-slow":
        slow.wait(timeout=30)
    else:
        http("PUT", fake_base + "/_fake/fault", {"fault": None})
    restored, restored_wall = time.monotonic(), time.time()
    log(f"{name}: restored after {restored - fault_start:.1f} s")
    try:
        load.wait(timeout=args.duration + 120)
    except Exception:
        load.kill()
        load.wait()
    watcher.stopping = True
    watcher.join(timeout=5)

    # Requests carry their due time on the wall clock: align them with the fault's window.
    fault_from, fault_to = fault_wall * 1000, restored_wall * 1000
    outcomes = read_outcomes(out / "outcomes.jsonl")
    return analyse(name, args, breaker, outcomes, load, watcher.samples, fault_start, restored, fault_from, fault_to,
                   router)


def analyse(name, args, breaker, outcomes, load, samples, fault_start, restored, fault_from, fault_to, router):
    allowed = FAULTS[name][2]
    # A tier 1/2 answer is correct when the oracle computes the same data; for a request it has no
    # expectation for, when it equals that request's answer before the fault began.
    per_tier, bad_examples, kinds = classify(outcomes, correct_before_ms=fault_from, expect=expectations(args),
                                             allowed=allowed)
    after_restore = [due - fault_to for due, kind in kinds if kind != "correct" and due >= fault_to]
    last_bad_after_restore = max(after_restore) if after_restore else None
    states = [s.get(breaker) for t, s in samples if s is not None and fault_start <= t <= restored + 10]
    breaker_seen = any(v not in (None, 0.0) for v in states)
    alive = router.alive()
    others = failures(per_tier)
    recovered_in = (last_bad_after_restore or 0) / 1000
    scheduled = scheduled_count(args.rate, args.duration)
    unsent = sum(c.get("not sent", 0) for c in per_tier.values())
    checks = {
        "router alive": alive,
        f"every scheduled request accounted for ({len(outcomes)} outcomes of {scheduled} scheduled, {unsent} unsent)":
            len(outcomes) == scheduled and unsent == 0,
        "LoadGen exited 0": loadgen_exit_ok(load),
        f"no outcome beyond the allowed documented errors ({allowance_text(allowed)})": others == 0,
        f"breaker '{breaker}' left closed during the fault": breaker_seen,
        "answers back to normal within 10 s of the restore": recovered_in <= 10,
    }
    return {
        "fault": name, "description": FAULTS[name][1], "passed": all(checks.values()), "checks": checks,
        "allowed": {str(t): {str(s): sorted(v) if v is not None else "any" for s, v in r.items()} for t, r in allowed.items()},
        "router_alive": alive, "breaker": breaker, "breaker_state_changed": breaker_seen,
        "recovered_within_s": round(recovered_in, 2), "fault_duration_s": round(restored - fault_start, 1),
        "outcomes": {str(t): dict(c) for t, c in sorted(per_tier.items())}, "requests": len(outcomes),
        "scheduled": scheduled, "failures": others, "loadgen_exit": load.returncode,
        "examples_of_failures": bad_examples,
    }


def main():
    p = suite_arguments(__doc__, pg_port=25532, rate=40, duration=30)
    p.add_argument("--fault-at", type=float, default=8)
    p.add_argument("--fault-for", type=float, default=8)
    p.add_argument("--only", default="", help="comma-separated fault names")
    args = p.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    expectations(args)  # loads and self-checks the oracle's tables before any service starts

    services = Services(args.pg_port, args.redis_port, f"/tmp/edge-router-faults-{args.pg_port}")
    services.prepare(args.router)
    fake = FakeAI(args.fake)
    env = router_environment(
        services, fake, free_port(),
        # Short TTLs keep SQL in play during the faults; short AI timeouts and breaker keep the suite short.
        ROUTER_TTL_SPEND=2, ROUTER_TTL_BUDGET_STATUS=2, ROUTER_TTL_SAVINGS=2, ROUTER_TTL_RECENT_EXPENSES=2,
        ROUTER_TTL_FUEL_STATS=2, ROUTER_STALE_WHILE_REVALIDATE=2, ROUTER_AI_IDLE_TIMEOUT_MS=2000,
        ROUTER_AI_TIMEOUT_MS=6000, ROUTER_AI_BREAKER_OPEN_MS=3000, ROUTER_DB_TIMEOUT_MS=1000)
    router = RouterProcess(args.router, env, Path(args.out, "router.log"))
    results, names, code = [], [], None
    try:
        router.start()
        names = [n for n in FAULTS if not args.only or n in args.only.split(",")]
        for name in names:
            results.append(run_fault(name, args, services, router.base, fake.base, router))
            r = results[-1]
            log(f"{name}: {'PASS' if r['passed'] else 'FAIL'} outcomes {r['outcomes']} breaker changed "
                f"{r['breaker_state_changed']} recovered within {r['recovered_within_s']} s, alive {r['router_alive']}")
            for check, ok in r["checks"].items():
                if not ok:
                    log(f"{name}:   failed check: {check}")
            for example in r["examples_of_failures"][:3]:
                log(f"{name}:   e.g. " + json.dumps({k: v for k, v in example.items() if k != "data"})[:300])
            if not router.alive():
                break
            time.sleep(3)  # let breakers close before the next fault
    finally:
        code = router.terminate(within=30)
        fake.stop()
        services.stop()
    summary = {"results": results, "router_exit": code}
    Path(args.out, "faults.json").write_text(json.dumps(summary, indent=2))
    print(markdown(results, code))
    sys.exit(0 if results and all(r["passed"] for r in results) and len(results) == len(names) and code == 0 else 1)


def markdown(results, code):
    lines = ["| fault | requests | tier 1 | tier 2 | tier 3 | failures | breaker seen | back within | pass |",
             "|---|---:|---|---|---|---:|---|---:|---|"]
    for r in results:
        tiers = [cell(r["outcomes"].get(t, {})) for t in ("1", "2", "3")]
        lines.append(f"| {r['fault']} | {r['requests']} of {r['scheduled']} | {tiers[0]} | {tiers[1]} | {tiers[2]} | {r['failures']} | "
                     f"{r['breaker']}: {'yes' if r['breaker_state_changed'] else 'no'} | {r['recovered_within_s']} s | "
                     f"{'yes' if r['passed'] else 'NO'} |")
    failed = [f"- {r['fault']}: {check}: NO" for r in results for check, ok in r["checks"].items() if not ok]
    if failed:
        lines += [""] + failed
    lines.append(f"\nrouter exit status after SIGTERM: {code}")
    lines.append("Documented errors allowed (429/503 with Retry-After): "
                 + " | ".join(f"{name}: {allowance_text(FAULTS[name][2])}" for name in dict.fromkeys(r["fault"] for r in results)))
    return "\n".join(lines)



if __name__ == "__main__":
    main()
