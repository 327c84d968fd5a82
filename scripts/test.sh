#!/usr/bin/env bash
# Quick start: run every test (mvn -B verify) against a local AWS emulator (moto) with demo data.
#
#   scripts/test.sh [extra Maven arguments, e.g. -pl sample-app -am]
#
# Starts moto on MOTO_PORT (default 4599; an already running moto on that port is reused),
# seeds it (scripts/seed-demo.sh), points the AWS SDK at it with AWS_ENDPOINT_URL and dummy
# credentials, runs Maven, and stops moto on exit if it started it. Exits with Maven's exit code.
set -euo pipefail

cd "$(dirname "$0")/.."

export MOTO_PORT="${MOTO_PORT:-4599}"

STARTED_MOTO=""
MOTO_PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT
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
# Kept so that moto can still be stopped if `mvn clean` removes target/moto/moto.pid.
MOTO_PID="$(cat target/moto/moto.pid 2>/dev/null || true)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
unset AWS_SESSION_TOKEN AWS_PROFILE

bash scripts/seed-demo.sh
# The sample's <<resolve:kms:${DEMO_KMS_CIPHERTEXT}:app=shop>> reads the ciphertext seed-demo.sh made.
DEMO_KMS_CIPHERTEXT="$(cat target/moto/demo-kms-ciphertext)"
export DEMO_KMS_CIPHERTEXT

rc=0
mvn -B verify "$@" || rc=$?
exit "$rc"
