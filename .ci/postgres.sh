#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL for the clustering tests, and makes sure
# the role and database the tests use exist. The multi-host tests run nodes in network
# namespaces on a bridge in 10.77.0.0/16 and reach PostgreSQL at the bridge's address, so it
# listens on every address and lets the test role in from that subnet with its password; they
# also need iproute2 (ip, ss) and, for partitions, nftables. Idempotent; needs root (apt) on a
# fresh machine.
set -euo pipefail

# The private subnet the multi-host tests put their bridges in (one /24 per test run).
test_subnet=10.77.0.0/16

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

wait_until_ready() {
    for _ in $(seq 1 50); do
        pg_isready -q -h 127.0.0.1 && break
        sleep 0.2
    done
    pg_isready -h 127.0.0.1
}

sql() {
    runuser -u postgres -- psql -q -tA -v ON_ERROR_STOP=1 "$@"
}

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
wait_until_ready

# Addresses such as a test's bridge are added after the server starts: only '*' covers them.
# listen_addresses needs a restart; a pg_hba.conf change only a reload.
hba_file=$(sql -c 'SHOW hba_file')
hba_rule="host all orleanskv $test_subnet scram-sha-256"
if ! grep -qxF "$hba_rule" "$hba_file"; then
    printf '# OrleansKv multi-host tests: nodes in network namespaces\n%s\n' "$hba_rule" >>"$hba_file"
    sql -c 'SELECT pg_reload_conf()' >/dev/null
fi
if [ "$(sql -c 'SHOW listen_addresses')" != "*" ]; then
    sql -c "ALTER SYSTEM SET listen_addresses = '*'"
    pg_ctlcluster "$version" main restart
    wait_until_ready
fi

sql <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orleanskv') THEN
        CREATE ROLE orleanskv LOGIN PASSWORD 'orleanskv' CREATEDB;
    END IF;
END
$$;
SQL
