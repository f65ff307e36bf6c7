#!/usr/bin/env bash
# Runs the hub locally: Azurite (from npm, data under .azurite/, loopback only, telemetry off) and
# the Server on http://127.0.0.1:7071 with every channel's webhook on (local development secrets, printed
# below, that exist only in this script) and the sample routing rules, dispositions and SLA policies, then
# prints a signed curl that puts a message on a timeline.
# Ctrl+C (or SIGTERM) stops the Server first (bounded: it stops within seconds even if storage is gone),
# then the Azurites.
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
server_pid=""
start_azurite() { # location blob-port queue-port table-port
  mkdir -p "$1"
  # setsid: a terminal's Ctrl+C reaches the Server, not its storage; the Azurites are stopped after it.
  setsid node_modules/.bin/azurite --location "$1" --silent --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$2" --queuePort "$3" --tablePort "$4" > "$1/azurite.log" 2>&1 < /dev/null &
  pids+=($!)
  ports+=("$2" "$3" "$4")
}
wait_gone() { # tenths-of-a-second pid...
  local tries=$1; shift
  for _ in $(seq 1 "$tries"); do
    local alive=""
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.1
  done
  return 1
}
stopping=""
stop_all() { # the Server first (SIGTERM, at most 20 s), then its storage
  [ -n "$stopping" ] && return
  stopping=1
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "Stopping the Server..." >&2
    kill -TERM "$server_pid" 2>/dev/null || true
    wait_gone 200 "$server_pid" || { echo "The Server did not stop within 20 s: killed" >&2; kill -KILL "$server_pid" 2>/dev/null || true; }
  fi
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait_gone 50 "${pids[@]}" || kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port taken (an Azurite left from an earlier run, another emulator) would leave ours unstarted and the Server
# talking to the other: refuse before starting anything.
taken=""
for port in 7071 10000 10001 10002 $(seq 10100 $((10100 + 3 * durable_hubs - 1))); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && taken="$taken $port"
done
if [ -n "$taken" ]; then
  echo "Ports already in use on 127.0.0.1:$taken. Stop what holds them (an earlier run: pkill -f 'azurite --location .azurite') and run again." >&2
  exit 1
fi

start_azurite .azurite 10000 10001 10002
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
for k in $(seq 0 $((durable_hubs - 1))); do
  b=$((10100 + 3 * k))
  start_azurite ".azurite/durable$k" "$b" $((b + 1)) $((b + 2))
  export "Durable__ConnectionStrings__$k=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$b/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((b + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((b + 2))/devstoreaccount1;"
done
export Durable__TaskHubCount="$((durable_hubs > 0 ? durable_hubs : 1))"
# One control queue per task hub here (host.json's 4 are the Azure deployment's scale-out unit): the task hubs
# are already spread over their own Azurites, and each control queue is polled about once a second while idle
# (bench/README.md, "What one message costs": 1,306 -> 526 Durable requests a minute, the same per message).
export Durable__PartitionCount="${Durable__PartitionCount:-1}"

for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.1
  done
done

# The sample settings (routing rules, dispositions, SLA and ingest tuning) from local.settings.sample.json,
# the file the Functions host reads, so both hosts start from the same values. A variable already set wins.
eval "$(node -e '
  const values = require("./local.settings.sample.json").Values;
  const own = new Set(process.argv.slice(1));
  for (const [k, v] of Object.entries(values)) {
    if (!k.includes("__") || v === "" || own.has(k) || process.env[k] !== undefined) continue;
    console.log("export " + k + "=\x27" + String(v).replace(/\x27/g, "\x27\\\x27\x27") + "\x27");
  }' Storage__ConnectionString Api__Keys__0__Id Api__Keys__0__Sha256 Api__Keys__0__Scopes Telemetry__ConsoleExporter Api__PublicBaseUrl)"

# LOCAL DEVELOPMENT SECRETS. They exist only in this script (never defaults in code or in any deployed
# setting): an admin API key, the generic source "demo", and every provider's webhook secret, so each
# webhook route is on (a provider whose secret is unset answers 404 in production). Override any of them
# by setting the variable before running.
dev() { # name default: export name=${name:-default}
  if [ -z "${!1:-}" ]; then export "$1=$2"; fi
}
dev OMNISUPPORT_LOCAL_API_KEY local-dev-key
export Storage__ConnectionString="UseDevelopmentStorage=true"
export Api__Keys__0__Id="local-admin"
export Api__Keys__0__Sha256="$(printf '%s' "$OMNISUPPORT_LOCAL_API_KEY" | sha256sum | cut -d' ' -f1)"
export Api__Keys__0__Scopes="admin"
export Api__PublicBaseUrl="http://127.0.0.1:7071" # Twilio signs the URL it calls: this one
dev Channels__Generic__Sources__demo__Secret "${DEMO_SOURCE_SECRET:-local-demo-secret}"
dev Channels__Twilio__AuthToken local-dev-twilio-auth-token
dev Channels__Acs__WebhookSecret local-dev-acs-secret
dev Channels__SendGrid__InboundSecret local-dev-sendgrid-inbound-secret
dev Channels__Intercom__ClientSecret local-dev-intercom-secret
dev Channels__X__ConsumerSecret local-dev-x-consumer-secret
dev Channels__Meta__AppSecret local-dev-meta-app-secret
dev Channels__Meta__VerifyToken local-dev-meta-verify-token
for bot in generic dialogflow lex; do dev "Channels__Bots__Secrets__$bot" local-dev-bot-secret; done
# The SendGrid Event Webhook is signed with ECDSA: a local key pair (private key for your curl, public key for the hub).
if [ -z "${Channels__SendGrid__EventWebhookPublicKey:-}" ]; then
  if [ ! -f .azurite/dev-sendgrid-events.pem ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out .azurite/dev-sendgrid-events.pem 2>/dev/null
  fi
  export Channels__SendGrid__EventWebhookPublicKey="$(openssl ec -in .azurite/dev-sendgrid-events.pem -pubout -outform DER 2>/dev/null | base64 -w0)"
fi
dev Telemetry__ConsoleExporter false

configuration="${OMNISUPPORT_CONFIGURATION:-Debug}"  # Release for benchmarks
dotnet build functions/OmniSupport.Server -c "$configuration" -nologo -v quiet
# The Server's own process (not `dotnet run`, which would stand between it and the stop signal), in its
# output folder (its appsettings.json and the sample SLA policy file are there).
(cd "functions/OmniSupport.Server/bin/$configuration/net10.0" && exec dotnet OmniSupport.Server.dll --urls http://127.0.0.1:7071) &
server_pid=$!

for _ in $(seq 1 150); do
  curl -fsS http://127.0.0.1:7071/api/health >/dev/null 2>&1 && break
  sleep 0.2
done

cat <<TXT

OmniSupport is running on http://127.0.0.1:7071 (Azurite data in .azurite/).

Local development secrets (this script only; see README "Two commands"):
  admin API key             X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY
  generic source "demo"     $Channels__Generic__Sources__demo__Secret
  Twilio Auth Token         $Channels__Twilio__AuthToken   (signs for Api:PublicBaseUrl $Api__PublicBaseUrl)
  SendGrid Inbound Parse    POST /api/webhooks/sendgrid/inbound/$Channels__SendGrid__InboundSecret
  SendGrid Event Webhook    signing key .azurite/dev-sendgrid-events.pem (ECDSA P-256)
  X consumer secret         $Channels__X__ConsumerSecret
  ACS Event Grid            POST /api/webhooks/acs/events?secret=$Channels__Acs__WebhookSecret
  Intercom client secret    $Channels__Intercom__ClientSecret
  Meta app secret / verify  $Channels__Meta__AppSecret / $Channels__Meta__VerifyToken
  Bot handoffs              Authorization: Bearer $Channels__Bots__Secrets__generic

Try (README "Two commands" has a signed Twilio SMS, a SendGrid email and an X DM for the same customer):

MSG="demo-\$(date +%s)"
BODY='{"channel":"sms","messageId":"'\$MSG'","from":{"name":"Ana","phone":"+14155550100","email":"ana@example.com"},"text":"Where is order 1234?"}'
TS=\$(date +%s)
SIG=\$(printf '%s.%s' "\$TS" "\$BODY" | openssl dgst -sha256 -hmac "$Channels__Generic__Sources__demo__Secret" -hex | sed 's/^.* //')
curl -sS -X POST http://127.0.0.1:7071/api/webhooks/generic/demo -H "Content-Type: application/json" \\
  -H "X-OmniSupport-Timestamp: \$TS" -H "X-OmniSupport-Signature: sha256=\$SIG" -d "\$BODY"; echo

# The queue worker puts it on the timeline a moment later: poll until it is there (up to 30 s).
for _ in \$(seq 1 60); do
  CUSTOMER=\$(curl -fsS -H "X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY" "http://127.0.0.1:7071/api/customers?phone=%2B14155550100" 2>/dev/null | sed -n 's/^{"id":"\\([^"]*\\)".*/\\1/p')
  [ -n "\$CUSTOMER" ] && curl -fsS -H "X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY" "http://127.0.0.1:7071/api/customers/\$CUSTOMER/timeline" | grep -q "\$MSG" && break
  sleep 0.5
done
curl -sS -H "X-Api-Key: $OMNISUPPORT_LOCAL_API_KEY" "http://127.0.0.1:7071/api/customers/\$CUSTOMER/timeline"; echo

TXT
server_status=0
wait "$server_pid" || server_status=$?
if [ -z "$stopping" ]; then
  # Not stopped by us (Ctrl+C, SIGTERM): the Server died on its own. Everything it acknowledged is in .azurite/.
  echo "The Server exited on its own (status $server_status); stopping its storage. Run 'bash scripts/run.sh' again:" >&2
  echo "it reuses .azurite/, and every message it acknowledged is still queued or on its timeline." >&2
fi
