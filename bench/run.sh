#!/usr/bin/env bash
# Runs the benchmarks: bench/run.sh quick|full|nested|smoke, or bench/run.sh interleaved SCENARIO DATASET ROUNDS
#   quick  1k and 10k users, the nested graph at 10k, 1 fork, 5x2 s warm-up, 5x2 s measurement (about 65 minutes on 2 cores)
#   full   adds 100k users (1M posts), 2 forks, 5x2 s warm-up, 5x2 s measurement (about 100 minutes; ~12 GB RAM)
#   nested only the nested graph (users -> posts -> tags) at 10k users, quick's settings (about 12 minutes)
#   smoke  1k users only, 1x1 s + 1x1 s: checks the pipeline, its numbers mean nothing
#   interleaved allUsers|page|userById|firstPosts|insert 1k|10k|skewed ROUNDS [CONTENDER_REGEX]
#   interleaved nestedGraph nested1k|nested10k ROUNDS [CONTENDER_REGEX]
#   interleaved stream 1k|10k|100k ROUNDS [CONTENDER_REGEX]   (in a 256 MB heap: the stream must not hold the dataset)
#          every contender in one JVM, round-robin in shuffled order; ratios to raw JDBC per round
# quick, full and nested rewrite their section of bench/README.md and bench/<profile>-profile.png.
# Extra JVM options for the runner go in BENCH_OPTS, e.g. BENCH_OPTS=-Dbackref.bench.only=page
# Uses BACKREF_TEST_JDBC_URL (and _USER/_PASSWORD) when set, else embedded PostgreSQL 18.
set -euo pipefail

profile="${1:-quick}"
case "$profile" in
  quick|full|nested|smoke) ;;
  interleaved)
    if [ $# -lt 4 ]; then
      echo "usage: $0 interleaved allUsers|page|userById|firstPosts|insert|nestedGraph|stream DATASET ROUNDS [CONTENDER_REGEX]" >&2; exit 2
    fi ;;
  *) echo "usage: $0 quick|full|nested|smoke|interleaved" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests

if [ "$profile" = interleaved ]; then
  heap=(-Xms3g -Xmx3g)
  if [ "$2" = stream ]; then
    heap=(-Xms256m -Xmx256m)   # the issue's bound: 1M posts do not fit, so nothing may keep them
  fi
  # shellcheck disable=SC2086
  exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${heap[@]}" ${BENCH_OPTS:-} \
    -cp "bench/target/classes:$(cat bench/target/runtime.classpath)" \
    dev.backref.bench.Interleaved "$2" "$3" "$4" "bench/target/results/interleaved/$2-$3.md" ${5:+"$5"}
fi

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
