# shellcheck shell=bash
# Sourced by scripts/run-sample.sh and scripts/test.sh (not run on its own): sets up the AWS endpoint,
# seeds the demo data (scripts/seed-demo.sh), and exports what the AWS SDK, the tests and the sample
# app need. Call stop_demo_moto when done: it stops moto only if this script started it.
#
# Two ways:
# - AWS_ENDPOINT_URL not set: starts moto on MOTO_PORT (default 4599; an already running one is
#   reused) and talks to it with dummy credentials in us-east-1.
# - AWS_ENDPOINT_URL set: uses that endpoint (LocalStack, Floci, any other emulator, or AWS) as it
#   is, with the caller's credentials and Region (us-east-1 when none is set); moto is neither
#   started nor stopped.

DEMO_STARTED_MOTO=""
DEMO_MOTO_PID=""

stop_demo_moto() {
	if [[ -n "$DEMO_STARTED_MOTO" ]]; then
		MOTO_PID="$DEMO_MOTO_PID" bash scripts/moto.sh stop || true
	fi
}

if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
	export AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
	export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-$AWS_REGION}"
	echo "demo-environment: using the AWS endpoint $AWS_ENDPOINT_URL ($AWS_REGION) set by the caller; not starting moto" >&2
	if ! curl -s -o /dev/null -m 10 "$AWS_ENDPOINT_URL"; then
		echo "demo-environment: nothing answers at $AWS_ENDPOINT_URL; start the emulator first, or unset AWS_ENDPOINT_URL to use moto" >&2
		return 1
	fi
else
	export MOTO_PORT="${MOTO_PORT:-4599}"
	# The sample and the tests talk to the local moto only, with dummy credentials.
	export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
	export AWS_REGION=us-east-1
	export AWS_DEFAULT_REGION=us-east-1
	export AWS_ACCESS_KEY_ID=test
	export AWS_SECRET_ACCESS_KEY=test
	unset AWS_SESSION_TOKEN AWS_PROFILE

	if ! bash scripts/moto.sh status >/dev/null; then
		DEMO_STARTED_MOTO=1
	fi
	bash scripts/moto.sh start
	# Kept so that moto can still be stopped if `mvn clean` removes target/moto/$MOTO_PORT/moto.pid.
	DEMO_MOTO_PID="$(cat "target/moto/$MOTO_PORT/moto.pid" 2>/dev/null || true)"
fi

bash scripts/seed-demo.sh
# The sample's <<resolve:kms:${DEMO_KMS_CIPHERTEXT}:app=shop>> reads the ciphertext seed-demo.sh made.
DEMO_KMS_CIPHERTEXT="$(cat target/moto/demo-kms-ciphertext)"
export DEMO_KMS_CIPHERTEXT
# Reference forms of the sample's application.yml that the endpoint does not answer (see seed-demo.sh):
# the sample app cannot start there, and its tests are skipped.
DEMO_UNSUPPORTED_FORMS="$(cat target/moto/demo-unsupported-forms 2>/dev/null || true)"
export DEMO_UNSUPPORTED_FORMS
if [[ -n "$DEMO_UNSUPPORTED_FORMS" ]]; then
	echo "demo-environment: $AWS_ENDPOINT_URL does not answer $DEMO_UNSUPPORTED_FORMS, which the sample app reads;" \
		"the sample app cannot start against it" >&2
fi
