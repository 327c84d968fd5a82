#!/usr/bin/env bash
# Start, stop or query a local moto server, the AWS emulator used by the sample app and the tests.
#
#   scripts/moto.sh start    start moto in the background (reuses one already answering on the port)
#   scripts/moto.sh stop     stop the moto this script started
#   scripts/moto.sh status   exit 0 if moto answers on the port, 3 otherwise
#
# Environment:
#   MOTO_PORT   port to listen on (default 4599)
#   MOTO_HOST   address to listen on (default 127.0.0.1)
#   MOTO_PID    pid to stop when target/moto/PORT/moto.pid is gone (e.g. after `mvn clean`)
#
# State: target/moto/PORT/moto.pid, moto.port and moto.log (relative to the repository root), so
# that motos on different ports (tests on 4599, benchmarks on 4620) can run side by side.
# Needs moto with its server extras: pip install "moto[server]"
set -euo pipefail

cd "$(dirname "$0")/.."

MOTO_PORT="${MOTO_PORT:-4599}"
MOTO_HOST="${MOTO_HOST:-127.0.0.1}"
STATE_DIR="target/moto/$MOTO_PORT"
PID_FILE="$STATE_DIR/moto.pid"
PORT_FILE="$STATE_DIR/moto.port"
LOG_FILE="$STATE_DIR/moto.log"
URL="http://$MOTO_HOST:$MOTO_PORT"
START_TIMEOUT_SECONDS=30

log() {
	echo "moto: $*" >&2
}

# True when a moto server answers on the port (its dashboard at /moto-api/ mentions "Moto").
answers() {
	local body
	body="$(curl -fsS -m 2 "$URL/moto-api/" 2>/dev/null)" || return 1
	[[ "$body" == *Moto* ]]
}

# True when something (moto or not) accepts connections on the port.
port_in_use() {
	curl -s -o /dev/null -m 2 "$URL/" 2>/dev/null
}

# The pid recorded by `start`, if that process is still a live moto process.
recorded_pid() {
	local pid=""
	if [[ -f "$PID_FILE" ]]; then
		pid="$(cat "$PID_FILE")"
	elif [[ -n "${MOTO_PID:-}" ]]; then
		pid="$MOTO_PID"
	fi
	if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
		&& tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q moto; then
		echo "$pid"
	fi
}

# The port of the moto recorded by `start` (empty when unknown).
recorded_port() {
	if [[ -f "$PORT_FILE" ]]; then
		cat "$PORT_FILE"
	fi
}

moto_command() {
	if command -v moto_server >/dev/null 2>&1 && moto_server --help >/dev/null 2>&1; then
		echo "moto_server"
	elif command -v python3 >/dev/null 2>&1 && python3 -c 'import moto.server' >/dev/null 2>&1; then
		echo "python3 -m moto.server"
	else
		return 1
	fi
}

start() {
	if answers; then
		log "already running at $URL"
		return 0
	fi
	local other_pid other_port
	other_pid="$(recorded_pid)"
	other_port="$(recorded_port)"
	if [[ -n "$other_pid" && -n "$other_port" && "$other_port" != "$MOTO_PORT" ]]; then
		log "this script already runs a moto on port $other_port (pid $other_pid); stop it first (MOTO_PORT=$other_port $0 stop)"
		return 1
	fi
	if port_in_use; then
		log "port $MOTO_PORT is in use by something that is not moto; choose another with MOTO_PORT=..."
		return 1
	fi
	local cmd
	if ! cmd="$(moto_command)"; then
		log "moto is not installed (neither 'moto_server' on the PATH nor the Python module 'moto.server')."
		log "Install it with:  pip install \"moto[server]\""
		return 1
	fi
	mkdir -p "$STATE_DIR"
	log "starting '$cmd' on $URL (log: $LOG_FILE)"
	# shellcheck disable=SC2086 # $cmd is one or three words
	MOTO_ALLOW_NONEXISTENT_REGION=true nohup $cmd -H "$MOTO_HOST" -p "$MOTO_PORT" >>"$LOG_FILE" 2>&1 </dev/null &
	local pid=$!
	echo "$pid" >"$PID_FILE"
	echo "$MOTO_PORT" >"$PORT_FILE"
	local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
	until answers; do
		if ! kill -0 "$pid" 2>/dev/null; then
			log "moto exited during start-up; last lines of $LOG_FILE:"
			tail -n 20 "$LOG_FILE" >&2 || true
			rm -f "$PID_FILE" "$PORT_FILE"
			return 1
		fi
		if ((SECONDS >= deadline)); then
			log "moto did not answer on $URL within ${START_TIMEOUT_SECONDS}s; last lines of $LOG_FILE:"
			tail -n 20 "$LOG_FILE" >&2 || true
			kill "$pid" 2>/dev/null || true
			rm -f "$PID_FILE" "$PORT_FILE"
			return 1
		fi
		sleep 0.3
	done
	log "running at $URL (pid $pid)"
}

stop() {
	local pid
	pid="$(recorded_pid)"
	local port
	port="$(recorded_port)"
	if [[ -n "$pid" && -n "$port" && "$port" != "$MOTO_PORT" ]]; then
		log "the moto started by this script runs on port $port, not $MOTO_PORT; leaving it running"
		return 0
	fi
	if [[ -z "$pid" ]]; then
		rm -f "$PID_FILE" "$PORT_FILE"
		if answers; then
			log "a moto answers on $URL but was not started by this script; leaving it running"
		else
			log "not running"
		fi
		return 0
	fi
	kill "$pid" 2>/dev/null || true
	local i
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$PID_FILE" "$PORT_FILE"
	log "stopped (pid $pid)"
}

status() {
	if answers; then
		local pid=""
		if [[ "$(recorded_port)" == "$MOTO_PORT" ]]; then
			pid="$(recorded_pid)"
		fi
		echo "moto: running at $URL${pid:+ (pid $pid)}"
		return 0
	fi
	echo "moto: not running at $URL"
	return 3
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
