#!/usr/bin/env bash
# Start, stop or query a throwaway local PostgreSQL server for the database rotation tests
# (PostgresCredentialRotationIT). Uses the PostgreSQL binaries already installed (Debian's
# `postgresql` package: apt-get install -y postgresql); installs nothing itself.
#
#   scripts/postgres.sh available   exit 0 if PostgreSQL's server binaries are installed, 3 otherwise
#   scripts/postgres.sh version     print the installed server's version
#   scripts/postgres.sh start       create (once) and start the server; reuses one this script runs
#   scripts/postgres.sh stop        stop the server this script started
#   scripts/postgres.sh status      exit 0 if the server answers, 3 otherwise
#   scripts/postgres.sh env         print the export lines the tests read (source it: eval "$(...)")
#
# The server listens on 127.0.0.1 only, on PG_PORT (default: 55432, or a free port if that one is
# taken), with a database `secretresolver` owned by an administrator role `secretresolver` whose
# password is generated at creation and never printed. Tests read:
#   PG_TEST_JDBC_URL   jdbc:postgresql://127.0.0.1:PORT/secretresolver
#   PG_TEST_USER       the administrator role (creates and alters the tests' own roles)
#   PG_TEST_PASSWORD   its password
#
# State: PG_STATE_DIR (default ${TMPDIR:-/tmp}/secret-resolver-postgres-$UID): data/, server.log,
# port, env. Run as root, the server runs as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail

cd "$(dirname "$0")/.."

STATE_DIR="${PG_STATE_DIR:-${TMPDIR:-/tmp}/secret-resolver-postgres-$(id -u)}"
DATA_DIR="$STATE_DIR/data"
LOG_FILE="$STATE_DIR/server.log"
INIT_LOG_FILE="$STATE_DIR/initdb.log"
PORT_FILE="$STATE_DIR/port"
ENV_FILE="$STATE_DIR/env"
STARTED_FILE="$STATE_DIR/started-by-script"
ROLE=secretresolver
DATABASE=secretresolver
START_TIMEOUT_SECONDS=60

log() {
	echo "postgres: $*" >&2
}

# Directory of initdb, pg_ctl, postgres and psql: pg_config's answer, else the newest Debian one.
bin_dir() {
	local dir
	if command -v pg_config >/dev/null 2>&1; then
		dir="$(pg_config --bindir 2>/dev/null || true)"
		if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
			echo "$dir"
			return 0
		fi
	fi
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
			echo "$dir"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

# Runs a command as the user that owns the server: `postgres` when we are root, else ourselves.
as_owner() {
	if [[ "$(id -u)" == 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

choose_port() {
	if [[ -n "${PG_PORT:-}" ]]; then
		echo "$PG_PORT"
		return 0
	fi
	local port=55432
	while port_in_use "$port"; do
		port=$((port + 1))
		if ((port > 55532)); then
			log "no free port in 55432-55532; set PG_PORT"
			return 1
		fi
	done
	echo "$port"
}

answers() {
	local bin port
	bin="$(bin_dir)" || return 1
	[[ -f "$PORT_FILE" ]] || return 1
	port="$(cat "$PORT_FILE")"
	"$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1
}

write_env() {
	local port password
	port="$(cat "$PORT_FILE")"
	password="$(cat "$STATE_DIR/password")"
	umask 077
	{
		echo "export PG_TEST_JDBC_URL='jdbc:postgresql://127.0.0.1:$port/$DATABASE'"
		echo "export PG_TEST_USER='$ROLE'"
		echo "export PG_TEST_PASSWORD='$password'"
	} >"$ENV_FILE"
}

create_cluster() {
	local bin="$1"
	if [[ -f "$DATA_DIR/PG_VERSION" ]]; then
		return 0
	fi
	if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
		log "no 'postgres' user to run the server as (PostgreSQL refuses to run as root)"
		return 1
	fi
	rm -rf "$STATE_DIR"
	mkdir -p "$STATE_DIR"
	chmod 700 "$STATE_DIR"
	# Letters and digits only, so that it needs no quoting anywhere.
	(umask 077 && head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 >"$STATE_DIR/password")
	local pwfile="$STATE_DIR/pwfile"
	cp "$STATE_DIR/password" "$pwfile"
	if [[ "$(id -u)" == 0 ]]; then
		chown -R postgres: "$STATE_DIR"
	fi
	log "creating a cluster in $DATA_DIR"
	if ! as_owner "$bin/initdb" -D "$DATA_DIR" -U "$ROLE" --pwfile="$pwfile" -E UTF8 --locale=C \
		--auth-local=trust --auth-host=scram-sha-256 >>"$INIT_LOG_FILE" 2>&1; then
		log "initdb failed; last lines of $INIT_LOG_FILE:"
		tail -n 20 "$INIT_LOG_FILE" >&2 || true
		rm -f "$pwfile"
		return 1
	fi
	rm -f "$pwfile"
}

start() {
	if answers; then
		log "already running on 127.0.0.1:$(cat "$PORT_FILE")"
		write_env
		return 0
	fi
	local bin
	if ! bin="$(bin_dir)"; then
		log "PostgreSQL is not installed (no initdb/pg_ctl); on Debian: apt-get install -y postgresql"
		return 1
	fi
	create_cluster "$bin"
	local port
	port="$(choose_port)"
	echo "$port" >"$PORT_FILE"
	touch "$LOG_FILE"
	if [[ "$(id -u)" == 0 ]]; then
		chown postgres: "$LOG_FILE"
	fi
	log "starting $("$bin/postgres" --version 2>/dev/null || echo PostgreSQL) on 127.0.0.1:$port (log: $LOG_FILE)"
	# fsync off and friends: a throwaway test server, fast and never worth recovering.
	if ! as_owner "$bin/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t "$START_TIMEOUT_SECONDS" \
		-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$STATE_DIR' -c max_connections=100 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null; then
		log "the server did not start; last lines of $LOG_FILE:"
		tail -n 20 "$LOG_FILE" >&2 || true
		return 1
	fi
	touch "$STARTED_FILE"
	if ! as_owner "$bin/psql" -h "$STATE_DIR" -p "$port" -U "$ROLE" -d postgres -tAc \
		"select 1 from pg_database where datname = '$DATABASE'" | grep -q 1; then
		as_owner "$bin/psql" -q -h "$STATE_DIR" -p "$port" -U "$ROLE" -d postgres -c "create database $DATABASE" >/dev/null
	fi
	write_env
	log "running on 127.0.0.1:$port (database $DATABASE, role $ROLE)"
}

stop() {
	local bin
	bin="$(bin_dir)" || return 0
	if [[ -f "$STARTED_FILE" && -f "$DATA_DIR/postmaster.pid" ]]; then
		as_owner "$bin/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
		rm -f "$STARTED_FILE"
		log "stopped"
	fi
}

case "${1:-}" in
available) bin_dir >/dev/null || exit 3 ;;
version)
	bin="$(bin_dir)" || exit 3
	"$bin/postgres" --version
	;;
start) start ;;
stop) stop ;;
status)
	if answers; then
		log "running on 127.0.0.1:$(cat "$PORT_FILE")"
	else
		log "not running"
		exit 3
	fi
	;;
env)
	answers || exit 3
	write_env
	cat "$ENV_FILE"
	;;
*)
	echo "usage: $0 available|version|start|stop|status|env" >&2
	exit 2
	;;
esac
