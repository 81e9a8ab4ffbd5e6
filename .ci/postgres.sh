#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL for the clustering tests, and makes sure
# the role and database the tests use exist. Idempotent; needs root (apt) on a fresh machine.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 0.2
done
pg_isready -h 127.0.0.1

runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orleanskv') THEN
        CREATE ROLE orleanskv LOGIN PASSWORD 'orleanskv' CREATEDB;
    END IF;
END
$$;
SQL
