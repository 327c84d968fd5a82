#!/usr/bin/env bash
# Run every benchmark of issue #6 and write the results table to docs/benchmarks.md.
#
#   scripts/benchmark.sh
#
# Starts its own moto (port BENCH_MOTO_PORT, default 4620) through scripts/moto.sh, builds the project with the
# `benchmarks` profile, runs io.github.secretresolver.benchmarks.BenchmarkRunner and stops moto again.
# Environment (all optional):
#   BENCH_MOTO_PORT   moto's port (default 4620)
#   BENCH_LATENCY_MS  round-trip latency the proxy adds (default 20)
#   BENCH_REPS        measured repetitions per side (default 5)
#   BENCH_SIZES       reference counts N for the startup scenarios (default 10,100,500)
#   BENCH_SKIP        scenario numbers to skip, comma-separated (e.g. 3 to skip JMH)
#   BENCH_OUTPUT      where to write the results (default docs/benchmarks.md)
# Needs Java 17+, Maven and moto (pip install "moto[server]").
set -euo pipefail

cd "$(dirname "$0")/.."

export MOTO_PORT="${BENCH_MOTO_PORT:-4620}"
LATENCY="${BENCH_LATENCY_MS:-20}"
REPS="${BENCH_REPS:-5}"
SIZES="${BENCH_SIZES:-10,100,500}"
SKIP="${BENCH_SKIP:-}"
OUTPUT="${BENCH_OUTPUT:-docs/benchmarks.md}"
COMMAND="bash scripts/benchmark.sh"
for var in BENCH_MOTO_PORT BENCH_LATENCY_MS BENCH_REPS BENCH_SIZES BENCH_SKIP BENCH_OUTPUT; do
	if [[ -n "${!var:-}" ]]; then
		COMMAND="$var=${!var} $COMMAND"
	fi
done

echo "benchmark: building (mvn -q -B install -DskipTests -Pbenchmarks)" >&2
mvn -q -B install -DskipTests -Pbenchmarks

CLASSPATH_FILE="benchmarks/target/classpath.txt"
mvn -q -B -Pbenchmarks -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$PWD/$CLASSPATH_FILE" >/dev/null

started_moto=0
cleanup() {
	if [[ "$started_moto" == 1 ]]; then
		bash scripts/moto.sh stop || true
	fi
}
trap cleanup EXIT

if bash scripts/moto.sh status >/dev/null 2>&1; then
	echo "benchmark: reusing the moto already answering on port $MOTO_PORT" >&2
else
	bash scripts/moto.sh start
	started_moto=1
fi

MEM="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo '?')"
CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo '?')"
MACHINE="$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr); java -version: $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
MOTO_VERSION="$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
WIREMOCK_VERSION="$(tr ':' '\n' <"$CLASSPATH_FILE" | sed -n 's#.*/wiremock-standalone-\([^/]*\)\.jar$#\1#p' | head -1)"

java -Xmx2g -Djol.magicFieldOffset=true -Djdk.attach.allowAttachSelf=true \
	-cp "benchmarks/target/classes:$(cat "$CLASSPATH_FILE")" \
	-Dbench.moto="http://127.0.0.1:$MOTO_PORT" \
	-Dbench.latency="$LATENCY" \
	-Dbench.reps="$REPS" \
	-Dbench.sizes="$SIZES" \
	-Dbench.skip="$SKIP" \
	-Dbench.output="$OUTPUT" \
	-Dbench.command="$COMMAND" \
	-Dbench.machine="$MACHINE" \
	-Dbench.motoVersion="$MOTO_VERSION" \
	-Dbench.wiremockVersion="$WIREMOCK_VERSION" \
	io.github.secretresolver.benchmarks.BenchmarkRunner
