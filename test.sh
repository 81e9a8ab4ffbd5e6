#!/usr/bin/env bash
# Runs every test of OrleansKv on a fresh machine: installs what the tests need, builds, tests,
# and ends with one plain line "N passed, N failed". Exit status is non-zero on any failure.
#   ./test.sh          everything: unit, integration and end-to-end (what CI runs)
#   ./test.sh --fast   unit and integration tests only (tests/Fast.slnf), for the inner loop
set -euo pipefail
cd "$(dirname "$0")"

solution=OrleansKv.sln
case "${1:-}" in
    "") ;;
    --fast) solution=tests/Fast.slnf ;;
    *)
        echo "usage: $0 [--fast]" >&2
        exit 2
        ;;
esac

results="$PWD/TestResults"
rm -rf "$results"

if ! command -v dotnet >/dev/null; then
    echo "dotnet SDK 10 is required (see README)." >&2
    exit 2
fi

# PostgreSQL for the multi-host clustering tests: installed with apt if missing, then started and
# opened to the network namespaces of the multi-host test (with iproute2 and nftables).
bash .ci/postgres.sh
# Chromium for the web console's browser test (end-to-end only): installed with apt if missing.
if [ "$solution" = OrleansKv.sln ]; then
    bash .ci/chromium.sh
fi

dotnet restore "$solution" --nologo -v quiet
dotnet build "$solution" --nologo -v quiet --no-restore -c Release -warnaserror

status=0
dotnet test "$solution" --nologo --no-build -c Release \
    --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done

if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
    status=1
fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
    status=1
fi

echo "${passed} passed, ${failed} failed"
exit "$status"
