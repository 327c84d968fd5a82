#!/usr/bin/env bash
# Quick start: run the sample app against a local AWS emulator (moto) holding demo data.
#
#   scripts/run-sample.sh [extra java -jar arguments, e.g. --server.port=9090]
#
# Starts moto (scripts/moto.sh), seeds it (scripts/seed-demo.sh), builds the project without tests
# and runs the sample app in the foreground. Ctrl-C stops the app, and moto too if this script
# started it.
#
# Environment: MOTO_PORT (default 4599), SERVER_PORT (default 8080), APP_ENV (default demo).
# With AWS_ENDPOINT_URL set, the sample runs against that endpoint (another emulator) instead of moto,
# with the caller's credentials and Region (see scripts/demo-environment.sh).
set -euo pipefail

cd "$(dirname "$0")/.."

APP_PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT
	if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID" 2>/dev/null || true
		wait "$APP_PID" 2>/dev/null || true
	fi
	stop_demo_moto
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/demo-environment.sh
source scripts/demo-environment.sh

echo "run-sample: building (mvn -B -q install -DskipTests) ..."
mvn -B -q install -DskipTests

PORT="${SERVER_PORT:-8080}"
cat <<INFO

run-sample: starting the sample app (AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL). Try:
  curl http://localhost:$PORT/shop               what was resolved from AWS (secrets masked)
  curl http://localhost:$PORT/actuator/health
  curl http://localhost:$PORT/actuator/env       resolved values are masked even with show-values=always
Press Ctrl-C to stop.

INFO
# In the background plus `wait`, so that Ctrl-C or a TERM sent to this script stops the app and moto.
java -jar sample-app/target/secret-resolver-sample-app-0.1.0-SNAPSHOT.jar "$@" &
APP_PID=$!
wait "$APP_PID"
