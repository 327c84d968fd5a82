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
set -euo pipefail

cd "$(dirname "$0")/.."

export MOTO_PORT="${MOTO_PORT:-4599}"
# The sample talks to the local moto only, with dummy credentials.
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
unset AWS_SESSION_TOKEN AWS_PROFILE

STARTED_MOTO=""
MOTO_PID=""
APP_PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT
	if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID" 2>/dev/null || true
		wait "$APP_PID" 2>/dev/null || true
	fi
	if [[ -n "$STARTED_MOTO" ]]; then
		MOTO_PID="$MOTO_PID" bash scripts/moto.sh stop || true
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! bash scripts/moto.sh status >/dev/null; then
	STARTED_MOTO=1
fi
bash scripts/moto.sh start
MOTO_PID="$(cat target/moto/moto.pid 2>/dev/null || true)"

bash scripts/seed-demo.sh
# The sample's <<resolve:kms:${DEMO_KMS_CIPHERTEXT}:app=shop>> reads the ciphertext seed-demo.sh made.
DEMO_KMS_CIPHERTEXT="$(cat target/moto/demo-kms-ciphertext)"
export DEMO_KMS_CIPHERTEXT

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
