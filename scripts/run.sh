#!/usr/bin/env bash
# Runs the hub locally: Azurite (from npm, data under .azurite/, loopback only, telemetry off) and
# the Server on http://127.0.0.1:7071, then prints a signed curl that puts a message on a timeline.
# Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The hub's storage on the default ports, and the SLA engine's Durable task hubs on Azurites of their own
# (OMNISUPPORT_DURABLE_HUBS, default 4, on ports 10100+): Azurite is one Node.js process whose cost per
# request grows with what it holds, so the hub's ingest and each task hub do not queue behind one another
# (bench/README.md, SLA timers at scale).
durable_hubs="${OMNISUPPORT_DURABLE_HUBS:-4}"
pids=()
ports=()
start_azurite() { # location blob-port queue-port table-port
  mkdir -p "$1"
  node_modules/.bin/azurite --location "$1" --silent --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$2" --queuePort "$3" --tablePort "$4" > "$1/azurite.log" 2>&1 &
  pids+=($!)
  ports+=("$2" "$3" "$4")
}
trap 'kill "${pids[@]}" ${server_pid:-} 2>/dev/null || true' EXIT INT TERM

start_azurite .azurite 10000 10001 10002
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
for k in $(seq 0 $((durable_hubs - 1))); do
  b=$((10100 + 3 * k))
  start_azurite ".azurite/durable$k" "$b" $((b + 1)) $((b + 2))
  export "Durable__ConnectionStrings__$k=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$b/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((b + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((b + 2))/devstoreaccount1;"
done
export Durable__TaskHubCount="$((durable_hubs > 0 ? durable_hubs : 1))"

for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.1
  done
done

# Local-only secrets: an admin API key and the signing secret of the generic source "demo".
export OMNISUPPORT_LOCAL_API_KEY="${OMNISUPPORT_LOCAL_API_KEY:-local-dev-key}"
export Storage__ConnectionString="UseDevelopmentStorage=true"
export Api__Keys__0__Id="local-admin"
export Api__Keys__0__Sha256="$(printf '%s' "$OMNISUPPORT_LOCAL_API_KEY" | sha256sum | cut -d' ' -f1)"
export Api__Keys__0__Scopes="admin"
export Channels__Generic__Sources__demo__Secret="${DEMO_SOURCE_SECRET:-local-demo-secret}"
export Telemetry__ConsoleExporter="${Telemetry__ConsoleExporter:-false}"

configuration="${OMNISUPPORT_CONFIGURATION:-Debug}"  # Release for benchmarks
dotnet build functions/OmniSupport.Server -c "$configuration" -nologo -v quiet
dotnet run --project functions/OmniSupport.Server -c "$configuration" --no-build -- --urls http://127.0.0.1:7071 &
server_pid=$!

for _ in $(seq 1 150); do
  curl -fsS http://127.0.0.1:7071/api/health >/dev/null 2>&1 && break
  sleep 0.2
done

cat <<TXT

OmniSupport is running on http://127.0.0.1:7071 (Azurite data in .azurite/). Try:

BODY='{"channel":"sms","messageId":"demo-'\$(date +%s)'","from":{"name":"Ana","phone":"+14155550100","email":"ana@example.com"},"text":"Where is order 1234?"}'
TS=\$(date +%s)
SIG=\$(printf '%s.%s' "\$TS" "\$BODY" | openssl dgst -sha256 -hmac "$Channels__Generic__Sources__demo__Secret" -hex | sed 's/^.* //')
curl -sS -X POST http://127.0.0.1:7071/api/webhooks/generic/demo -H "Content-Type: application/json" \\
  -H "X-OmniSupport-Timestamp: \$TS" -H "X-OmniSupport-Signature: sha256=\$SIG" -d "\$BODY"

sleep 1  # the queue worker needs a moment
CUSTOMER=\$(curl -sS -H "X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY" "http://127.0.0.1:7071/api/customers?phone=%2B14155550100" | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
curl -sS -H "X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY" "http://127.0.0.1:7071/api/customers/\$CUSTOMER/timeline"

TXT
wait $server_pid
