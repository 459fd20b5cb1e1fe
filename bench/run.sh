#!/usr/bin/env bash
# Runs the benchmarks: bench/run.sh quick|full|smoke
#   quick  1k and 10k users, 1 fork, 2x1 s warm-up, 3x1 s measurement (about 20 minutes on 2 cores)
#   full   adds 100k users (1M posts), 2 forks, 3x2 s warm-up, 5x2 s measurement (hours; needs ~12 GB RAM)
#   smoke  1k users only, 1x1 s + 1x1 s: checks the pipeline, its numbers mean nothing
# quick and full rewrite their section of bench/README.md and bench/<profile>-profile.png.
# Extra JVM options for the runner go in BENCH_OPTS, e.g. BENCH_OPTS=-Dbackref.bench.only=page
# Uses BACKREF_TEST_JDBC_URL (and _USER/_PASSWORD) when set, else embedded PostgreSQL 18.
set -euo pipefail

profile="${1:-quick}"
case "$profile" in
  quick|full|smoke) ;;
  *) echo "usage: $0 quick|full|smoke" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests

out="bench/target/results/$profile"
if [ "$profile" = smoke ]; then
  report=()
else
  report=(bench/README.md "bench/$profile-profile.png")
fi

# shellcheck disable=SC2086
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -Djava.awt.headless=true ${BENCH_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/runtime.classpath)" \
  dev.backref.bench.BenchMain "$profile" "$out" "${report[@]}"
