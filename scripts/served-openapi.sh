#!/usr/bin/env bash
# Writes the OpenAPI document the built Server serves (GET /api/openapi.json) to the file named by $2.
# The Server runs on a free loopback port without storage (the document needs none) and is stopped after.
# Usage: scripts/served-openapi.sh <path to OmniSupport.Server.dll> <output file>
set -euo pipefail
server_dll=$1
out=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

env Storage__ConnectionString="UseDevelopmentStorage=true" Durable__Enabled=false Sla__PolicyFile= \
  Logging__LogLevel__Default=None 'Logging__LogLevel__Microsoft.Hosting.Lifetime=Information' Logging__Console__DisableColors=true \
  dotnet "$server_dll" --urls http://127.0.0.1:0 >"$log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap 'stop; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 300); do
  url=$(grep -ao 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "the Server stopped before listening:"; cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the Server did not start listening within 30 s"; cat "$log"; exit 1; }
curl -sSf "$url/api/openapi.json" -o "$out"
