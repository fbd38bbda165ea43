#!/usr/bin/env bash
# The cost of `newsidx query --limit all`: rows a second and anonymous
# memory, for CSV with and without the snippet column and for JSON.
#
#   scripts/export_bench.sh INDEX QUERY [--bin NEWSIDX] [--runs N] [--sort date]
#
# Each run writes the whole export to /dev/null while RssAnon is read from
# /proc/PID/status every 10 ms; the figure kept is the largest seen (the
# kernel's own peak, VmHWM, counts the index's mapped files too). The time
# is the whole process, opening the index included. Nothing is asserted:
# the figures go in BENCHMARKS.md, with the machine's load.
set -euo pipefail

index=${1:?usage: export_bench.sh INDEX QUERY [--bin NEWSIDX] [--runs N] [--sort date]}
query=${2:?usage: export_bench.sh INDEX QUERY [--bin NEWSIDX] [--runs N] [--sort date]}
shift 2
bin=target/release/newsidx
runs=3
sort=relevance
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --sort) sort=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

total=$("$bin" query "$query" --index "$index" --json --limit 0 --exact-count \
    | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])["total_hits"])')
echo "index $index, query '$query' ($total matches), sort $sort, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| output | rows | seconds (each run) | rows/s (best) | peak RssAnon MB |"
echo "|---|---|---|---|---|"

one() {
    local label=$1
    shift
    local times=() best=0 peak=0
    for _ in $(seq "$runs"); do
        local start end pid rss
        start=$(date +%s.%N)
        "$bin" query "$query" --index "$index" --limit all --sort "$sort" "$@" >/dev/null 2>&1 &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            rss=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            if [ -n "${rss:-}" ] && [ "$rss" -gt "$peak" ]; then peak=$rss; fi
            sleep 0.01
        done
        wait "$pid" || true
        end=$(date +%s.%N)
        local secs
        secs=$(python3 -c "print(f'{$end - $start:.3f}')")
        times+=("$secs")
        best=$(python3 -c "print(max($best, $total / $secs))")
    done
    printf '| %s | %s | %s | %.0f | %.1f |\n' "$label" "$total" "${times[*]}" "$best" \
        "$(python3 -c "print($peak / 1024)")"
}

one "CSV, rank,score,date,path" --format csv --fields rank,score,date,path
one "CSV, every field but snippet" --format csv --fields rank,score,date,title,speakers,path
one "CSV, every field" --format csv
one "JSON Lines, every field" --json
