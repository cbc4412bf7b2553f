# Shared by the bench scripts: a throwaway PostgreSQL cluster from the machine's server binaries, and free ports.
# Source it, then: work=$(mktemp -d); start_postgres "$work" PORT  -> sets PG_CONNECTION; stop_postgres "$work" on exit.

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

pg_bindir() { pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1; }

# initdb refuses root: run the server tools as the postgres user then.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$(pg_bindir)/$1" "${@:2}"; else "$(pg_bindir)/$1" "${@:2}"; fi; }

start_postgres() {
  local work=$1 port=$2
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  run_pg initdb -D "$work/pg" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  run_pg pg_ctl -D "$work/pg" -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" \
    -l "$work/pg.log" -w start >/dev/null
  "$(pg_bindir)/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE indexhub" >/dev/null
  PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=indexhub;Maximum Pool Size=100"
  PG_PORT=$port
}

stop_postgres() {
  local work=$1
  if [ -f "$work/pg/postmaster.pid" ]; then run_pg pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
}

wait_for() { for _ in $(seq 1 600); do curl -fs "$1" >/dev/null && return 0; sleep 0.05; done; return 1; }

psql_indexhub() { "$(pg_bindir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d indexhub -qAt "$@"; }
