#!/usr/bin/env bash
# newsidx side by side with its peers, on synthetic corpora of 10k, 100k and
# 1M articles in the reference layout (examples/gen_corpus.rs):
#
#   - newsidx index / newsidx query (the release build);
#   - the raw-tantivy baseline (examples/raw_tantivy.rs): the same articles,
#     pre-split into fields, with newsidx's schema and writer settings;
#   - SQLite FTS5 (scripts/fts5.py: porter tokenizer, one transaction,
#     bm25 ordering and snippet()).
#
# It records build wall and CPU time, peak RSS, index size and throughput;
# whole-process query latency (hyperfine) for ten query types; in-process
# query latency (criterion, benches/query.rs); and the incremental re-run
# ratios on 20k articles. The tables replace the generated part of
# BENCHMARKS.md, with the machine and the date.
#
#   scripts/bench.sh [--sizes "10000 100000 1000000"] [--work DIR] [--runs N] [--no-write]
#
# Corpora are generated once into the work folder (default
# /tmp/newsidx-bench) and reused. The full run takes about half an hour on
# two cores and needs about 8 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

sizes="10000 100000 1000000"
work=${NEWSIDX_BENCH_DIR:-/tmp/newsidx-bench}
runs=30
write=1
incremental_size=20000
seed=1

usage() { sed -n '/^#   scripts/p' "$0" | sed 's/^#   /usage: /'; }
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-write) write=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

# hyperfine and GNU time come from Debian's packages.
need_package() {
  local cmd=$1 package=$2
  [ -x "$cmd" ] || command -v "$cmd" >/dev/null 2>&1 && return 0
  say "installing $package (for $cmd)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "$package" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$package" >/dev/null; } ||
    die "cannot install $package; install it and run again"
}
need_package hyperfine hyperfine
need_package /usr/bin/time time
python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("create virtual table t using fts5(x, tokenize=porter)")' ||
  die "python3's sqlite3 has no FTS5; the SQLite baseline cannot run"
# The interpreter itself, not a version manager's shim in front of it: a
# pyenv shim adds tens of milliseconds to every FTS5 query process.
py=$(python3 -c 'import sys; print(sys.executable)')

say "building the release binaries"
cargo build --release --quiet --bin newsidx --example gen_corpus --example raw_tantivy
bin=$repo/target/release/newsidx
gen=$repo/target/release/examples/gen_corpus
raw=$repo/target/release/examples/raw_tantivy

mkdir -p "$work"
results=$work/results
rm -rf "$results"
mkdir -p "$results"

# A corpus of N articles, made once: the .done marker says it is whole.
corpus() {
  local n=$1
  if [ ! -f "$work/corpus-$n.done" ]; then
    say "generating $n articles"
    rm -rf "$work/corpus-$n" "$work/corpus-$n.jsonl"
    "$gen" --n "$n" --seed "$seed" --out "$work/corpus-$n" --jsonl "$work/corpus-$n.jsonl"
    touch "$work/corpus-$n.done"
  fi
}

text_bytes() { find "$1/" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }'; }

# Runs one build under GNU time; appends a row to build.tsv:
# system, articles, wall s, user s, sys s, peak RSS KiB, index bytes.
build() {
  local system=$1 n=$2 out=$3
  shift 3
  rm -rf "$out"
  say "$system: building the index of $n articles"
  local status=0
  /usr/bin/time -f '%e %U %S %M' -o "$results/time" "$@" >"$results/$system-$n.out" 2>"$results/$system-$n.err" ||
    status=$?
  # newsidx exits 3 when it skipped files; the corpus has none to skip.
  [ "$status" -eq 0 ] || die "$system failed on $n articles (exit $status); see $results/$system-$n.err"
  local size
  size=$(du -sb "$out" | cut -f1)
  printf '%s\t%s\t%s\t%s\n' "$system" "$n" "$(tail -n 1 "$results/time" | tr ' ' '\t')" "$size" >>"$results/build.tsv"
}

# The query set: a name, newsidx's arguments, FTS5's arguments.
queries=(
  "common term|government|government"
  "rare term|hurricane|hurricane"
  "two-term AND|oil prices|oil prices"
  "phrase|\"interest rate\"|\"interest rate\""
  "OR|wheat OR corn|wheat OR corn"
  "NOT|oil -opec|oil NOT opec"
  "title field|title:bank|title : bank"
  "speaker field|speaker:Lindqvist|speakers : Lindqvist"
  "term, one month|trade --from 1990-03-01 --to 1990-03-31|trade --from 1990-03-01 --to 1990-03-31"
  "sort by date|government --sort date|government --sort date"
)

# Whole-process latency of each query on both systems, warm cache.
query_latency() {
  local n=$1 index=$2 db=$3 i=0
  for entry in "${queries[@]}"; do
    IFS='|' read -r name nq fq <<<"$entry"
    # The search words go quoted as one argument; the options stay apart.
    local nwords=${nq%% --*} nopts="" fwords=${fq%% --*} fopts=""
    [ "$nwords" = "$nq" ] || nopts=${nq#"$nwords"}
    [ "$fwords" = "$fq" ] || fopts=${fq#"$fwords"}
    local ncmd="$bin query --index $index --json --limit 10 '$nwords'$nopts"
    local fcmd="$py $repo/scripts/fts5.py query $db '$fwords' --limit 10$fopts"
    # Hits shown: a query that finds nothing would measure nothing.
    local nhits fhits
    nhits=$(eval "$ncmd" | grep -c '"type":"hit"' || true)
    fhits=$(eval "$fcmd" | grep -c . || true)
    hyperfine -N --warmup 3 --runs "$runs" --ignore-failure --style none \
      --export-json "$results/query-$n-$i.json" "$ncmd" "$fcmd" >/dev/null
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$i" "$name" "$nhits" "$fhits" >>"$results/queries.tsv"
    i=$((i + 1))
  done
}

for n in $sizes; do
  corpus "$n"
  c=$work/corpus-$n
  printf '%s\t%s\n' "$n" "$(text_bytes "$c")" >>"$results/corpora.tsv"
  # Warm the page cache, as the peers' figures assume.
  find "$c/" -type f -name '*.txt' -print0 | xargs -0 cat >/dev/null
  cat "$c.jsonl" >/dev/null
  build newsidx "$n" "$work/newsidx-$n" "$bin" index "$c" --index "$work/newsidx-$n" --full --quiet
  build raw-tantivy "$n" "$work/raw-$n" "$raw" "$c.jsonl" "$work/raw-$n"
  build fts5 "$n" "$work/fts5-$n.db" "$py" "$repo/scripts/fts5.py" build "$c" "$work/fts5-$n.db"
  say "timing queries on $n articles"
  query_latency "$n" "$work/newsidx-$n" "$work/fts5-$n.db"
  say "in-process query latency on $n articles (criterion)"
  rm -rf "$repo/target/criterion/query" "$repo/target/criterion/open"
  NEWSIDX_BENCH_INDEX=$work/newsidx-$n cargo bench --quiet --bench query >"$results/criterion-$n.log" 2>&1 ||
    die "cargo bench failed; see $results/criterion-$n.log"
  mkdir -p "$results/criterion-$n"
  cp -r "$repo/target/criterion/query/." "$results/criterion-$n/"
  cp -r "$repo/target/criterion/open" "$results/criterion-$n/open"
  rm -rf "$work/raw-$n"
done

# Incremental re-runs: nothing changed, then 1% of the files changed.
corpus "$incremental_size"
inc=$work/incremental
rm -rf "$inc"
cp -r "$work/corpus-$incremental_size" "$inc"
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }'
}
say "incremental runs on $incremental_size articles"
for round in 1 2 3; do
  rm -rf "$work/newsidx-incremental"
  full=$(seconds "$bin" index "$inc" --index "$work/newsidx-incremental" --quiet)
  unchanged=$(seconds "$bin" index "$inc" --index "$work/newsidx-incremental" --quiet)
  find "$inc" -name '*.txt' | sort | awk -v r="$round" 'NR % 100 == r' |
    while read -r f; do echo "A paragraph added for the benchmark, round $round." >>"$f"; done
  changed=$(seconds "$bin" index "$inc" --index "$work/newsidx-incremental" --quiet)
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$incremental_size" "$full" "$unchanged" "$changed" >>"$results/incremental.tsv"
done

python3 "$repo/scripts/bench_report.py" "$results" >"$results/tables.md"
if [ "$write" -eq 1 ]; then
  python3 "$repo/scripts/bench_report.py" "$results" --into "$repo/BENCHMARKS.md"
  say "tables written into BENCHMARKS.md"
fi
cat "$results/tables.md"
