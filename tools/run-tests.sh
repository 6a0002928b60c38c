#!/usr/bin/env bash
# The one test command: provides PostgreSQL 15 + pgvector and Debian's Chromium, builds the solution and runs every test project.
#
# The PostgreSQL tests read MULTIMODALSEARCH_TEST_POSTGRES (a connection string). This script installs and
# starts a throwaway server with tools/postgres/pg.sh (as root on Debian 12) and always stops it at the end.
# If the variable is already set, that server is used instead. Provisioning failures fail the run: the
# PostgreSQL tests never skip in CI (only MULTIMODALSEARCH_SKIP_POSTGRES=1, set by hand, skips them).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${MULTIMODALSEARCH_TEST_POSTGRES:-}" && "${MULTIMODALSEARCH_SKIP_POSTGRES:-}" != "1" ]]; then
    bash tools/postgres/pg.sh install
    # Under /tmp, which the postgres user can reach wherever the repository lives.
    pg_dir="$(mktemp -d /tmp/multimodalsearch-pg.XXXXXX)"
    trap 'bash tools/postgres/pg.sh stop "$pg_dir" || true; rm -rf "$pg_dir"' EXIT
    connection_string="$(bash tools/postgres/pg.sh start "$pg_dir")"
    export MULTIMODALSEARCH_TEST_POSTGRES="$connection_string"
fi

# Debian's Chromium for the web app's browser tests (FashionSearch.Web.Tests); they fail without it.
bash tools/browser/chromium.sh install >/dev/null

dotnet build MultimodalSearch.sln -c Release

# Run the tests, then print one closing line with the totals of every test project.
log="$(mktemp /tmp/multimodalsearch-test.XXXXXX)"
set +e
dotnet test MultimodalSearch.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ total += $2 } END { print total + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ total += $2 } END { print total + 0 }')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{ total += $2 } END { print total + 0 }')
rm -f "$log"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
    echo "run-tests: no test ran" >&2
    status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
