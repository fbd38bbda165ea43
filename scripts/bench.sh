#!/usr/bin/env bash
# newsidx side by side with its peers, on synthetic corpora of 10k, 100k and
# 1M articles in the reference layout (examples/gen_corpus.rs):
#
#   - newsidx index / newsidx query (the release build);
#   - the raw-tantivy baseline (examples/raw_tantivy.rs): the same articles,
#     pre-split into fields, with newsidx's schema and writer settings;
#   - SQLite FTS5 (scripts/fts5.py builds it: porter tokenizer, one
#     transaction; queries run in the sqlite3 command-line tool with the SQL
#     fts5.py would run: bm25 ordering and snippet()).
#
# It records build wall and CPU time, peak RSS, index size and throughput;
# whole-process query latency (hyperfine) for ten query types; in-process
# query latency (criterion, benches/query.rs); and the incremental re-run
# ratios on 20k articles. The tables replace the generated part of
# BENCHMARKS.md, with the machine and the date.
#
# Then, when the Reuters-21578 text archive is found (../shared/corpora, or
# --reuters), the start-up stage: newsidx against Xapian (omindex builds a
# database from the same text folder, quest queries it) on real news, whole
# process, both commands in one hyperfine run, repeated to show the spread;
# and `--version` of both. `--xapian` runs this stage alone. Its table has
# its own markers in BENCHMARKS.md, so either part can be rerun alone.
#
# Last, the relevance stage (scripts/relevance.py, a few minutes): Reuters
# topics as questions, newsidx beside SQLite FTS5, a plain Okapi BM25 and
# Xapian, scored against the topic labels beside the archive (topics.tsv).
# `--relevance` runs this stage alone (with `--xapian`, both stages run);
# its table has markers of its own too.
#
#   scripts/bench.sh [--sizes "10000 100000 1000000"] [--work DIR] [--runs N] [--no-write]
#                    [--queries] [--xapian | --no-xapian] [--relevance | --no-relevance]
#                    [--reuters TAR.GZ] [--bin NEWSIDX]
#
# --queries builds only the newsidx and FTS5 indexes and times the
# whole-process queries (no raw-tantivy build, criterion or incremental runs).
# --bin times that newsidx binary (an older build, for a before and after)
# instead of building the release one; with --queries, --xapian or
# --relevance nothing is built then.
#
# Corpora are generated once into the work folder (default
# /tmp/newsidx-bench) and reused. The full run takes about half an hour on
# two cores and needs about 8 GB of disk. The binaries are looked for in
# $CARGO_TARGET_DIR when it is set, as cargo puts them there.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

sizes="10000 100000 1000000"
work=${NEWSIDX_BENCH_DIR:-/tmp/newsidx-bench}
runs=30
write=1
incremental_size=20000
seed=1
synthetic=1
queries_only=0
given_bin=""
xapian=1
no_xapian=0
relevance=1
# Stages named with --xapian or --relevance: when any is, only those run.
only=""
reuters=$repo/../shared/corpora/reuters21578/reuters-txt.tar.gz
# Each hyperfine run of the start-up stage holds both systems, interleaved
# in time, so a busy machine slows both; repeating it shows the spread.
reuters_repeats=3
reuters_runs=40

usage() { sed -n '/^#   scripts/p' "$0" | sed 's/^#   /usage: /'; }
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-write) write=0; shift ;;
    --xapian) only="$only xapian"; shift ;;
    --no-xapian) no_xapian=1; shift ;;
    --relevance) only="$only relevance"; shift ;;
    --no-relevance) relevance=0; shift ;;
    --queries) queries_only=1; shift ;;
    --bin) given_bin=$(realpath "$2"); shift 2 ;;
    --reuters) reuters=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -n "$only" ]; then
  synthetic=0
  xapian=0
  relevance=0
  case " $only " in *" xapian "*) xapian=1 ;; esac
  case " $only " in *" relevance "*) relevance=1 ;; esac
fi
[ "$no_xapian" -eq 0 ] || xapian=0

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

# hyperfine, GNU time, the sqlite3 shell and Xapian's tools come from
# Debian's packages.
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
if [ "$synthetic" -eq 1 ]; then
  need_package sqlite3 sqlite3
  python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("create virtual table t using fts5(x, tokenize=porter)")' ||
    die "python3's sqlite3 has no FTS5; the SQLite baseline cannot be built"
  sqlite3 :memory: "create virtual table t using fts5(x, tokenize=porter)" ||
    die "the sqlite3 shell has no FTS5; the SQLite baseline cannot be queried"
fi
# Only the build goes through Python now. The interpreter itself, not a
# version manager's shim in front of it: a pyenv shim adds tens of
# milliseconds to every process.
py=$(python3 -c 'import sys; print(sys.executable)')
if [ "$no_xapian" -eq 0 ] && { [ "$xapian" -eq 1 ] || [ "$relevance" -eq 1 ]; } && [ -f "$reuters" ]; then
  need_package omindex xapian-omega
  need_package quest xapian-tools
fi

target=${CARGO_TARGET_DIR:-$repo/target}
case $target in /*) ;; *) target=$repo/$target ;; esac
if [ -z "$given_bin" ] || { [ "$synthetic" -eq 1 ] && [ "$queries_only" -eq 0 ]; }; then
  say "building the release binaries"
  cargo build --release --quiet --bin newsidx --example gen_corpus --example raw_tantivy
fi
gen=$target/release/examples/gen_corpus
raw=$target/release/examples/raw_tantivy

mkdir -p "$work"
# The binary is timed as installed: copied, as `cargo install` and a
# package do. Fresh from the linker, the same bytes took 264 page faults a
# query instead of 240 and were 5-8% slower (the page cache holds the file
# as the linker wrote it, in small pieces, so the kernel maps fewer pages
# at each fault), which would time the build rather than newsidx.
mkdir -p "$work/bin"
install -m 755 "${given_bin:-$target/release/newsidx}" "$work/bin/newsidx"
bin=$work/bin/newsidx
results=$work/results
rm -rf "$results"
mkdir -p "$results"
# The report names a binary given with --bin, whose commit HEAD's may not be.
[ -z "$given_bin" ] || echo "$given_bin" >"$results/given-bin.txt"

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

# Runs one build under GNU time; appends a row to $build_tsv (build.tsv,
# or reuters-build.tsv in the start-up stage):
# system, articles, wall s, user s, sys s, peak RSS KiB, index bytes.
build_tsv=build.tsv
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
  printf '%s\t%s\t%s\t%s\n' "$system" "$n" "$(tail -n 1 "$results/time" | tr ' ' '\t')" "$size" >>"$results/$build_tsv"
}

# One argument in double quotes, as both bash and hyperfine's command
# splitting read it (printf %q may write $'...', which hyperfine does not).
double_quote() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//\$/\\\$}
  s=${s//\`/\\\`}
  printf '"%s"' "$s"
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
    # The statement fts5.py's `query` would run, in the sqlite3 shell:
    # quoted for bash (the hit count below) and for hyperfine's splitting,
    # which both read backslash escapes.
    local sql
    # shellcheck disable=SC2086 # the options are separate words
    sql=$("$py" "$repo/scripts/fts5.py" sql "$fwords" --limit 10 $fopts)
    local fcmd
    fcmd="sqlite3 -readonly -json $db $(double_quote "$sql")"
    # Hits shown: a query that finds nothing would measure nothing.
    local nhits fhits
    nhits=$(eval "$ncmd" | grep -c '"type":"hit"' || true)
    fhits=$(eval "$fcmd" | grep -c '"path":' || true)
    hyperfine -N --warmup 3 --runs "$runs" --ignore-failure --style none \
      --export-json "$results/query-$n-$i.json" "$ncmd" "$fcmd" >/dev/null
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$i" "$name" "$nhits" "$fhits" >>"$results/queries.tsv"
    i=$((i + 1))
  done
}

[ "$synthetic" -eq 1 ] || sizes=""
for n in $sizes; do
  corpus "$n"
  c=$work/corpus-$n
  printf '%s\t%s\n' "$n" "$(text_bytes "$c")" >>"$results/corpora.tsv"
  # Warm the page cache, as the peers' figures assume.
  find "$c/" -type f -name '*.txt' -print0 | xargs -0 cat >/dev/null
  cat "$c.jsonl" >/dev/null
  build newsidx "$n" "$work/newsidx-$n" "$bin" index "$c" --index "$work/newsidx-$n" --full --quiet
  [ "$queries_only" -eq 1 ] || build raw-tantivy "$n" "$work/raw-$n" "$raw" "$c.jsonl" "$work/raw-$n"
  build fts5 "$n" "$work/fts5-$n.db" "$py" "$repo/scripts/fts5.py" build "$c" "$work/fts5-$n.db"
  say "timing queries on $n articles"
  query_latency "$n" "$work/newsidx-$n" "$work/fts5-$n.db"
  [ "$queries_only" -eq 0 ] || continue
  say "in-process query latency on $n articles (criterion)"
  rm -rf "$target/criterion/query" "$target/criterion/open"
  NEWSIDX_BENCH_INDEX=$work/newsidx-$n cargo bench --quiet --bench query >"$results/criterion-$n.log" 2>&1 ||
    die "cargo bench failed; see $results/criterion-$n.log"
  mkdir -p "$results/criterion-$n"
  cp -r "$target/criterion/query/." "$results/criterion-$n/"
  cp -r "$target/criterion/open" "$results/criterion-$n/open"
  rm -rf "$work/raw-$n"
done

# Incremental re-runs: nothing changed, then 1% of the files changed.
incremental() {
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
}
[ "$synthetic" -eq 0 ] || [ "$queries_only" -eq 1 ] || incremental

# Start-up on real news: Reuters-21578 as text files, newsidx against
# Xapian, whole process. quest prints the sample omindex stored for each
# hit; newsidx builds its snippets at query time.
reuters_stage() {
  local dir=$work/reuters
  if [ ! -f "$dir.done" ]; then
    say "unpacking $reuters"
    rm -rf "$dir"
    mkdir -p "$dir"
    tar -xzf "$reuters" -C "$dir"
    touch "$dir.done"
  fi
  local text=$dir/reuters21578
  [ -d "$text" ] || die "$reuters did not unpack to reuters21578/"
  find "$text/" -type f -print0 | xargs -0 cat >/dev/null
  local articles
  articles=$(find "$text/" -type f -name '*.txt' | wc -l)
  build_tsv=reuters-build.tsv
  build newsidx "$articles" "$work/newsidx-reuters" "$bin" index "$text" --index "$work/newsidx-reuters" --full --quiet
  # omindex indexes what is under the folder given, with URLs from --url.
  build xapian "$articles" "$work/xapian-reuters" omindex --db "$work/xapian-reuters" --url / "$text"
  local ncmd="$bin query --json cocoa --index $work/newsidx-reuters"
  local xcmd="quest -d $work/xapian-reuters cocoa"
  local nhits xhits
  nhits=$($ncmd | grep -c '"type":"hit"' || true)
  xhits=$($xcmd | grep -c '^url=' || true)
  # newsidx's binary, quest's and the Xapian library it maps.
  local libxapian
  libxapian=$(ldd "$(command -v quest)" | awk '/libxapian/ { print $3 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(stat -c %s "$bin")" "$(stat -L -c %s "$(command -v quest)")" \
    "$(stat -L -c %s "$libxapian")" "$nhits" "$xhits" "$(text_bytes "$text")" "$(quest --version | head -n 1)" >"$results/reuters.tsv"
  local i
  for i in $(seq 1 "$reuters_repeats"); do
    say "start-up on Reuters: query, run $i of $reuters_repeats"
    hyperfine -N --warmup 3 --runs "$reuters_runs" --style none \
      --export-json "$results/reuters-query-$i.json" "$ncmd" "$xcmd" >/dev/null
  done
  say "start-up on Reuters: --version"
  hyperfine -N --warmup 3 --runs "$reuters_runs" --style none \
    --export-json "$results/reuters-version.json" "$bin --version" "quest --version" >/dev/null
}
if [ "$xapian" -eq 1 ]; then
  if [ -f "$reuters" ]; then
    reuters_stage
  else
    say "no Reuters archive at $reuters; skipping the start-up stage against Xapian"
  fi
fi

# Relevance on Reuters topics. relevance.py unpacks the archive into its own
# work folder, reads topics.tsv beside it, and rewrites its own part of
# BENCHMARKS.md; it installs snowballstemmer into a virtual environment in
# that folder when Python lacks it.
if [ "$relevance" -eq 1 ]; then
  if [ -f "$reuters" ]; then
    say "relevance on Reuters topics"
    rel_opts=()
    [ -z "$given_bin" ] || rel_opts+=(--bin "$given_bin")
    [ "$no_xapian" -eq 0 ] || rel_opts+=(--no-xapian)
    [ "$write" -eq 0 ] || rel_opts+=(--write)
    "$py" "$repo/scripts/relevance.py" --reuters "$reuters" --work "$work/relevance" "${rel_opts[@]}" >"$results/relevance.md" ||
      die "relevance.py failed"
  else
    say "no Reuters archive at $reuters; skipping the relevance stage"
  fi
fi

python3 "$repo/scripts/bench_report.py" "$results" >"$results/tables.md"
if [ "$write" -eq 1 ]; then
  python3 "$repo/scripts/bench_report.py" "$results" --into "$repo/BENCHMARKS.md"
  say "tables written into BENCHMARKS.md"
fi
cat "$results/tables.md"
[ ! -f "$results/relevance.md" ] || cat "$results/relevance.md"
