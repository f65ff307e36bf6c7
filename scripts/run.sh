#!/usr/bin/env bash
# Runs the hub locally: Azurite (from npm, data under .azurite/, loopback only, telemetry off) and
# the Server on http://127.0.0.1:7071, then prints a signed curl that puts a message on a timeline.
# Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p .azurite
node_modules/.bin/azurite --location .azurite --silent --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > .azurite/azurite.log 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid ${server_pid:-} 2>/dev/null || true' EXIT INT TERM

for port in 10000 10001 10002; do
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

dotnet build functions/OmniSupport.Server -nologo -v quiet
dotnet run --project functions/OmniSupport.Server --no-build -- --urls http://127.0.0.1:7071 &
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
