#!/usr/bin/env bash
# Generates the C# client of the hub's API with Kiota (pinned in .config/dotnet-tools.json) from the
# document the built Server serves. The integration tests' build runs this; it needs no network beyond
# NuGet (for `dotnet tool restore` on a fresh clone).
# Usage: scripts/generate-api-client.sh <path to OmniSupport.Server.dll> <output folder>
set -euo pipefail
cd "$(dirname "$0")/.."
server_dll=$1
out=$2

# Kiota would look for a newer version of itself on GitHub and send telemetry: neither is wanted here.
export KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CONSOLE_COLORS_ENABLED=false
dotnet tool restore >/dev/null

mkdir -p "$out"
document="$out/openapi.json"
bash scripts/served-openapi.sh "$server_dll" "$document"
dotnet tool run kiota generate --language CSharp --openapi "$document" --output "$out/Client" \
  --class-name HubClient --namespace-name OmniSupport.ApiClient --clean-output --log-level Error
