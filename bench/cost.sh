#!/usr/bin/env bash
# What one message costs in storage transactions: builds the Server and the cost bench in Release,
# then runs the bench (it starts its own Azurites, counting proxies and Server). Arguments go to the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build functions/OmniSupport.Server -c Release -nologo -v quiet
dotnet run -c Release --project bench/Cost -- "$@"
