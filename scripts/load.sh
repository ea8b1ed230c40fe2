#!/usr/bin/env bash
# Load and footprint measurements for chuhai, run by hand (never in CI: the numbers depend on the
# machine and on what else it runs). From the repository root:
#
#   scripts/load.sh                # SQLite in a temporary directory
#   scripts/load.sh --postgres     # a fresh schema in CHUHAI_TEST_POSTGRES (or the local test database)
#
# It builds chuhai and the bare baseline server (scripts/bare), fills a database with the demo data
# and 10,000 service points (`chuhai demo --scale`), then measures with wrk (64 connections, 20 s
# each, in the same run; wrk waits up to 30 s for an answer, so slow answers count, not vanish):
#   1. the bare net/http server returning a small JSON list (the ceiling for this machine);
#   2. chuhai's authenticated list API, GET /api/v1/service-points (20 rows of 10,000, Bearer token);
#   3. chuhai's list page, GET /network (HTML).
# and reports requests/s, p99 latency and the ratio API/bare, the cold start of `chuhai serve` on a
# database with 100,000 rows (process start to /readyz 200), idle RSS, and the binary's size.
# Targets: API ≥ 25% of bare with p99 < 25 ms; cold start < 1 s; idle RSS < 80 MB; binary < 40 MB.
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
POINTS=${POINTS:-10000}
COLD_ROWS=${COLD_ROWS:-100000}

engine=sqlite
if [ "${1:-}" = "--postgres" ]; then
	engine=postgres
fi

if ! command -v wrk >/dev/null 2>&1; then
	echo "installing wrk (Debian package)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d /tmp/chuhai-load.XXXXXX)
pids=()
schemas=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		{ wait "$p"; } 2>/dev/null || true
	done
	for p in "${schemas[@]}"; do
		psql "$pg_base" -qc "DROP SCHEMA IF EXISTS $p CASCADE" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

# new_dsn NAME sets $dsn to a fresh database: a SQLite file, or a new schema in the test PostgreSQL
# database (dropped at the end).
new_dsn() {
	local name=$1
	if [ "$engine" = sqlite ]; then
		dsn="$work/$name.db"
		return
	fi
	local s="load_${name}_$$"
	psql "$pg_base" -qc "CREATE SCHEMA $s" >/dev/null
	schemas+=("$s")
	dsn="${pg_base}&search_path=$s"
}
if [ "$engine" = postgres ]; then
	pg_base=${CHUHAI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
fi

echo "== building"
go build -o "$work/chuhai" ./cmd/chuhai
go build -ldflags='-s -w' -o "$work/chuhai-stripped" ./cmd/chuhai
go build -o "$work/bare" ./scripts/bare
size_plain=$(stat -c %s "$work/chuhai")
size_stripped=$(stat -c %s "$work/chuhai-stripped")

# start NAME CMD...: starts a server printing "... serving on http://ADDR" and sets $url to ADDR and
# $pid to its process; it gives up after $start_wait seconds.
start_wait=30
start() {
	local name=$1
	shift
	: >"$work/$name.out"
	"$@" >"$work/$name.out" 2>"$work/$name.err" &
	pid=$!
	pids+=("$pid")
	local i
	for i in $(seq 1 $((start_wait * 10))); do
		url=$(sed -n 's/.*serving on \(http:[^ ]*\).*/\1/p' "$work/$name.out" | head -n 1)
		[ -n "$url" ] && return 0
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "$name exited:" >&2
			cat "$work/$name.err" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "$name did not start within ${start_wait}s" >&2
	return 1
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

now_ms() { date +%s%3N; }

# wait_ready URL: polls /readyz until it answers 200.
wait_ready() {
	local i
	for i in $(seq 1 2000); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/readyz")" = 200 ]; then
			return 0
		fi
		sleep 0.005
	done
	return 1
}

# measure NAME URL [wrk args...]: one wrk run; prints its summary and records req/s and p99.
declare -A rps p99
measure() {
	local name=$1 target=$2
	shift 2
	echo
	echo "== wrk: $name  ($target, $CONNECTIONS connections, $DURATION)"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$@" "$target" | tee "$work/wrk-$name.txt"
	rps[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$name.txt")
	p99[$name]=$(awk '$1 == "99%" { print $2 }' "$work/wrk-$name.txt")
	local non2xx
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$work/wrk-$name.txt")
	if [ -n "$non2xx" ]; then
		echo "!! $name: $non2xx responses were not 2xx: the figures above are not valid" >&2
	fi
}

# seed ROWS: loads the demo data and ROWS more service points into $dsn, through the product's own
# `chuhai demo --scale` (which serves once loaded: it is stopped as soon as it does).
seed() {
	start_wait=1800 # loading 100,000 rows takes a while, longer on a busy machine
	start seed "$work/chuhai" demo --scale "$1" --addr 127.0.0.1:0 --db "$dsn"
	start_wait=30
	stop "$pid"
}

# stop PID: ends a server started here and waits for it.
stop() {
	kill "$1" 2>/dev/null || true
	{ wait "$1"; } 2>/dev/null || true
}

echo "== seeding the demo data and $POINTS service points ($engine)"
new_dsn main
seed "$POINTS"
# The demo's city coordinator; the token makes every API request go through token authentication.
token=$("$work/chuhai" token create --db "$dsn" --login coordinator --name load-test 2>"$work/token.err" | grep -o 'cht_[A-Za-z0-9_-]*' | head -n 1)
if [ -z "$token" ]; then
	echo "could not create an API token:" >&2
	cat "$work/token.err" >&2
	exit 1
fi

start bare "$work/bare"
bare_url=$url
start chuhai "$work/chuhai" serve --addr 127.0.0.1:0 --db "$dsn"
chuhai_url=$url
chuhai_pid=$pid
wait_ready "$chuhai_url"
rss_start=$(rss_mb "$chuhai_pid")

# The routes must answer 200 before they are worth measuring.
for path in /api/v1/service-points /network; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$chuhai_url$path")
	if [ "$code" != 200 ]; then
		echo "$path answered $code, not 200" >&2
		exit 1
	fi
done
for i in $(seq 1 20); do
	curl -s -o /dev/null -H "Authorization: Bearer $token" "$chuhai_url/api/v1/service-points?page=$i"
	curl -s -o /dev/null "$chuhai_url/network?page=$i"
done
rss_idle=$(rss_mb "$chuhai_pid")

measure bare "$bare_url/"
measure api "$chuhai_url/api/v1/service-points" -H "Authorization: Bearer $token"
measure page "$chuhai_url/network"
rss_after=$(rss_mb "$chuhai_pid")

echo
echo "== cold start on $COLD_ROWS rows"
new_dsn cold
cold_dsn=$dsn
seed "$COLD_ROWS"
cold=()
for run in 1 2 3; do
	t0=$(now_ms)
	start "cold$run" "$work/chuhai" serve --addr 127.0.0.1:0 --db "$cold_dsn"
	wait_ready "$url"
	cold+=($(($(now_ms) - t0)))
	stop "$pid"
done

ratio=$(awk -v a="${rps[api]}" -v b="${rps[bare]}" 'BEGIN { printf "%.1f", 100 * a / b }')
page_ratio=$(awk -v a="${rps[page]}" -v b="${rps[bare]}" 'BEGIN { printf "%.1f", 100 * a / b }')
mb() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1048576 }'; }

echo
echo "== summary ($engine, $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
printf '  %-34s %12s %10s\n' "target" "requests/s" "p99"
printf '  %-34s %12s %10s\n' "bare net/http JSON list" "${rps[bare]}" "${p99[bare]}"
printf '  %-34s %12s %10s\n' "chuhai GET /api/v1/service-points" "${rps[api]}" "${p99[api]}"
printf '  %-34s %12s %10s\n' "chuhai GET /network (HTML)" "${rps[page]}" "${p99[page]}"
echo "  list API / bare:          ${ratio}%   (target ≥ 25%, p99 < 25ms)"
echo "  list page / bare:         ${page_ratio}%"
echo "  cold start, $COLD_ROWS rows:  ${cold[*]} ms   (target < 1000 ms; process start to /readyz 200)"
echo "  RSS after start:          ${rss_start} MB"
echo "  RSS idle after requests:  ${rss_idle} MB   (target < 80 MB)"
echo "  RSS after the load runs:  ${rss_after} MB"
echo "  binary:                   $(mb "$size_plain") MB plain, $(mb "$size_stripped") MB with -ldflags='-s -w'   (target < 40 MB)"
