# Real servers for the deployment tests: a PostgreSQL cluster (Debian's `postgresql` package) and a
# Chroma server (`chroma run`, shipped by the chromadb wheel), each on a free port in a temp dir.
# Source this file, then `start_test_servers` (exports BUDGETQA_TEST_DATABASE_URL and
# BUDGETQA_TEST_CHROMA, which tests/servers.py reads) and `stop_test_servers` (put it in a trap).
# PostgreSQL refuses to run as root; CI runs as root, so the cluster then belongs to `postgres`.

_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_test_servers() {
  BUDGETQA_SERVERS_DIR=$(mktemp -d /tmp/budgetqa-servers.XXXXXX)
  export BUDGETQA_SERVERS_DIR
  local pgbin as_pg=() port
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$BUDGETQA_SERVERS_DIR"
    as_pg=(runuser -u postgres --)
  fi
  port=$(_free_port)
  "${as_pg[@]}" "$pgbin/initdb" -D "$BUDGETQA_SERVERS_DIR/pg" -A trust -U budgetqa -E UTF8 --locale=C.UTF-8 >/dev/null
  # fsync off: a throw-away test cluster (crash safety of PostgreSQL itself is not under test)
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$BUDGETQA_SERVERS_DIR/pg" -l "$BUDGETQA_SERVERS_DIR/pg.log" -w -s \
    -o "-p $port -k $BUDGETQA_SERVERS_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start
  "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U budgetqa budgetqa
  export BUDGETQA_TEST_DATABASE_URL="postgresql://budgetqa@127.0.0.1:$port/budgetqa"

  port=$(_free_port)
  ANONYMIZED_TELEMETRY=False chroma run --path "$BUDGETQA_SERVERS_DIR/chroma" --host 127.0.0.1 --port "$port" \
    >"$BUDGETQA_SERVERS_DIR/chroma.log" 2>&1 &
  echo $! >"$BUDGETQA_SERVERS_DIR/chroma.pid"
  for _ in $(seq 1 120); do
    python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api/v2/heartbeat', timeout=1)" \
      2>/dev/null && break
    sleep 0.5
  done
  export BUDGETQA_TEST_CHROMA="127.0.0.1:$port"
  echo "PostgreSQL at $BUDGETQA_TEST_DATABASE_URL, Chroma at $BUDGETQA_TEST_CHROMA"
}

stop_test_servers() {
  [ -n "${BUDGETQA_SERVERS_DIR:-}" ] && [ -d "$BUDGETQA_SERVERS_DIR" ] || return 0
  local pgbin as_pg=()
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  if [ -f "$BUDGETQA_SERVERS_DIR/chroma.pid" ]; then
    kill "$(cat "$BUDGETQA_SERVERS_DIR/chroma.pid")" 2>/dev/null || true
  fi
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$BUDGETQA_SERVERS_DIR/pg" -m fast -w -s stop 2>/dev/null || true
  rm -rf "$BUDGETQA_SERVERS_DIR"
}
