#!/usr/bin/env python3
"""Rolling restart under load: two routers share PostgreSQL, Redis and the fake AI server behind
nginx (deploy/nginx.conf). While the load generator sends a steady mixed load through nginx, each
instance in turn gets SIGTERM, drains and exits, starts again and becomes ready; then the other.

It passes only if
- every request got a correct answer (200, and for tiers 1 and 2 the data the independent oracle
  computes for that request and user, expected.py): no 5xx, no 429, no transport error;
- the load generator sent every scheduled request (none dropped on its side either) and exited 0;
- every stopped instance exited 0 within its grace period;
- the route log (PostgreSQL) holds exactly one row per request: the restarts lost no record;
- the restarts happened while the load ran.

Run it through resilience/run.sh, which builds the binaries and installs nginx if it is missing.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (suite_arguments, ROOT, FakeAI, RouterProcess, Services, cell, classify, expectations, failures, free_port,
                    http, loadgen, loadgen_exit_ok, log, read_outcomes, router_environment, scheduled_count, wait_until)


class Proxy:
    """nginx with deploy/nginx.conf, its ports rewritten, in a scratch prefix directory."""

    def __init__(self, binary, port, upstream_ports):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.prefix = Path(tempfile.mkdtemp(prefix="edge-router-proxy-"))
        os.chmod(self.prefix, 0o755)  # workers may run as another user
        (self.prefix / "tmp").mkdir()
        text = (ROOT / "deploy/nginx.conf").read_text()
        text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
        text = text.replace("server 127.0.0.1:8081 ", f"server 127.0.0.1:{upstream_ports[0]} ")
        text = text.replace("server 127.0.0.1:8082 ", f"server 127.0.0.1:{upstream_ports[1]} ")
        if str(port) not in text or any(str(p) not in text for p in upstream_ports):
            raise RuntimeError("deploy/nginx.conf no longer has the ports this script rewrites")
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(text)
        self.process = subprocess.Popen([binary, "-p", str(self.prefix), "-c", str(self.conf)],
                                        stdout=subprocess.DEVNULL, stderr=open(self.prefix / "stderr.log", "w"))
        if not wait_until(lambda: http("GET", self.base + "/healthz")[0] == 200, 20):
            raise RuntimeError(f"nginx did not come up: {(self.prefix / 'stderr.log').read_text()}"
                               f"{(self.prefix / 'error.log').read_text() if (self.prefix / 'error.log').exists() else ''}")

    def served_by(self, upstream_port, since):
        """True once nginx has had a 200 from the instance on `upstream_port` after `since` (Unix
        seconds): it is back in nginx's rotation, not only ready. (nginx sets an instance aside
        after a failed connect and may not send it anything for a while after it is ready; stopping
        the other one meanwhile leaves no live upstream.)"""
        log_path = self.prefix / "access.log"
        if not log_path.exists():
            return False
        for line in log_path.read_text().splitlines():
            parts = line.split(" ", 3)
            if len(parts) < 4 or float(parts[0]) < since:
                continue
            addresses = parts[3].split('"')[1].split(", ") if '"' in parts[3] else []
            statuses = parts[3].split('"')[3].split(", ") if parts[3].count('"') >= 4 else []
            if addresses and statuses and addresses[-1].endswith(f":{upstream_port}") and statuses[-1] == "200":
                return True
        return False

    def stop(self, keep_in):
        self.process.send_signal(signal.SIGQUIT)  # graceful: finishes what it carries
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for name in ("access.log", "error.log"):
            if (self.prefix / name).exists():
                shutil.copy(self.prefix / name, keep_in / f"nginx-{name}")
        shutil.rmtree(self.prefix, ignore_errors=True)


def main():
    p = suite_arguments(__doc__, pg_port=25632, rate=100, duration=60,
                        duration_help="seconds of load; the restarts must fit in it")
    p.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    p.add_argument("--rounds", type=int, default=2, help="restarts of each instance")
    p.add_argument("--lead", type=float, default=5, help="seconds of load before the first restart")
    p.add_argument("--pause", type=float, default=3, help="seconds between one instance being ready and the next restart")
    args = p.parse_args()
    out = Path(args.out, "rolling-restart")
    out.mkdir(parents=True, exist_ok=True)
    expect = expectations(args)

    services = Services(args.pg_port, args.redis_port, f"/tmp/edge-router-rolling-{args.pg_port}")
    services.prepare(args.router)
    fake = FakeAI(args.fake)
    routers = [RouterProcess(args.router, router_environment(services, fake, free_port()), out / f"router-{name}.log")
               for name in ("a", "b")]
    proxy = None
    restarts, final_exits, result = [], [], {}
    try:
        for router in routers:
            router.start()
        proxy = Proxy(args.nginx, free_port(), [r.port for r in routers])
        services.sql_value("TRUNCATE route_log")
        log(f"load {args.rate:g} req/s for {args.duration:g} s through nginx; {args.rounds} restart(s) of each instance")
        load = loadgen(args, proxy.base, out, "rolling restart", args.rate, args.duration)
        load_started = time.monotonic()
        time.sleep(args.lead)
        for round_ in range(args.rounds):
            for name, router in zip("ab", routers):
                began = time.monotonic()
                code = router.terminate(within=40)
                exited = time.monotonic()
                router.start()
                ready = time.monotonic()
                # The next instance stops only once nginx sends this one traffic again (a signal,
                # bounded), then after the pause.
                back = time.time()
                if not wait_until(lambda: proxy.served_by(router.port, back), 20):
                    log(f"instance {name}: nginx sent it no request within 20 s of being ready")
                restarts.append({"instance": name, "round": round_ + 1, "at_s": round(began - load_started, 1),
                                 "exit_status": code, "stop_s": round(exited - began, 2),
                                 "ready_s": round(ready - exited, 2)})
                log(f"instance {name}: exit {code} after {exited - began:.2f} s, ready again after {ready - exited:.2f} s")
                time.sleep(args.pause)
        restarts_done = time.monotonic() - load_started
        load.wait(timeout=args.duration + 120)
        load_ended = time.monotonic() - load_started
    finally:
        if proxy:
            proxy.stop(out)
        for router in routers:
            final_exits.append(router.terminate(within=40))  # flushes each route log
        fake.stop()

    try:
        outcomes = read_outcomes(out / "outcomes.jsonl")
        summary = json.loads((out / "result.json").read_text())
        logged = int(services.sql_value("SELECT count(*) FROM route_log WHERE user_id IS NOT NULL"))
    finally:
        services.stop()
    per_tier, examples, _ = classify(outcomes, expect=expect)
    scheduled = scheduled_count(args.rate, args.duration)
    unsent = sum(c.get("not sent", 0) for c in per_tier.values())
    access = (out / "nginx-access.log").read_text().splitlines() if (out / "nginx-access.log").exists() else []
    retried = sum(1 for line in access if re.search(r'"[^"]*, [^"]*"', line))
    correct = sum(c.get("correct", 0) for c in per_tier.values())
    checks = {
        "every request answered correctly": correct == len(outcomes) and failures(per_tier) == 0,
        "every scheduled request sent": len(outcomes) == scheduled and unsent == 0,
        "LoadGen exited 0": loadgen_exit_ok(load),
        "stopped instances exited 0": all(r["exit_status"] == 0 for r in restarts) and all(c == 0 for c in final_exits),
        "route log has one row per request": logged == len(outcomes),
        "restarts within the load": restarts_done < load_ended and len(restarts) == 2 * args.rounds,
    }
    result = {
        "passed": all(checks.values()), "checks": checks, "requests": len(outcomes), "scheduled": scheduled,
        "outcomes": {str(t): dict(c) for t, c in sorted(per_tier.items())}, "restarts": restarts,
        "final_exit_statuses": final_exits, "route_log_rows": logged, "retried_by_proxy": retried,
        "load": {"rate": args.rate, "duration_s": args.duration, "mix": args.mix,
                 "p99_ms": {t: v.get("latency_ms", {}).get("p99") for t, v in summary.get("tiers", {}).items()}},
        "examples_of_failures": examples,
    }
    (out / "rolling.json").write_text(json.dumps(result, indent=2))
    print(markdown(result))
    sys.exit(0 if result["passed"] else 1)


def markdown(r):
    tiers = [cell(r["outcomes"].get(t, {})) for t in ("1", "2", "3")]
    lines = [
        "| requests | tier 1 | tier 2 | tier 3 | failures | restarts (exit, stop s, ready s) | sent again by nginx | route log rows | pass |",
        "|---:|---|---|---|---:|---|---:|---:|---|",
        f"| {r['requests']} of {r['scheduled']} | {tiers[0]} | {tiers[1]} | {tiers[2]} | "
        f"{sum(v for c in r['outcomes'].values() for k, v in c.items() if k != 'correct')} | "
        + "; ".join(f"{x['instance']}@{x['at_s']}s ({x['exit_status']}, {x['stop_s']}, {x['ready_s']})" for x in r["restarts"])
        + f" | {r['retried_by_proxy']} | {r['route_log_rows']} | {'yes' if r['passed'] else 'NO'} |",
    ]
    lines += [f"- {name}: {'yes' if ok else 'NO'}" for name, ok in r["checks"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
