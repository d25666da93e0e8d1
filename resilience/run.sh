#!/usr/bin/env bash
# The resilience suites from one command:
#   resilience/run.sh [--short] [--router-bin PATH] [--suites faults,rolling,soak]
#
#   faults   faults.py: each dependency fault under load (Redis, PostgreSQL, slow SQL, AI 529/hang/cut)
#   rolling  rolling.py: two instances behind nginx (deploy/nginx.conf), each restarted under load
#   soak     soak.py: steady load with RSS sampled, then repeated overload bursts
#
# Uses the router and fake-anthropic next to --router-bin (default .build/debug, built if missing)
# and LoadGen from the benchmarks package (the same build configuration, built if missing). Each
# suite runs PostgreSQL and Redis on ports of its own and stops them at the end; nginx is installed
# if it is missing. --short is the CI version: 20 s of load per fault, one restart of each instance,
# a 60 s soak and three 10 s overload bursts. Exit status 0 only if every suite passes.
#
# Every suite checks every request LoadGen scheduled (its outcomes file must hold exactly that many
# lines, none unsent) and tier 1/2 answers against the independent oracle (resilience/expected.py:
# Tests/Fixtures/make_oracle.py and check_fixtures.py's formulas); which 429/503 (with Retry-After)
# are allowed is set per suite, per fault and per tier (see faults.py).
set -euo pipefail
cd "$(dirname "$0")/.."
router_bin=.build/debug/router
suites=faults,rolling,soak
short=
while [ $# -gt 0 ]; do
    case "$1" in
        --router-bin) router_bin=$2; shift 2 ;;
        --suites) suites=$2; shift 2 ;;
        --short) short=1; shift ;;
        *) echo "resilience/run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
bin_dir=$(dirname "$router_bin")
configuration=$(basename "$bin_dir")  # debug or release
if [ ! -x "$router_bin" ] || [ ! -x "$bin_dir/fake-anthropic" ]; then
    swift build -c "$configuration" --product router
    swift build -c "$configuration" --product fake-anthropic
fi
# Always built (a no-op when up to date): the suites rely on LoadGen's current options.
swift build -c "$configuration" --package-path benchmarks --product LoadGen
loadgen=$(swift build -c "$configuration" --package-path benchmarks --show-bin-path)/LoadGen
if [[ ",$suites," == *,rolling,* ]] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "resilience/run.sh: installing nginx (the proxy of the rolling restart)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

common=(--router "$router_bin" --fake "$bin_dir/fake-anthropic" --loadgen "$loadgen"
        --out "resilience/results/$(date -u +%Y%m%dT%H%M%SZ)")
status=0
for suite in ${suites//,/ }; do
    case "$suite" in
        faults) options=(); [ -n "$short" ] && options=(--duration 20 --fault-at 6 --fault-for 5 --rate 30) ;;
        rolling) options=(); [ -n "$short" ] && options=(--rate 60 --duration 30 --rounds 1) ;;
        soak) options=(--overload-rate 1000)
              [ -n "$short" ] && options=(--warmup 20 --duration 40 --rate 40 --users 20 --overload-rate 300 \
                                          --overload-for 10 --bursts 3) ;;
        *) echo "resilience/run.sh: unknown suite $suite" >&2; exit 2 ;;
    esac
    echo "== resilience: $suite ${short:+(short)}"
    python3 "resilience/$suite.py" "${common[@]}" "${options[@]}" || status=1
done
exit $status
