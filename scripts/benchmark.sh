#!/usr/bin/env bash
# Run the benchmarks (issues #6, #12, #15) and write the results to docs/benchmarks.md and, for the fault suite,
# docs/reliability-startup.md.
#
#   scripts/benchmark.sh
#   BENCH_ONLY=8,9 BENCH_REPS=2 scripts/benchmark.sh      # some scenarios, fewer repetitions
#
# Starts its own moto (port BENCH_MOTO_PORT, default 4620) through scripts/moto.sh, builds the reactor modules it
# needs with the `benchmarks` profile (package only: nothing is installed into the local Maven repository), runs
# io.github.secretresolver.benchmarks.BenchmarkRunner on the class path of that build and stops moto again.
# Scenarios: 1 resolution (API), 1b vs Spring Cloud AWS (moto and a concurrent stand-in), 2 zero references,
# 3 property reads (JMH), 4 KMS across contexts, 5 refresh, 6 fleet against a throttled SSM, 7 retained memory,
# 8 startup cost of a small application (a JVM per start), 9 where startup time goes (JFR, steps, classes, NMT),
# 10 startup under faults (writes BENCH_RELIABILITY_OUTPUT), 11 startup cost with Class Data Sharing (a training run
# per variant, then starts with its archive), 12 the AWS SDK's own cold start (no Spring, no starter).
# Environment (all optional):
#   BENCH_MOTO_PORT         moto's port (default 4620)
#   BENCH_LATENCY_MS        round-trip latency the proxy adds (default 20)
#   BENCH_REPS              measured repetitions per side (default 5)
#   BENCH_SIZES             reference counts N for the API-level scenarios 1-7 (default 10,100,500)
#   BENCH_SKIP / BENCH_ONLY scenario ids to skip / to run alone, comma-separated (e.g. BENCH_SKIP=3 skips JMH)
#   BENCH_OUTPUT            where to write the results (default docs/benchmarks.md)
#   BENCH_RELIABILITY_OUTPUT where the fault suite writes (default docs/reliability-startup.md)
#   BENCH_LABEL             a note printed at the top of both reports (e.g. that the machine was loaded)
#   BENCH_APP_SIZES         scenario 8: reference counts (default 10,22,100,500,2000; 22 = 15 ssm, 2 ssm-secure,
#                           3 Secrets Manager keys, 2 kms)
#   BENCH_APP_LATENCIES     scenario 8: added latencies in ms (default 0 and BENCH_LATENCY_MS)
#   BENCH_APP_REPS          scenarios 8, 11 and 12: rounds (default BENCH_REPS)
#   BENCH_APP_JVM_OPTIONS   options for every application JVM of scenarios 8-11 (default none: the JVM's defaults)
#   BENCH_AOT_JAVA          scenario 11: the java command of a JDK 25 or later, whose AOT cache is measured too
#                           (default: none)
#   BENCH_PROFILE_REPS      scenario 9: runs per variant (default 3)
#   BENCH_PROFILE_VARIANTS  scenario 9: variants (default a,b,d)
#   BENCH_FLEET_SETTINGS    scenario 6: rows "label:prop=value,prop=value;label:..." (default: defaults; one call in
#                           flight: max-concurrency 1)
#   BENCH_FLEET_PROPERTIES  scenario 6: properties added to every row ("prop=value,prop=value")
#   BENCH_FLEET_INSTANCES   scenario 6: instances (default 200)
#   BENCH_FAULT_PROPERTIES  scenario 10: properties given to the application in every row (default none)
#   BENCH_FAULT_REPS        scenario 10: runs per fault (default 1)
# Needs Java 17+ (with jfr), Maven and moto (pip install "moto[server]").
set -euo pipefail

cd "$(dirname "$0")/.."

export MOTO_PORT="${BENCH_MOTO_PORT:-4620}"
VARS=(BENCH_MOTO_PORT BENCH_LATENCY_MS BENCH_REPS BENCH_SIZES BENCH_SKIP BENCH_ONLY BENCH_OUTPUT BENCH_RELIABILITY_OUTPUT
	BENCH_APP_SIZES BENCH_APP_LATENCIES BENCH_APP_REPS BENCH_APP_JVM_OPTIONS BENCH_AOT_JAVA BENCH_PROFILE_REPS BENCH_PROFILE_VARIANTS
	BENCH_FLEET_SETTINGS BENCH_FLEET_PROPERTIES BENCH_FLEET_INSTANCES BENCH_FAULT_PROPERTIES BENCH_FAULT_REPS)
COMMAND="bash scripts/benchmark.sh"
for var in "${VARS[@]}"; do
	if [[ -n "${!var:-}" ]]; then
		COMMAND="$var=$(printf '%q' "${!var}") $COMMAND"
	fi
done

# Package the reactor modules (no install: the local repository is shared) and write each module's runtime class
# path; reactor modules resolve to the jars of this build, never to ~/.m2.
MODULES="benchmarks,benchmarks/startup-app,starter"
echo "benchmark: building (mvn -B -q -Pbenchmarks -pl $MODULES -am package dependency:build-classpath)" >&2
mvn -B -q -Pbenchmarks -pl "$MODULES" -am -Dmaven.test.skip=true \
	package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

BENCH_CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
APP_JAR="$(ls benchmarks/startup-app/target/secret-resolver-benchmarks-startup-app-*.jar | head -1)"
APP_CP="$PWD/$APP_JAR:$(cat benchmarks/startup-app/target/classpath.txt)"
STARTER_CP="$(cat starter/target/classpath.txt)"

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
LOAD="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
MACHINE="$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr), load average at start $LOAD; java -version: $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
MOTO_VERSION="$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
WIREMOCK_VERSION="$(tr ':' '\n' <benchmarks/target/classpath.txt | sed -n 's#.*/wiremock-standalone-\([^/]*\)\.jar$#\1#p' | head -1)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if ! git diff --quiet HEAD -- autoconfigure starter 2>/dev/null; then
	COMMIT="$COMMIT (with uncommitted changes to the library)"
fi

java -Xmx2g -Djol.magicFieldOffset=true -Djdk.attach.allowAttachSelf=true \
	-cp "$BENCH_CP" \
	-Dbench.moto="http://127.0.0.1:$MOTO_PORT" \
	-Dbench.latency="${BENCH_LATENCY_MS:-20}" \
	-Dbench.reps="${BENCH_REPS:-5}" \
	-Dbench.sizes="${BENCH_SIZES:-10,100,500}" \
	-Dbench.skip="${BENCH_SKIP:-}" \
	-Dbench.only="${BENCH_ONLY:-}" \
	-Dbench.output="${BENCH_OUTPUT:-docs/benchmarks.md}" \
	-Dbench.reliabilityOutput="${BENCH_RELIABILITY_OUTPUT:-docs/reliability-startup.md}" \
	-Dbench.label="${BENCH_LABEL:-}" \
	-Dbench.work="benchmarks/target/bench" \
	-Dbench.appClasspath="$APP_CP" \
	-Dbench.starterClasspath="$STARTER_CP" \
	-Dbench.appJvmOptions="${BENCH_APP_JVM_OPTIONS:-}" \
	-Dbench.appSizes="${BENCH_APP_SIZES:-10,22,100,500,2000}" \
	-Dbench.appLatencies="${BENCH_APP_LATENCIES:-0,${BENCH_LATENCY_MS:-20}}" \
	-Dbench.appReps="${BENCH_APP_REPS:-${BENCH_REPS:-5}}" \
	-Dbench.aotJava="${BENCH_AOT_JAVA:-}" \
	-Dbench.profileReps="${BENCH_PROFILE_REPS:-3}" \
	-Dbench.profileVariants="${BENCH_PROFILE_VARIANTS:-a,b,d}" \
	-Dbench.fleetSettings="${BENCH_FLEET_SETTINGS:-}" \
	-Dbench.fleetProperties="${BENCH_FLEET_PROPERTIES:-}" \
	-Dbench.fleetInstances="${BENCH_FLEET_INSTANCES:-200}" \
	-Dbench.faultProperties="${BENCH_FAULT_PROPERTIES:-}" \
	-Dbench.faultReps="${BENCH_FAULT_REPS:-1}" \
	-Dbench.command="$COMMAND" \
	-Dbench.machine="$MACHINE" \
	-Dbench.motoVersion="$MOTO_VERSION" \
	-Dbench.wiremockVersion="$WIREMOCK_VERSION" \
	-Dbench.commit="$COMMIT" \
	io.github.secretresolver.benchmarks.BenchmarkRunner
