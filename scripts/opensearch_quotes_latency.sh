#!/usr/bin/env bash
# Whole-process `newsidx quotes` latency on a local index against the same
# quote records in a cluster (issue 15; BENCHMARKS.md, "OpenSearch").
#
#   scripts/opensearch_quotes_latency.sh BIN LOCAL_INDEX URL/INDEX
#
# BIN is a release build; LOCAL_INDEX and URL/INDEX hold the same folder
# (tests/opensearch/quotes.rs leaves both: target/tmp/opensearch-quotes/index
# and newsidx-quote-parity). JSON output to /dev/null, warm-up runs first.
set -euo pipefail
bin=$1 local=$2 remote=$3
queries=(
    'prices'
    '"interest rates"'
    'speaker:baker'
    'export*'
)
for query in "${queries[@]}"; do
    hyperfine -N --warmup 3 --runs 20 --style basic \
        -n "local: quotes $query" "$bin quotes --json --index $local -- '$query'" \
        -n "cluster: quotes $query" "$bin quotes --json --opensearch $remote -- '$query'"
done
# Every quote (19,745 on the sample corpus and Reuters), past the window.
hyperfine -N --warmup 1 --runs 5 --style basic \
    -n "local: quotes * --limit all" "$bin quotes --json --limit all --index $local -- '*'" \
    -n "cluster: quotes * --limit all" "$bin quotes --json --limit all --opensearch $remote -- '*'"
