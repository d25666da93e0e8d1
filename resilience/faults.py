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
import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(*parts):
    print("faults:", *parts, file=sys.stderr, flush=True)


def http(method, url, body=None, timeout=3):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read().decode()


class Services:
    """PostgreSQL and Redis through scripts/services.sh, on the suite's own ports."""

    def __init__(self, pg_port, redis_port, folder):
        self.env = dict(os.environ, PG_PORT=str(pg_port), REDIS_PORT=str(redis_port), SERVICES_DIR=folder)
        self.pg_port, self.redis_port, self.folder = pg_port, redis_port, folder
        self.database_url = f"postgres://postgres@127.0.0.1:{pg_port}/router"
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"

    def start(self):
        subprocess.run([str(ROOT / "scripts/services.sh"), "start"], env=self.env, check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run([str(ROOT / "scripts/services.sh"), "stop"], env=self.env, check=False, stdout=subprocess.DEVNULL)

    def pg(self, sql_args):
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        return f"{bin_dir}/{sql_args}"

    def as_postgres(self, command, background=False):
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
        if background:
            return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # Faults and repairs.
    def kill_redis(self):
        pid = Path(self.folder, "redis.pid").read_text().strip()
        os.kill(int(pid), signal.SIGKILL)

    def stop_postgres(self):
        self.as_postgres(self.pg(f"pg_ctl -D {self.folder}/pg -m immediate -w stop"))

    def slow_sql(self, seconds):
        # Every summary query waits behind this lock (then the statement timeout ends it).
        sql = (f"BEGIN; LOCK TABLE expenses, budgets, fuel_logs, savings IN ACCESS EXCLUSIVE MODE; "
               f"SELECT pg_sleep({seconds}); COMMIT;")
        return self.as_postgres(self.pg(f"psql -h 127.0.0.1 -p {self.pg_port} -U postgres -d router -c \"{sql}\""),
                                background=True)


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
    outcomes_file = out / "outcomes.jsonl"
    loadgen = subprocess.Popen(
        [args.loadgen, "run", "--url", base, "--queries", args.queries, "--mix", args.mix, "--users", "50",
         "--rate", str(args.rate), "--duration", str(args.duration), "--timeout", "20",
         "--outcomes", str(outcomes_file), "--json", str(out / "result.json"), "--scenario", f"fault {name}",
         "--target", "router"],
        env=dict(os.environ, ROUTER_JWT_SECRET=args.secret), stdout=open(out / "loadgen.log", "w"), stderr=subprocess.STDOUT)
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
    loadgen.wait(timeout=args.duration + 120)
    watcher.stopping = True
    watcher.join(timeout=5)

    # Requests carry their due time on the wall clock: align them with the fault's window.
    fault_from, fault_to = fault_wall * 1000, restored_wall * 1000
    outcomes = [json.loads(line) for line in outcomes_file.read_text().splitlines() if line.strip()]
    return analyse(name, breaker, outcomes, watcher.samples, fault_start, restored, fault_from, fault_to, router)


def analyse(name, breaker, outcomes, samples, fault_start, restored, fault_from, fault_to, router):
    # The correct answer of a request is what it got before the fault began.
    baseline = {}
    for o in outcomes:
        if o["status"] == 200 and o["due_unix_ms"] < fault_from and o.get("data_hash"):
            baseline.setdefault((o["name"], o["user"]), o["data_hash"])
    per_tier = defaultdict(Counter)
    bad_examples = []
    last_bad_after_restore = None
    for o in outcomes:
        status, tier = o["status"], o["tier"]
        key = (o["name"], o["user"])
        if status == 200 and (o.get("data_hash") is None or baseline.get(key) in (None, o["data_hash"])):
            kind = "correct"
        elif status in (503, 429) and o.get("retry_after"):
            kind = f"documented {status}"
        else:
            kind = "other" if status else "transport error"
            if len(bad_examples) < 5:
                bad_examples.append(o)
        per_tier[tier][kind] += 1
        if kind != "correct" and o["due_unix_ms"] >= fault_to:
            last_bad_after_restore = max(last_bad_after_restore or 0, o["due_unix_ms"] - fault_to)
    states = [s.get(breaker) for t, s in samples if s is not None and fault_start <= t <= restored + 10]
    breaker_seen = any(v not in (None, 0.0) for v in states)
    alive = router.poll() is None
    others = sum(c[k] for c in per_tier.values() for k in ("other", "transport error"))
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
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--router", required=True)
    p.add_argument("--fake", required=True)
    p.add_argument("--loadgen", required=True)
    p.add_argument("--queries", default=str(ROOT / "benchmarks/queries/default.jsonl"))
    p.add_argument("--mix", default="1=50,2=30,3=20")
    p.add_argument("--rate", type=float, default=40)
    p.add_argument("--duration", type=float, default=30)
    p.add_argument("--fault-at", type=float, default=8)
    p.add_argument("--fault-for", type=float, default=8)
    p.add_argument("--only", default="", help="comma-separated fault names")
    p.add_argument("--out", default=str(ROOT / "resilience/results" / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())))
    p.add_argument("--pg-port", type=int, default=55532)
    p.add_argument("--redis-port", type=int, default=56479)
    args = p.parse_args()
    args.secret = "faults-suite-secret-0123456789abcdef0123"
    Path(args.out).mkdir(parents=True, exist_ok=True)

    services = Services(args.pg_port, args.redis_port, "/tmp/edge-router-faults")
    services.start()
    subprocess.run([args.router, "migrate"], env=dict(os.environ, DATABASE_URL=services.database_url), check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([args.router, "seed", "--demo"], env=dict(os.environ, DATABASE_URL=services.database_url), check=True,
                   stdout=subprocess.DEVNULL)
    fake_port, router_port = free_port(), free_port()
    fake = subprocess.Popen([args.fake, "--port", str(fake_port), "--scripts", str(ROOT / "scripts/fake-anthropic-demo.json"),
                             "--ttft-ms", "150", "--tokens-per-second", "400", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fake_base = f"http://127.0.0.1:{fake_port}"
    env = dict(os.environ, ROUTER_JWT_SECRET=args.secret, ROUTER_PORT=str(router_port), ROUTER_LOG_LEVEL="warning",
               DATABASE_URL=services.database_url, REDIS_URL=services.redis_url,
               ANTHROPIC_API_KEY="fake-key", ANTHROPIC_BASE_URL=fake_base,
               ROUTER_RATE_T1_PER_S="0", ROUTER_RATE_T2_PER_S="0", ROUTER_RATE_T3_PER_S="0", ROUTER_AI_BUDGET_USER_USD="1000",
               ROUTER_AI_BUDGET_GLOBAL_USD="100000",
               # Short TTLs keep SQL in play during the faults; short AI timeouts and breaker keep the suite short.
               ROUTER_TTL_SPEND="2", ROUTER_TTL_BUDGET_STATUS="2", ROUTER_TTL_SAVINGS="2", ROUTER_TTL_RECENT_EXPENSES="2",
               ROUTER_TTL_FUEL_STATS="2", ROUTER_STALE_WHILE_REVALIDATE="2", ROUTER_AI_IDLE_TIMEOUT_MS="2000",
               ROUTER_AI_TIMEOUT_MS="6000", ROUTER_AI_BREAKER_OPEN_MS="3000", ROUTER_DB_TIMEOUT_MS="1000")
    router_log = open(Path(args.out, "router.log"), "w")
    router = subprocess.Popen([args.router, "serve"], env=env, stdout=router_log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{router_port}"
    results = []
    try:
        for _ in range(120):
            try:
                if http("GET", base + "/healthz")[0] == 200 and http("GET", fake_base + "/_fake/requests")[0] == 200:
                    break
            except Exception:
                time.sleep(0.25)
        names = [n for n in FAULTS if not args.only or n in args.only.split(",")]
        for name in names:
            results.append(run_fault(name, args, services, base, fake_base, router))
            r = results[-1]
            log(f"{name}: {'PASS' if r['passed'] else 'FAIL'} outcomes {r['outcomes']} breaker changed "
                f"{r['breaker_state_changed']} recovered within {r['recovered_within_s']} s, alive {r['router_alive']}")
            if router.poll() is not None:
                break
            time.sleep(3)  # let breakers close before the next fault
    finally:
        router.send_signal(signal.SIGTERM)
        try:
            code = router.wait(timeout=30)
        except subprocess.TimeoutExpired:
            router.kill()
            code = "killed"
        fake.terminate()
        services.stop()
    summary = {"results": results, "router_exit": code}
    Path(args.out, "faults.json").write_text(json.dumps(summary, indent=2))
    print(markdown(results, code))
    sys.exit(0 if results and all(r["passed"] for r in results) and len(results) == len(names) and code == 0 else 1)


def markdown(results, code):
    lines = ["| fault | requests | tier 1 | tier 2 | tier 3 | other | breaker seen | back within | pass |",
             "|---|---:|---|---|---|---:|---|---:|---|"]
    for r in results:
        def cell(t):
            c = r["outcomes"].get(t, {})
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "–"
        other = sum(v for c in r["outcomes"].values() for k, v in c.items() if k in ("other", "transport error"))
        lines.append(f"| {r['fault']} | {r['requests']} | {cell('1')} | {cell('2')} | {cell('3')} | {other} | "
                     f"{r['breaker']}: {'yes' if r['breaker_state_changed'] else 'no'} | {r['recovered_within_s']} s | "
                     f"{'yes' if r['passed'] else 'NO'} |")
    lines.append(f"\nrouter exit status after SIGTERM: {code}")
    return "\n".join(lines)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


if __name__ == "__main__":
    main()
