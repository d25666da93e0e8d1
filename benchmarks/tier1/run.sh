#!/usr/bin/env bash
# Tier 1 hit path and miss path on real PostgreSQL and Redis, at 64 connections, with wrk.
#   benchmarks/tier1/run.sh [seconds per run, default 20]
# Starts the throwaway services (scripts/services.sh), seeds the demo data, builds and runs a
# release router, then drives GET /v1/summaries:
#   hit:  one user, one summary: every request after the first is a cache hit (in-process level);
#   miss: random user, as_of and period window: every request a miss (Redis, lease, SQL, Redis write).
# Prints requests/s and the latency percentiles wrk measures (a closed-loop tool: see the README).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
services_env=$(scripts/services.sh start)
eval "$services_env"
swift build -c release --product router
router=.build/release/router
"$router" migrate >/dev/null
"$router" seed --demo >/dev/null

secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$port" ROUTER_LOG_LEVEL=warning "$router" serve >"$work/router.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

python3 - "$secret" "$work" <<'PY'
import base64, hashlib, hmac, json, sys, time
secret, work = sys.argv[1], sys.argv[2]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def token(user):
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": user, "exp": int(time.time()) + 86400}).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"
users = [f"u{n:03d}" for n in range(1, 51)]
with open(f"{work}/hit.lua", "w") as f:
    f.write(f'wrk.headers["Authorization"] = "Bearer {token("u001")}"\n')
with open(f"{work}/miss.lua", "w") as f:
    f.write("local tokens = {" + ",".join(f'"{token(u)}"' for u in users) + "}\n")
    f.write('local kinds = {"spend", "fuel_stats", "savings"}\n')
    f.write("""
math.randomseed(os.time())
request = function()
  local u = math.random(1, #tokens)
  local day = string.format("2026-%02d-%02d", math.random(1, 11), math.random(1, 28))
  local path = "/v1/summaries/" .. kinds[math.random(1, #kinds)] .. "?period=last_" .. math.random(1, 365) .. "_days&as_of=" .. day
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. tokens[u]})
end
""")
PY

url="http://127.0.0.1:$port"
hit_path="/v1/summaries/spend?period=this_month&as_of=2026-11-21"
curl -fsS -H "Authorization: Bearer $(sed -n 's/.*Bearer \(.*\)"/\1/p' "$work/hit.lua")" "$url$hit_path" >/dev/null
echo "== tier 1 hit path: GET $hit_path, 64 connections, ${duration}s"
wrk -t2 -c64 -d"${duration}s" --latency -s "$work/hit.lua" "$url$hit_path"
echo "== tier 1 miss path: random user/as_of/window, 64 connections, ${duration}s"
wrk -t2 -c64 -d"${duration}s" --latency -s "$work/miss.lua" "$url"
echo "== router's view"
curl -fsS "$url/readyz"; echo

# The shared level alone: an in-process level of one entry, so hits come from Redis.
kill "$pid"; wait "$pid" 2>/dev/null || true
ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$port" ROUTER_LOG_LEVEL=warning ROUTER_CACHE_CAPACITY=1 "$router" serve >"$work/router.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -fsS "$url/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
cat > "$work/redis-hit.lua" <<LUA
$(cat "$work/hit.lua")
local paths = {"/v1/summaries/spend?period=this_month&as_of=2026-11-21", "/v1/summaries/savings?as_of=2026-11-21"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % 2 + 1])
end
LUA
echo "== tier 1 hit path through Redis (in-process level of 1 entry, two alternating keys), 64 connections, ${duration}s"
wrk -t2 -c64 -d"${duration}s" --latency -s "$work/redis-hit.lua" "$url"
