#!/usr/bin/env bash
# The README's run command: builds and runs the router with zero configuration (embedded demo
# data, in-process cache, demo-mode auth). Installs libhiredis-dev first if the machine lacks it
# (the Redis client links libhiredis). Arguments go to `router serve`; DATABASE_URL, REDIS_URL
# and the ROUTER_* variables are honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || { echo "run.sh: the Swift toolchain (6.2 or later) is required" >&2; exit 1; }
if ! pkg-config --exists hiredis 2>/dev/null; then
    echo "run.sh: installing libhiredis-dev" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libhiredis-dev pkg-config >/dev/null
fi
exec swift run router serve "$@"
