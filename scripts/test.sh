#!/usr/bin/env bash
# Quick start: run every test (mvn -B verify) against a local AWS emulator (moto) with demo data.
#
#   scripts/test.sh [extra Maven arguments, e.g. -pl sample-app -am]
#
# Without AWS_ENDPOINT_URL: starts moto on MOTO_PORT (default 4599; an already running moto on that
# port is reused), seeds it (scripts/seed-demo.sh), points the AWS SDK at it with AWS_ENDPOINT_URL
# and dummy credentials, runs Maven, and stops moto on exit if it started it.
# With AWS_ENDPOINT_URL: runs against that endpoint instead (another emulator, see docs/testing.md),
# seeded the same way, with the caller's credentials and Region (us-east-1 when none is set):
#
#   AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
#       AWS_REGION=us-east-1 scripts/test.sh
#
# Exits with Maven's exit code.
set -euo pipefail

cd "$(dirname "$0")/.."

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT
	stop_demo_moto
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/demo-environment.sh
source scripts/demo-environment.sh

rc=0
mvn -B verify "$@" || rc=$?
exit "$rc"
