# shellcheck shell=bash
# Sourced by scripts/run-sample.sh and scripts/test.sh (not run on its own): starts moto on
# MOTO_PORT (default 4599; an already running one is reused), seeds the demo data, and exports what
# the AWS SDK, the tests and the sample app need. Call stop_demo_moto when done: it stops moto only
# if this script started it.

export MOTO_PORT="${MOTO_PORT:-4599}"
# The sample and the tests talk to the local moto only, with dummy credentials.
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
unset AWS_SESSION_TOKEN AWS_PROFILE

DEMO_STARTED_MOTO=""
DEMO_MOTO_PID=""

stop_demo_moto() {
	if [[ -n "$DEMO_STARTED_MOTO" ]]; then
		MOTO_PID="$DEMO_MOTO_PID" bash scripts/moto.sh stop || true
	fi
}

if ! bash scripts/moto.sh status >/dev/null; then
	DEMO_STARTED_MOTO=1
fi
bash scripts/moto.sh start
# Kept so that moto can still be stopped if `mvn clean` removes target/moto/$MOTO_PORT/moto.pid.
DEMO_MOTO_PID="$(cat "target/moto/$MOTO_PORT/moto.pid" 2>/dev/null || true)"

bash scripts/seed-demo.sh
# The sample's <<resolve:kms:${DEMO_KMS_CIPHERTEXT}:app=shop>> reads the ciphertext seed-demo.sh made.
DEMO_KMS_CIPHERTEXT="$(cat target/moto/demo-kms-ciphertext)"
export DEMO_KMS_CIPHERTEXT
