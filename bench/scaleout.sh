#!/usr/bin/env bash
# Two Servers on one storage account, the first SIGKILLed mid-load (bench/README.md, "Scale-out").
# Builds the Server and the bench in Release; arguments go to the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build functions/OmniSupport.Server -c Release -nologo -v quiet
dotnet run -c Release --project bench/ScaleOut -- "$@"
