#!/usr/bin/env bash
# The HTTP load check (a benchmark, not a test): starts `blog serve` on a throwaway data directory,
# creates one user with 100 posts and 50 users with 5 posts each, then runs wrk (keep-alive
# connections) for DURATION seconds at concurrency 1, 16 and 64 against
#   GET /users/reader          one user with 100 posts (the default policy)
#   GET /users?limit=20        a page of 20 users with their posts
# and prints req/s, p50, p99 and non-2xx answers as a Markdown table.
#
#   app/load.sh [JAR] [DURATION]     JAR defaults to app/target/blog.jar, DURATION to 10
#
# Run it on an otherwise idle machine: client and server share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

jar="${1:-app/target/blog.jar}"
duration="${2:-10}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..." >&2
  apt-get install -y wrk >/dev/null
fi
[[ -f "$jar" ]] || { echo "No $jar: build it with ./mvnw -B -q package -DskipTests" >&2; exit 2; }

work="$(mktemp -d -t blog-load-XXXXXX)"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$java" -jar "$jar" --format json --data-dir "$work/pgdata" serve --port 0 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 600); do
  grep -q '"port"' "$work/out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
  sleep 0.1
done
port="$(grep -o '"port" *: *[0-9]*' "$work/out" | grep -o '[0-9]*$')"
base="http://127.0.0.1:$port"

post_user() {
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- "$base/users"
}
{
  printf '{"username": "reader", "posts": ['
  for i in $(seq 100); do printf '%s{"title": "Post %d", "content": "Some content of post %d, long enough to be a paragraph of text."}' "$([[ $i -gt 1 ]] && echo ,)" "$i" "$i"; done
  printf ']}'
} | post_user
for u in $(seq 50); do
  printf '{"username": "user%02d", "posts": [%s]}' "$u" \
    "$(for i in 1 2 3 4 5; do printf '%s{"title": "T%d", "content": "C%d"}' "$([[ $i -gt 1 ]] && echo ,)" "$i" "$i"; done)" | post_user
done

echo "| route | concurrency | req/s | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for route in "/users/reader" "/users?limit=20"; do
  wrk -t1 -c4 -d2s "$base$route" >/dev/null  # warm-up
  for c in 1 16 64; do
    threads=$(( c < 2 ? 1 : 2 ))
    result="$(wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 10s --latency "$base$route")"
    rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$result")"
    p50="$(awk '/^ +50%/ {print $2}' <<<"$result")"
    p99="$(awk '/^ +99%/ {print $2}' <<<"$result")"
    non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$result")"
    errors="$(awk '/Socket errors/ {print}' <<<"$result")"
    echo "| \`GET $route\` | $c | $rps | $p50 | $p99 | ${non2xx:-0}${errors:+ ($errors)} |"
  done
done
