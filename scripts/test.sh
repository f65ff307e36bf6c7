#!/usr/bin/env bash
# Runs every test of the hub: installs Azurite from npm (the tests start their own, in memory,
# on free loopback ports, unless OMNISUPPORT_TEST_STORAGE names a storage account), restores,
# builds, runs all test projects, and prints "N passed, N failed" from the test results.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }
fi

# The console's browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    (apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }) >/dev/null 2>&1 || echo "chromium could not be installed; the console tests will fail"
  else
    echo "/usr/bin/chromium is missing: run 'sudo apt-get install -y chromium' for the console tests"
  fi
fi

# Kiota (pinned in .config/dotnet-tools.json): the integration tests' build generates the API client
# from the document the built Server serves, and the tests use it (ApiClientTests).
dotnet tool restore >/dev/null || { echo "0 passed, 1 failed (dotnet tool restore failed)"; exit 1; }

results="TestResults"
rm -rf "$results"
dotnet build OmniSupport.Functions.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed (build failed)"; exit 1; }
# One run per test project, each writing its own TRX file (a shared timestamped name could collide).
status=0
for project in $(dotnet sln OmniSupport.Functions.sln list | grep -E '^tests/.*\.csproj$' | sort); do
  name=$(basename "$project" .csproj)
  grep -q 'IsTestProject>false' "$project" && continue
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=${name}.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?
done

# Count from the TRX files so a run that executed nothing shows as "0 passed".
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  f=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then exit "$status"; fi
[ "$failed" -eq 0 ]
