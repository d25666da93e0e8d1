#!/usr/bin/env python3
"""Soak and overload: does the router's memory stay flat, and does it keep answering?

Soak: a steady mixed load (tiers 1, 2 and 3 on real PostgreSQL, Redis and the fake AI server, with
short TTLs so that SQL and Redis stay in play) for --warmup plus --duration seconds, sampling the
router's RSS from /proc. It passes if every request got a correct answer and RSS after the warm-up
never rose more than --max-growth above its level at the end of the warm-up.

Overload (with --overload-rate): --bursts times, the same mix at a rate well past tier 3's capacity
(its bulkhead admits 32 calls and queues 64), --overload-for seconds each, 10 s apart. It passes if
the process survives, tiers 1 and 2 answer every request correctly, tier 3 answers or sheds with a
documented 503 (Retry-After), and RSS never exceeds its warm-up level plus --max-in-flight requests'
worth of memory (--kib-per-request each). RSS follows the most requests ever in hand (the allocator
keeps what it once needed), so a latency hiccup that doubles them raises it for good; the router's
bound on requests in hand (ROUTER_MAX_IN_FLIGHT, set to --max-in-flight here) is what bounds it.

Run it through resilience/run.sh.
"""
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from common import (suite_arguments, FakeAI, RouterProcess, Services, cell, classify, expectations, failures, free_port, http,
                    loadgen, loadgen_exit_ok, log, read_outcomes, router_environment, rss_kib, scheduled_count)


class RSSSampler(threading.Thread):
    """The router's RSS (KiB) every `every` seconds, with the time since the sampler started."""

    def __init__(self, pid, every):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self.stopping = pid, every, [], False
        self.started = time.monotonic()

    def run(self):
        while not self.stopping:
            try:
                self.samples.append((time.monotonic() - self.started, rss_kib(self.pid)))
            except Exception:
                return  # the process is gone; the caller notices
            time.sleep(self.every)

    def between(self, start, end):
        return [kib for t, kib in self.samples if start <= t < end]


def soak(args, router, out):
    sampler = RSSSampler(router.pid, args.sample_every)
    sampler.start()
    total = args.warmup + args.duration
    log(f"soak: {args.rate:g} req/s for {args.warmup:g} s warm-up + {args.duration:g} s")
    load = loadgen(args, router.base, out, "soak", args.rate, total, users=args.users)
    load.wait(timeout=total + 120)
    sampler.stopping = True
    sampler.join(timeout=5)

    outcomes = read_outcomes(out / "outcomes.jsonl")
    per_tier, examples, _ = classify(outcomes, expect=expectations(args))
    # The warm-up level: the median of the warm-up's last 10 % (caches full, pools open).
    warm = statistics.median(sampler.between(args.warmup * 0.9, args.warmup) or [0])
    after = sampler.between(args.warmup, total + 5)
    peak = max(after or [0])
    final = statistics.median(after[-5:] or [0])
    growth = (peak - warm) / warm if warm else float("inf")
    scheduled = scheduled_count(args.rate, total)
    unsent = sum(c.get("not sent", 0) for c in per_tier.values())
    checks = {
        "every request answered correctly": failures(per_tier) == 0
        and sum(c.get("correct", 0) for c in per_tier.values()) == len(outcomes),
        "every scheduled request sent": len(outcomes) == scheduled and unsent == 0,
        "LoadGen exited 0": loadgen_exit_ok(load),
        f"RSS peak after warm-up within {args.max_growth:.0%} of the warm-up level": growth <= args.max_growth,
        "router alive": router.alive(),
    }
    result = {
        "passed": all(checks.values()), "checks": checks, "requests": len(outcomes), "scheduled": scheduled,
        "rate": args.rate, "warmup_s": args.warmup, "duration_s": args.duration, "users": args.users,
        "outcomes": {str(t): dict(c) for t, c in sorted(per_tier.items())},
        "rss_mib": {"start": round(sampler.samples[0][1] / 1024, 1) if sampler.samples else None,
                    "warm": round(warm / 1024, 1), "peak_after_warmup": round(peak / 1024, 1),
                    "final": round(final / 1024, 1), "growth": round(growth, 4)},
        "rss_samples_kib": sampler.samples, "examples_of_failures": examples,
    }
    (out / "soak.json").write_text(json.dumps(result, indent=2))
    return result


def overload(args, router, out, warm_mib):
    bursts = []
    for n in range(1, args.bursts + 1):
        folder = out / f"overload-{n}"
        sampler = RSSSampler(router.pid, 0.5)
        sampler.start()
        log(f"overload {n}: {args.overload_rate:g} req/s for {args.overload_for:g} s")
        load = loadgen(args, router.base, folder, f"overload {n}", args.overload_rate, args.overload_for, users=args.users)
        load.wait(timeout=args.overload_for + 120)
        sampler.stopping = True
        sampler.join(timeout=5)
        outcomes = read_outcomes(folder / "outcomes.jsonl")
        per_tier, examples, _ = classify(outcomes, expect=expectations(args))
        summary = json.loads((folder / "result.json").read_text())
        bursts.append({"outcomes": {str(t): dict(c) for t, c in sorted(per_tier.items())},
                       "requests": len(outcomes), "scheduled": scheduled_count(args.overload_rate, args.overload_for),
                       "loadgen_exit": load.returncode,
                       "peak_rss_mib": round(max(k for _, k in sampler.samples) / 1024, 1),
                       "peak_in_flight": summary.get("peak_in_flight"), "examples_of_failures": examples})
        time.sleep(10)
    settled = round(rss_kib(router.pid) / 1024, 1) if router.alive() else None
    answers_after = router.alive() and http("GET", router.base + "/readyz")[0] == 200

    def tiers_1_2_ok(b):
        return all(k == "correct" for t in ("1", "2") for k in b["outcomes"].get(t, {}))

    def tier_3_ok(b):
        return all(k in ("correct", "documented 503") for k in b["outcomes"].get("3", {}))

    bound_mib = warm_mib + args.max_in_flight * args.kib_per_request / 1024
    checks = {
        "router alive and ready afterwards": bool(answers_after),
        "tiers 1 and 2 answered every request correctly": all(tiers_1_2_ok(b) for b in bursts),
        "tier 3 answered or shed with a documented 503": all(tier_3_ok(b) for b in bursts),
        "tier 3 shed load": all(b["outcomes"].get("3", {}).get("documented 503", 0) > 0 for b in bursts),
        "every scheduled request accounted for, LoadGen exited 0":
            all(b["requests"] == b["scheduled"] and b["loadgen_exit"] == 0 for b in bursts),
        f"RSS within warm-up level + {args.max_in_flight} requests × {args.kib_per_request} KiB ({bound_mib:.0f} MiB)":
            max(b["peak_rss_mib"] for b in bursts) <= bound_mib,
    }
    result = {"passed": all(checks.values()), "checks": checks, "rate": args.overload_rate,
              "seconds": args.overload_for, "bursts": bursts, "rss_mib_settled": settled, "rss_bound_mib": round(bound_mib, 1)}
    (out / "overload.json").write_text(json.dumps(result, indent=2))
    return result


def main():
    p = suite_arguments(__doc__, pg_port=25732, rate=60, duration=600, duration_help="seconds of soak after the warm-up")
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--warmup", type=float, default=120, help="seconds before RSS is held to its level")
    p.add_argument("--sample-every", type=float, default=2)
    p.add_argument("--max-growth", type=float, default=0.10)
    p.add_argument("--overload-rate", type=float, default=0, help="0: no overload phase")
    p.add_argument("--overload-for", type=float, default=15)
    p.add_argument("--bursts", type=int, default=4)
    p.add_argument("--max-in-flight", type=int, default=1024, help="the router's ROUTER_MAX_IN_FLIGHT")
    p.add_argument("--kib-per-request", type=int, default=128,
                   help="memory allowed per request in hand (about 60 KiB measured on the release build)")
    args = p.parse_args()
    out = Path(args.out, "soak")
    out.mkdir(parents=True, exist_ok=True)
    expectations(args)  # loads and self-checks the oracle's tables before any service starts

    services = Services(args.pg_port, args.redis_port, f"/tmp/edge-router-soak-{args.pg_port}")
    services.prepare(args.router)
    # About Claude's own time to first token: tier 3 calls last long enough that the overload bursts
    # fill the bulkhead without the 2-core machine itself running out of CPU.
    fake = FakeAI(args.fake, ttft_ms=1000)
    env = router_environment(services, fake, free_port(), ROUTER_TTL_SPEND=5, ROUTER_TTL_BUDGET_STATUS=5,
                             ROUTER_TTL_SAVINGS=5, ROUTER_TTL_RECENT_EXPENSES=5, ROUTER_TTL_FUEL_STATS=5,
                             ROUTER_STALE_WHILE_REVALIDATE=5, ROUTER_MAX_IN_FLIGHT=args.max_in_flight)
    router = RouterProcess(args.router, env, out / "router.log")
    results = {}
    try:
        router.start()
        results["soak"] = soak(args, router, out)
        if args.overload_rate > 0 and router.alive():
            results["overload"] = overload(args, router, out, results["soak"]["rss_mib"]["warm"])
    finally:
        results["router_exit"] = router.terminate(within=40)
        fake.stop()
        services.stop()
    print(markdown(results))
    passed = all(r["passed"] for k, r in results.items() if k != "router_exit") and results["router_exit"] == 0
    sys.exit(0 if passed and "soak" in results else 1)


def markdown(results):
    lines = []
    s = results.get("soak")
    if s:
        r = s["rss_mib"]
        tiers = [cell(s["outcomes"].get(t, {})) for t in ("1", "2", "3")]
        lines += ["| soak | requests | tier 1 | tier 2 | tier 3 | RSS start → warm → peak after → final (MiB) | growth | pass |",
                  "|---|---:|---|---|---|---|---:|---|",
                  f"| {s['rate']:g} req/s, {s['warmup_s']:g} s + {s['duration_s']:g} s | {s['requests']} of {s['scheduled']} | "
                  f"{tiers[0]} | {tiers[1]} | {tiers[2]} | {r['start']} → {r['warm']} → {r['peak_after_warmup']} → "
                  f"{r['final']} | {r['growth']:+.1%} | {'yes' if s['passed'] else 'NO'} |"]
        lines += [f"- {name}: {'yes' if ok else 'NO'}" for name, ok in s["checks"].items()]
    o = results.get("overload")
    if o:
        lines += ["", "| overload burst | requests | tier 1 | tier 2 | tier 3 | most in flight (client) | RSS peak (MiB) |",
                  "|---|---:|---|---|---|---:|---:|"]
        for n, b in enumerate(o["bursts"], 1):
            tiers = [cell(b["outcomes"].get(t, {})) for t in ("1", "2", "3")]
            lines.append(f"| {n}: {o['rate']:g} req/s for {o['seconds']:g} s | {b['requests']} | {tiers[0]} | {tiers[1]} | "
                         f"{tiers[2]} | {b['peak_in_flight']} | {b['peak_rss_mib']} |")
        lines.append(f"\nRSS 10 s after the last burst: {o['rss_mib_settled']} MiB")
        lines += [f"- {name}: {'yes' if ok else 'NO'}" for name, ok in o["checks"].items()]
    lines.append(f"\nrouter exit status after SIGTERM: {results.get('router_exit')}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
