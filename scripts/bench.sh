#!/usr/bin/env bash
# End-to-end timings of newsidx on the Reuters-21578 corpus beside the repo:
# a full build, a re-run with nothing changed, and a re-run with 1% of the
# files changed. Prints a Markdown table; BENCHMARKS.md holds the figures.
#
#   scripts/bench.sh [WORKDIR]      (default: a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."

corpus_tar=../shared/corpora/reuters21578/reuters-txt.tar.gz
if [ ! -f "$corpus_tar" ]; then
  echo "bench: $corpus_tar is absent; nothing to measure" >&2
  exit 1
fi
work=${1:-$(mktemp -d)}
mkdir -p "$work"

cargo build --release --quiet
bin=$PWD/target/release/newsidx

rm -rf "$work/corpus" "$work/index"
mkdir -p "$work/corpus"
tar -xzf "$corpus_tar" -C "$work/corpus"
files=$(find "$work/corpus" -name '*.txt' | wc -l)

# Wall seconds of one command, from bash's own clock.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || [ $? -eq 3 ]
  end=$(date +%s.%N)
  awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }'
}

full=$(seconds "$bin" index "$work/corpus" --index "$work/index" --quiet)
unchanged=$(seconds "$bin" index "$work/corpus" --index "$work/index" --quiet)

# Change 1% of the files (append a paragraph), spread over the corpus.
step=100
find "$work/corpus" -name '*.txt' | sort | awk -v s=$step 'NR % s == 0' |
  while read -r f; do echo "An added paragraph for the benchmark." >>"$f"; done
changed=$(seconds "$bin" index "$work/corpus" --index "$work/index" --quiet)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo "| run | files | seconds | share of full build |"
echo "| --- | ---: | ---: | ---: |"
printf '| full build | %d | %.2f | 1.000 |\n' "$files" "$full"
printf '| re-run, nothing changed | %d | %.2f | %s |\n' "$files" "$unchanged" "$(ratio "$unchanged" "$full")"
printf '| re-run, 1%% of files changed | %d | %.2f | %s |\n' "$files" "$changed" "$(ratio "$changed" "$full")"
