#!/usr/bin/env bash
# Tier 3 (Claude) overhead: what the router adds over calling the Messages API directly.
#   benchmarks/tier3/run.sh [requests at concurrency 1, default 200]
# Environment: TTFT_MS (default 100) and TPS (output tokens per second, default 400) set the fake
# server's latency; C_HIGH (default 32) the high concurrency; QUESTION the tier 3 question.
#
# Builds release router, fake-anthropic and Tier3Bench, starts the fake Messages API and a router
# pointed at it (ephemeral ports, a random JWT secret), writes the first request body the router
# sends with `router prompt`, then runs Tier3Bench four times, each after its own warm-up:
#   direct c=1, router c=1, direct c=C_HIGH, router c=C_HIGH
# direct: POST that body to the fake's /v1/messages; TTFT = first text_delta, total = message_stop.
# router: POST /v1/query {"stream": true}; TTFT = first `event: delta`, total = `event: done`.
# Closed loop: each worker sends its next request when the previous one finished. All three
# processes share this machine's cores, so at high concurrency the numbers include contention.
# At the end a markdown table: added = via router minus direct, per percentile.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
ttft_ms=${TTFT_MS:-100}
tps=${TPS:-400}
c_high=${C_HIGH:-32}
question=${QUESTION:-'Plan a two week RV trip to Seattle under $2000'}
as_of=2026-11-21
# Enough at high concurrency for p99 to mean something (C_HIGH × requests/5: 1280 at the default).
requests_high=$(( c_high * (requests / 5 > 1 ? requests / 5 : 1) ))
warmup_low=$(( requests / 10 > 5 ? requests / 10 : 5 ))
warmup_high=$(( c_high * 2 ))

started=$(date +%s)
swift build -c release --product router
swift build -c release --product fake-anthropic
# A stale description.json keeps the benchmark package from seeing sources new in the main package.
rm -f benchmarks/.build/x86_64-unknown-linux-gnu/release/description.json
swift build -c release --package-path benchmarks --product Tier3Bench
router=.build/release/router
fake=.build/release/fake-anthropic
bench=$(swift build -c release --package-path benchmarks --show-bin-path)/Tier3Bench
built=$(date +%s)

tier=$("$router" classify "$question" | python3 -c 'import json, sys; print(json.load(sys.stdin)["tier"])')
[ "$tier" = 3 ] || { echo "the question goes to tier $tier, not 3: $question" >&2; exit 1; }

work=$(mktemp -d)
fake_pid=
router_pid=
stop() {
    for pid in $router_pid $fake_pid; do
        kill "$pid" 2>/dev/null || true
    done
    sleep 0.3
    for pid in $router_pid $fake_pid; do
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$fake" --port 0 --ttft-ms "$ttft_ms" --tokens-per-second "$tps" --quiet >"$work/fake.log" 2>&1 &
fake_pid=$!
fake_url=
for _ in $(seq 1 100); do
    fake_url=$(sed -n 's/^fake-anthropic listening on \(http:[^ ]*\)$/\1/p' "$work/fake.log")
    [ -n "$fake_url" ] && break
    kill -0 "$fake_pid" 2>/dev/null || { cat "$work/fake.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$fake_url" ] || { echo "fake-anthropic did not start" >&2; cat "$work/fake.log" >&2; exit 1; }

secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
port=$(free_port)
url="http://127.0.0.1:$port"
ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL="$fake_url" ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$port" \
    ROUTER_LOG_LEVEL=warning "$router" serve >"$work/router.log" 2>&1 &
router_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && break
    kill -0 "$router_pid" 2>/dev/null || { cat "$work/router.log" >&2; exit 1; }
    sleep 0.1
done
curl -fsS "$url/healthz" >/dev/null || { echo "the router did not start" >&2; cat "$work/router.log" >&2; exit 1; }

# sub u001: `router prompt` puts u001's opaque id in the body's metadata, so both paths send the same bytes.
token=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, json, sys, time
secret = sys.argv[1]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": "u001", "exp": int(time.time()) + 86400}).encode())
sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
print(f"{head}.{body}.{b64(sig)}")
PY
)
"$router" prompt --as-of "$as_of" "$question" >"$work/body.json"

echo "== tier 3 overhead: fake Messages API at TTFT ${ttft_ms} ms, ${tps} tokens/s; closed loop"
echo "   question: $question ($(wc -c <"$work/body.json") byte request body)"
run() { # mode concurrency requests warmup
    local args=(--mode "$1" --concurrency "$2" --requests "$3" --warmup "$4")
    if [ "$1" = direct ]; then
        args+=(--url "$fake_url" --body-file "$work/body.json")
    else
        args+=(--url "$url" --query "$question" --as-of "$as_of" --token "$token")
    fi
    "$bench" "${args[@]}" >>"$work/results.jsonl"
}
run_started=$(date +%s)
run direct 1 "$requests" "$warmup_low"
run router 1 "$requests" "$warmup_low"
run direct "$c_high" "$requests_high" "$warmup_high"
run router "$c_high" "$requests_high" "$warmup_high"
finished=$(date +%s)

if [ -s "$work/router.log" ]; then
    echo "== router log (warnings and errors)"
    tail -n 20 "$work/router.log"
fi
echo
python3 - "$work/results.jsonl" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
by = {(r["mode"], r["concurrency"]): r for r in runs}
def pair(d):
    return f'{d["p50"]:.1f} / {d["p99"]:.1f}'
def added(a, b):
    return f'{b["p50"] - a["p50"]:+.1f} / {b["p99"] - a["p99"]:+.1f}'
print("All times in ms, p50 / p99; closed loop; added = via router − direct.\n")
print("| concurrency | TTFT direct | TTFT via router | TTFT added | total direct | total via router | total added | errors (direct / router) | req/s (direct / router) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for c in sorted({c for _, c in by}):
    d, r = by.get(("direct", c)), by.get(("router", c))
    if not d or not r:
        continue
    print(f'| {c} | {pair(d["ttft_ms"])} | {pair(r["ttft_ms"])} | {added(d["ttft_ms"], r["ttft_ms"])} '
          f'| {pair(d["total_ms"])} | {pair(r["total_ms"])} | {added(d["total_ms"], r["total_ms"])} '
          f'| {d["errors"]} / {r["errors"]} | {d["rps"]:.1f} / {r["rps"]:.1f} |')
PY
echo
echo "builds $(( built - started ))s, runs $(( finished - run_started ))s, total $(( finished - started ))s"
