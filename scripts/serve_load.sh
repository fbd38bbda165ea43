#!/usr/bin/env bash
# Load on `newsidx serve` with wrk: one query, then a rotating set of
# queries, then the rotating set again while `newsidx index` rebuilds the
# same index beside the server. Prints wrk's reports and the server's
# resident memory before and after each run. Traffic goes to 127.0.0.1
# only, and each run stops by itself.
#
#   scripts/serve_load.sh [CORPUS] [SECONDS]
#
# CORPUS (a folder, or a .tar.gz of one) defaults to Reuters-21578 as
# text, ../shared/corpora/reuters21578/reuters-txt.tar.gz; SECONDS (30) is
# the length of the rotating runs. Needs wrk (apt-get install wrk) and a
# release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-../shared/corpora/reuters21578/reuters-txt.tar.gz}
seconds=${2:-30}
bin=${CARGO_TARGET_DIR:-target}/release/newsidx
work=$(mktemp -d /tmp/newsidx-serve-load.XXXXXX)
port=18027
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

if [ -f "$corpus" ]; then
  mkdir "$work/corpus"
  tar -xzf "$corpus" -C "$work/corpus"
  corpus=$work/corpus
fi
# Exit 3 only says some files were skipped (and named).
"$bin" index "$corpus" --index "$work/idx" --quiet || [ $? -eq 3 ]
"$bin" serve --index "$work/idx" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.1
done

cat >"$work/rotate.lua" <<'LUA'
-- A rotating set of queries of the kinds people type: one word, two, a
-- phrase, OR, a field, a date range, a facet.
local queries = {
  "q=cocoa", "q=oil%20prices", "q=%22interest%20rates%22", "q=wheat%20OR%20corn",
  "q=speaker%3Abaker", "q=title%3Agold", "q=trade%20deficit&sort=date",
  "q=bank&from=1987-03&to=1987-04", "q=coffee&facet=speaker%3A5",
  "q=opec%20output", "q=dollar%20yen", "q=shares&offset=20", "q=acquisition%20merger",
  "q=sugar&facet=month", "q=crude", "q=earnings%20per%20share",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
LUA

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
# The server's resident memory every 5 s while a run lasts.
sample_rss() {
  local out=""
  for _ in $(seq $(( $1 / 5 ))); do
    sleep 5
    out="$out $(awk '/VmRSS/ {print $2}' "/proc/$server/status")"
  done
  echo "RSS every 5 s (kB):$out"
}
load() { uptime | sed 's/.*load average: /load average: /'; }

echo "== one query (cocoa), -t2 -c64 -d10s; RSS $(rss); $(load)"
wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/api/search?q=cocoa"
echo "== rotating set, -t2 -c64 -d${seconds}s; RSS $(rss); $(load)"
sample_rss "$seconds" &
sampler=$!
wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/rotate.lua" "http://127.0.0.1:$port"
wait "$sampler"
echo "== rotating set while newsidx index rebuilds the index; RSS $(rss); $(load)"
reloads() { curl -s "http://127.0.0.1:$port/api/health" | sed 's/.*"reloads":\([0-9]*\).*/\1/'; }
before=$(reloads)
# Rebuilt in turns until the run ends, so that commits land all along it.
(
  end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    start=$SECONDS
    "$bin" index "$corpus" --index "$work/idx" --full --quiet --commit-every 1 || [ $? -eq 3 ]
    echo "index run: $((SECONDS - start)) s"
  done
) &
indexer=$!
sample_rss "$seconds" &
sampler=$!
wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/rotate.lua" "http://127.0.0.1:$port"
wait "$indexer" "$sampler" || true
echo "the server reopened the index $(( $(reloads) - before )) times during the run"
echo "== after; RSS $(rss); reloads: $(curl -s "http://127.0.0.1:$port/api/health")"
