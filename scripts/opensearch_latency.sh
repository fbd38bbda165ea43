#!/usr/bin/env bash
# Whole-process query latency, newsidx on a local index against the same
# articles in a cluster index (issue 15; BENCHMARKS.md, "OpenSearch").
#
#   scripts/opensearch_latency.sh BIN LOCAL_INDEX URL/INDEX
#
# BIN is a release build of newsidx; LOCAL_INDEX and URL/INDEX hold the
# same articles (tests/opensearch/parity.rs leaves both: the local index
# under target/tmp/opensearch-parity/index, the cluster's as
# newsidx-parity). Each query runs through hyperfine against both, JSON
# output to /dev/null, a few warm-up runs first.
set -euo pipefail
bin=$1 local=$2 remote=$3
queries=(
    'oil prices'
    '"interest rates"'
    'opec OR saudi'
    'wheat*'
)
for query in "${queries[@]}"; do
    hyperfine -N --warmup 3 --runs 20 --style basic \
        -n "local: $query" "$bin query --json --index $local -- '$query'" \
        -n "cluster: $query" "$bin query --json --opensearch $remote -- '$query'"
done
# A facet over every match and a page past the 10,000-hit window.
hyperfine -N --warmup 2 --runs 10 --style basic \
    -n "local: cocoa --facet month" "$bin query --json --facet month --index $local -- cocoa" \
    -n "cluster: cocoa --facet month" "$bin query --json --facet month --opensearch $remote -- cocoa" \
    -n "local: date:1987-03 --offset 10500" "$bin query --json --offset 10500 --index $local -- date:1987-03" \
    -n "cluster: date:1987-03 --offset 10500" "$bin query --json --offset 10500 --opensearch $remote -- date:1987-03"
