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
# When PostgreSQL is installed and PG_TEST_JDBC_URL is not set, also starts a throwaway PostgreSQL
# server for the database rotation tests (scripts/postgres.sh; stopped on exit if started here);
# without one, those tests are skipped and say so. Exits with Maven's exit code.
set -euo pipefail

cd "$(dirname "$0")/.."

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT
	stop_demo_moto
	if [[ -n "$STARTED_POSTGRES" ]]; then
		bash scripts/postgres.sh stop || true
	fi
	exit "$rc"
}
STARTED_POSTGRES=""
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/demo-environment.sh
source scripts/demo-environment.sh

if [[ -z "${PG_TEST_JDBC_URL:-}" ]]; then
	if bash scripts/postgres.sh available; then
		bash scripts/postgres.sh status >/dev/null 2>&1 || STARTED_POSTGRES=1
		if bash scripts/postgres.sh start; then
			eval "$(bash scripts/postgres.sh env)"
		else
			STARTED_POSTGRES=""
			echo "postgres: no server could be started; the PostgreSQL rotation tests will be skipped" >&2
		fi
	else
		echo "postgres: not installed (apt-get install -y postgresql); the PostgreSQL rotation tests will be skipped" >&2
	fi
fi

rc=0
mvn -B verify "$@" || rc=$?
exit "$rc"
