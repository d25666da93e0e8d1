#!/usr/bin/env python3
"""Fault-injection suite: while the load generator sends a steady mixed load to a router on real
PostgreSQL, Redis and the fake AI server, break one dependency, bring it back, and check every
request's outcome.

For each fault it records, per tier: correct answers, documented errors (503 or 429 carrying
Retry-After), and anything else (other statuses, 5xx without Retry-After, transport errors, or a
200 whose data differs from the same request's answer before the fault). It also checks that the
router process survived, that the dependency's breaker state changed in /metrics during the fault,
and that answers were back to normal within 10 s of the dependency's return.

Run it through resilience/run.sh, which builds the binaries and starts the services on ports of
their own. Exit status 0 only if every fault passes.
"""
import json
import sys
import threading
import time
from pathlib import Path

from common import (suite_arguments, FakeAI, RouterProcess, Services, cell, classify, failures, http, loadgen, log,
                    read_outcomes, router_environment, free_port)


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


FAULTS = {
    # name: (breaker that must show it, description)
    "redis-killed": ("cache", "Redis killed with SIGKILL, then restarted"),
    "postgres-stopped": ("database", "PostgreSQL stopped (immediate), then restarted"),
    "sql-slow": ("database", "every summary query blocked behind a lock held for the fault (pg_sleep)"),
    "ai-529": ("ai", "the AI provider answers 529 overloaded to every call"),
    "ai-hang": ("ai", "the AI provider accepts calls and never answers"),
    "ai-stream-cut": ("ai", "the AI provider cuts every stream after 2 text deltas"),
}


def run_fault(name, args, services, base, fake_base, router):
    breaker, description = FAULTS[name]
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
    load.wait(timeout=args.duration + 120)
    watcher.stopping = True
    watcher.join(timeout=5)

    # Requests carry their due time on the wall clock: align them with the fault's window.
    fault_from, fault_to = fault_wall * 1000, restored_wall * 1000
    outcomes = read_outcomes(out / "outcomes.jsonl")
    return analyse(name, breaker, outcomes, watcher.samples, fault_start, restored, fault_from, fault_to, router)


def analyse(name, breaker, outcomes, samples, fault_start, restored, fault_from, fault_to, router):
    # The correct answer of a request is what it got before the fault began.
    per_tier, bad_examples, kinds = classify(outcomes, correct_before_ms=fault_from)
    after_restore = [due - fault_to for due, kind in kinds if kind != "correct" and due >= fault_to]
    last_bad_after_restore = max(after_restore) if after_restore else None
    states = [s.get(breaker) for t, s in samples if s is not None and fault_start <= t <= restored + 10]
    breaker_seen = any(v not in (None, 0.0) for v in states)
    alive = router.alive()
    others = failures(per_tier)
    recovered_in = (last_bad_after_restore or 0) / 1000
    passed = alive and others == 0 and breaker_seen and recovered_in <= 10
    return {
        "fault": name, "description": FAULTS[name][1], "passed": passed, "router_alive": alive,
        "breaker": breaker, "breaker_state_changed": breaker_seen,
        "recovered_within_s": round(recovered_in, 2), "fault_duration_s": round(restored - fault_start, 1),
        "outcomes": {str(t): dict(c) for t, c in sorted(per_tier.items())}, "requests": len(outcomes),
        "examples_of_other": bad_examples,
    }


def main():
    p = suite_arguments(__doc__, pg_port=55532, rate=40, duration=30)
    p.add_argument("--fault-at", type=float, default=8)
    p.add_argument("--fault-for", type=float, default=8)
    p.add_argument("--only", default="", help="comma-separated fault names")
    args = p.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)

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
    lines = ["| fault | requests | tier 1 | tier 2 | tier 3 | other | breaker seen | back within | pass |",
             "|---|---:|---|---|---|---:|---|---:|---|"]
    for r in results:
        other = sum(v for c in r["outcomes"].values() for k, v in c.items() if k in ("other", "transport error", "wrong data"))
        tiers = [cell(r["outcomes"].get(t, {})) for t in ("1", "2", "3")]
        lines.append(f"| {r['fault']} | {r['requests']} | {tiers[0]} | {tiers[1]} | {tiers[2]} | {other} | "
                     f"{r['breaker']}: {'yes' if r['breaker_state_changed'] else 'no'} | {r['recovered_within_s']} s | "
                     f"{'yes' if r['passed'] else 'NO'} |")
    lines.append(f"\nrouter exit status after SIGTERM: {code}")
    return "\n".join(lines)



if __name__ == "__main__":
    main()
