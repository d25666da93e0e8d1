"""What the resilience scripts share: the services, the fake AI server, router processes, the load
generator, and the rule that sorts a request's outcome into correct / documented error / failure.

Correct: a 200 whose `data` is what the independent oracle expects for that request and user
(expected.py: make_oracle.py for tier 1, check_fixtures.py's formulas for tier 2); for a tier 1/2
request the oracle cannot compute, the same data as that request's other answers; for tier 3, any
200. Documented: 503 or 429 carrying Retry-After, in a tier (and with a problem type) the suite's
policy allows. Everything else is a failure: another status, a 429/503 the policy does not allow or
without Retry-After, a transport error, wrong data, or a request LoadGen never sent.
"""
import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "faults-suite-secret-0123456789abcdef0123"


def suite_arguments(doc, pg_port, rate, duration, duration_help="seconds of load"):
    """The options every suite takes: the binaries, the traffic, where results go, and the ports of its
    own PostgreSQL (`pg_port`) and Redis (`pg_port` + 1047), so that suites never share services."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--router", required=True)
    p.add_argument("--fake", required=True)
    p.add_argument("--loadgen", required=True)
    p.add_argument("--queries", default=str(ROOT / "benchmarks/queries/default.jsonl"))
    p.add_argument("--mix", default="1=50,2=30,3=20")
    p.add_argument("--rate", type=float, default=rate)
    p.add_argument("--duration", type=float, default=duration, help=duration_help)
    p.add_argument("--out", default=str(ROOT / "resilience/results" / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())))
    p.add_argument("--pg-port", type=int, default=pg_port)
    p.add_argument("--redis-port", type=int, default=pg_port + 1047)
    return p


def log(*parts):
    print(f"{Path(sys.argv[0]).stem}:", *parts, file=sys.stderr, flush=True)


def http(method, url, body=None, timeout=3):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read().decode()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(probe, seconds, interval=0.1):
    """Calls `probe` until it returns true or `seconds` pass; returns whether it did."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if probe():
                return True
        except Exception:
            pass
        time.sleep(interval)
    return False


def rss_kib(pid):
    """Resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


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

    def prepare(self, router_bin):
        """Starts both services, creates the schema and loads the demo data."""
        self.start()
        env = dict(os.environ, DATABASE_URL=self.database_url)
        for command in (["migrate"], ["seed", "--demo"]):
            subprocess.run([router_bin, *command], env=env, check=True, stdout=subprocess.DEVNULL)

    def pg(self, sql_args):
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        return f"{bin_dir}/{sql_args}"

    def as_postgres(self, command, background=False):
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
        if background:
            return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def sql_value(self, sql):
        """One value from a query, as text (psql over loopback)."""
        argv = [self.pg("psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", "router",
                "-tAc", sql]
        return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()

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


class FakeAI:
    """The fake Messages API (`fake-anthropic`) on a free port, with the demo scripts."""

    def __init__(self, binary, ttft_ms=150):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--scripts", str(ROOT / "scripts/fake-anthropic-demo.json"),
             "--ttft-ms", str(ttft_ms), "--tokens-per-second", "400", "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_until(lambda: http("GET", self.base + "/_fake/requests")[0] == 200, 30):
            raise RuntimeError("fake-anthropic did not come up")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def router_environment(services, fake, port, **overrides):
    """The router's environment for the suites: real PostgreSQL and Redis, tier 3 on the fake, no rate
    limits (the suites measure faults, not quotas), budgets high enough never to bind."""
    env = dict(os.environ, ROUTER_JWT_SECRET=SECRET, ROUTER_PORT=str(port), ROUTER_LOG_LEVEL="warning",
               DATABASE_URL=services.database_url, REDIS_URL=services.redis_url,
               ANTHROPIC_API_KEY="fake-key", ANTHROPIC_BASE_URL=fake.base,
               ROUTER_RATE_T1_PER_S="0", ROUTER_RATE_T2_PER_S="0", ROUTER_RATE_T3_PER_S="0",
               ROUTER_AI_BUDGET_USER_USD="1000", ROUTER_AI_BUDGET_GLOBAL_USD="100000")
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class RouterProcess:
    """One `router serve` process; its log goes to a file."""

    def __init__(self, binary, env, log_path):
        self.binary, self.env, self.log_path = binary, env, log_path
        self.port = int(env["ROUTER_PORT"])
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, ready_within=60):
        """Starts the process and waits until /readyz answers 200."""
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=open(self.log_path, "a"),
                                        stderr=subprocess.STDOUT)
        if not wait_until(lambda: http("GET", self.base + "/readyz")[0] == 200, ready_within, 0.05):
            raise RuntimeError(f"router on port {self.port} not ready within {ready_within} s (see {self.log_path})")

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def terminate(self, within=40):
        """SIGTERM, then waits: the exit status, or "killed" if it had to be SIGKILLed."""
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "killed"


def loadgen(args, base, out, label, rate, duration, users=50, extra=()):
    """Starts the load generator (open loop, constant rate, mixed tiers) with one outcome line per
    request, each tier 1/2 answer's data included. Its failure budget is set to 1 so that its exit
    status only reports its own trouble (the suite judges every outcome itself): check it with
    `loadgen_exit_ok`."""
    out.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [args.loadgen, "run", "--url", base, "--queries", args.queries, "--mix", args.mix, "--users", str(users),
         "--rate", str(rate), "--duration", str(duration), "--timeout", "20",
         "--outcomes", str(out / "outcomes.jsonl"), "--outcome-data", "--allow-shed", "3", "--max-failure-ratio", "1",
         "--json", str(out / "result.json"), "--scenario", label, "--target", "router", *extra],
        env=dict(os.environ, ROUTER_JWT_SECRET=SECRET), stdout=open(out / "loadgen.log", "w"), stderr=subprocess.STDOUT)


def loadgen_exit_ok(process):
    return process.returncode == 0


def read_outcomes(path):
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def scheduled_count(rate, duration):
    """Requests LoadGen schedules for --rate and --duration (rounded as Swift's .rounded(): half away from zero)."""
    return int(math.floor(rate * duration + 0.5))


# What a suite accepts besides a correct answer: {tier: {status: allowed problem types, or None for
# any}}; an accepted 429/503 must also carry Retry-After. Tier 3 may shed (bulkhead, breaker,
# budget); tiers 1 and 2 keep answering unless a suite says otherwise.
SHED_TIER3 = {3: {503: None, 429: None}}

_expectations = {}


def expectations(args):
    """The oracle's expectations for the suite's query file (expected.py), loaded once."""
    key = str(args.queries)
    if key not in _expectations:
        from expected import Expectations
        _expectations[key] = Expectations(args.queries)
    return _expectations[key]


def _problem(o):
    p = o.get("problem") or ""
    return p.rstrip("/").rsplit("/", 1)[-1]


DOCUMENTED = ("documented 503", "documented 429")


def classify(outcomes, correct_before_ms=None, expect=None, allowed=SHED_TIER3):
    """Sorts each outcome into one kind:
    - `correct`: a 200 whose data the oracle `expect` (expected.Expectations) accepts; for a request
      it has no expectation for, the same data as that request's (name, user) first 200 before
      `correct_before_ms` (or its first 200 at all when None); tier 3: any 200;
    - `wrong data`: a 200 that is not correct;
    - `documented 503` / `documented 429`: with Retry-After, allowed for the tier by `allowed`
      ({tier: {status: problem types or None}});
    - `503 not allowed` / `429 not allowed` (with Retry-After, but not allowed for that tier or with
      that problem type), `503 without Retry-After` / `429 without Retry-After`, `other` (any other
      status), `transport error`, `not sent` (scheduled, never sent by LoadGen).
    Returns (counts per tier, examples of failures, [(due_unix_ms, kind)])."""
    baseline = {}
    for o in outcomes:
        if o["status"] == 200 and o.get("data_hash") and (correct_before_ms is None or o["due_unix_ms"] < correct_before_ms):
            baseline.setdefault((o["name"], o["user"]), o["data_hash"])
    per_tier = defaultdict(Counter)
    examples, kinds = [], []
    for o in outcomes:
        status, tier, why = o["status"], o["tier"], None
        if status == 200:
            if expect is not None and tier in (1, 2) and expect.knows(o["name"]):
                why = expect.check(o["name"], o["user"], o.get("data"), o.get("route"))
            elif o.get("data_hash") is not None and baseline.get((o["name"], o["user"])) not in (None, o["data_hash"]):
                why = "data differs from the same request's earlier answer"
            kind = "correct" if why is None else "wrong data"
        elif status in (503, 429):
            if not o.get("retry_after"):
                kind = f"{status} without Retry-After"
            else:
                types = allowed.get(tier, {}).get(status, ())
                kind = f"documented {status}" if types is None or _problem(o) in types else f"{status} not allowed"
        elif status == 0:
            kind = "not sent" if o.get("error") in ("not sent", "abandoned") else "transport error"
        else:
            kind = "other"
        if kind != "correct" and kind not in DOCUMENTED and len(examples) < 5:
            examples.append(dict(o, why=why) if why else o)
        per_tier[tier][kind] += 1
        kinds.append((o["due_unix_ms"], kind))
    return per_tier, examples, kinds


def failures(per_tier):
    return sum(v for c in per_tier.values() for k, v in c.items() if k != "correct" and k not in DOCUMENTED)


def cell(counts):
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "–"
