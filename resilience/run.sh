#!/usr/bin/env bash
# The fault-injection suite (resilience/faults.py) from one command:
#   resilience/run.sh [--short] [--router-bin PATH] [faults.py options…]
# Uses the router and fake-anthropic next to --router-bin (default .build/debug, built if missing)
# and LoadGen from the benchmarks package (built if missing). PostgreSQL and Redis run on ports of
# their own (55532, 56479) and are stopped at the end. --short: 20 s of load per fault, 5 s faults.
set -euo pipefail
cd "$(dirname "$0")/.."
router_bin=.build/debug/router
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --router-bin) router_bin=$2; shift 2 ;;
        --short) extra+=(--duration 20 --fault-at 6 --fault-for 5 --rate 30); shift ;;
        *) extra+=("$1"); shift ;;
    esac
done
if [ ! -x "$router_bin" ]; then swift build --product router; swift build --product fake-anthropic; fi
loadgen=benchmarks/.build/debug/LoadGen
if [ ! -x "$loadgen" ]; then swift build --package-path benchmarks --product LoadGen; fi
exec python3 resilience/faults.py --router "$router_bin" --fake "$(dirname "$router_bin")/fake-anthropic" \
    --loadgen "$loadgen" "${extra[@]}"
