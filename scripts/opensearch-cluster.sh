#!/usr/bin/env bash
# newsidx's OpenSearch test cluster: three real OpenSearch 2.19 nodes on
# 127.0.0.1, each in its own JVM, for the tests against a cluster and for
# trying newsidx on one.
#
#   scripts/opensearch-cluster.sh start       fresh cluster; prints node 1's URL last, once green
#   scripts/opensearch-cluster.sh stop        every node shut down cleanly (SIGTERM, then waits)
#   scripts/opensearch-cluster.sh kill N      SIGKILL node N (fault tests)
#   scripts/opensearch-cluster.sh restart N   node N stopped if it runs, started on its data, waits for green
#   scripts/opensearch-cluster.sh status      each node's process and the cluster's health
#
# The nodes come from Maven artifacts (opensearch/cluster/pom.xml pins
# them): the server, its netty4 transport and analysis-common, started
# through opensearch/cluster/src/main/java/newsidx/cluster/TestNode.java.
# The first start downloads them into ~/.m2 (about 60 MB, once).
#
# Data and logs live under target/opensearch/ (node-N/data, node-N.log).
# `start` wipes the data of an earlier cluster so every run begins empty;
# `start --keep-data` reuses it. Node N's HTTP port is
# NEWSIDX_OPENSEARCH_PORT+N-1 (default 9250, away from a real
# OpenSearch's 9200) and its transport port 100 higher, or
# NEWSIDX_OPENSEARCH_TRANSPORT_PORT+N-1 when that is set.
# NEWSIDX_OPENSEARCH_HEAP sets each JVM's heap (default 512m: three nodes
# and a Rust build fit in 24 GiB). NEWSIDX_OPENSEARCH_TIMEOUT is how many
# seconds `start` and `restart` wait for green (default 180).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

nodes=3
root=$repo/target/opensearch
project=$repo/opensearch/cluster
http_base=${NEWSIDX_OPENSEARCH_PORT:-9250}
# Two clusters on one machine need transport ports apart from each other's
# HTTP ports too (bases 9350 and 9450 would otherwise meet at 9450).
transport_base=${NEWSIDX_OPENSEARCH_TRANSPORT_PORT:-$((http_base + 100))}
heap=${NEWSIDX_OPENSEARCH_HEAP:-512m}
timeout=${NEWSIDX_OPENSEARCH_TIMEOUT:-180}

say() { echo "opensearch-cluster: $*" >&2; }
die() { say "error: $*"; exit 1; }

url_of() { echo "http://127.0.0.1:$((http_base + $1 - 1))"; }
pid_file() { echo "$root/node-$1.pid"; }

running_pid() {
    local file pid
    file=$(pid_file "$1")
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

check_number() {
    [[ ${1:-} =~ ^[1-9][0-9]*$ ]] && ((${1} <= nodes)) ||
        die "node number must be 1 to $nodes, got '${1:-}'"
}

# The classpath is resolved by Maven once and kept until the pom changes;
# the one source file is compiled beside it. Both take a few seconds, and
# only when something changed.
build() {
    command -v java >/dev/null || die "java not found: install a Java 17 runtime (apt-get install openjdk-17-jre-headless)"
    command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
    mkdir -p "$root"
    local cp=$root/classpath.txt classes=$root/classes
    if [[ ! -s $cp || $project/pom.xml -nt $cp ]]; then
        say "resolving the OpenSearch artifacts (the first time downloads them)"
        mvn -B -q -f "$project/pom.xml" dependency:build-classpath \
            -Dmdep.outputFile="$cp" >"$root/maven.log" 2>&1 ||
            { tail -n 20 "$root/maven.log" >&2; die "Maven could not resolve the artifacts (full log: $root/maven.log)"; }
    fi
    local source=$project/src/main/java/newsidx/cluster/TestNode.java
    if [[ ! -f $classes/newsidx/cluster/TestNode.class || $source -nt $classes/newsidx/cluster/TestNode.class ]]; then
        rm -rf "$classes"
        javac -d "$classes" -cp "$(<"$cp")" "$source" || die "TestNode.java did not compile"
    fi
}

launch() {
    local n=$1
    local log=$root/node-$n.log
    # Flags as OpenSearch's own jvm.options sets them where they matter
    # here: a fixed heap, no heap dumps filling the disk, UTF-8 and a
    # headless AWT; the log of each JVM goes beside its data.
    setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC \
        -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
        -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
        -Dio.netty.allocator.numDirectArenas=0 \
        -cp "$root/classes:$(<"$root/classpath.txt")" \
        newsidx.cluster.TestNode "$n" "$root" "$http_base" "$transport_base" "$nodes" \
        >>"$log" 2>&1 </dev/null &
    echo $! >"$(pid_file "$n")"
}

# Waits until the node given (default 1) answers and the cluster is green
# with every node whose JVM runs (a node killed on purpose is not waited
# for); fails at once when a starting node's JVM exits.
wait_green() {
    local via=${1:-1} deadline=$((SECONDS + timeout)) health= n up
    while ((SECONDS < deadline)); do
        up=0
        for n in $(seq 1 $nodes); do
            [[ -f $(pid_file "$n") ]] || continue
            running_pid "$n" >/dev/null || {
                tail -n 30 "$root/node-$n.log" >&2
                die "node $n exited while starting (log: $root/node-$n.log)"
            }
            up=$((up + 1))
        done
        # Without -f: a health request that times out answers 408 with the
        # health so far, which is worth showing if we give up.
        health=$(curl -s --max-time 10 \
            "$(url_of "$via")/_cluster/health?wait_for_status=green&wait_for_nodes=$up&timeout=5s" 2>/dev/null) || health=
        if [[ $health == *'"status":"green"'* && $health == *"\"number_of_nodes\":$up,"* ]]; then
            return 0
        fi
        sleep 1
    done
    say "the cluster was not green with $up nodes after $timeout s; last health: ${health:-no answer}"
    return 1
}

stop_node() {
    local n=$1 pid
    pid=$(running_pid "$n") || { rm -f "$(pid_file "$n")"; return 0; }
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$(pid_file "$n")"; return 0; }
        sleep 0.5
    done
    say "node $n did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$(pid_file "$n")"
}

cmd_start() {
    local keep=false
    [[ ${1:-} == --keep-data ]] && keep=true
    for n in $(seq 1 $nodes); do
        running_pid "$n" >/dev/null &&
            die "node $n is already running (pid $(running_pid "$n")): run '$0 stop' first"
    done
    # Another cluster on these ports (another checkout's, with its own pid
    # files) would answer the health checks for ours while our nodes die
    # binding: refuse before launching.
    for n in $(seq 1 $nodes); do
        if curl -s --max-time 2 -o /dev/null "$(url_of "$n")"; then
            die "something already answers on $(url_of "$n") (another cluster?): stop it, or set NEWSIDX_OPENSEARCH_PORT to another base port"
        fi
    done
    build
    local started=$SECONDS
    for n in $(seq 1 $nodes); do
        $keep || rm -rf "$root/node-$n"
        : >"$root/node-$n.log"
        launch "$n"
    done
    if ! wait_green 1; then
        for n in $(seq 1 $nodes); do stop_node "$n"; done
        die "cluster did not start; logs: $root/node-N.log"
    fi
    say "green with $nodes nodes in $((SECONDS - started)) s"
    url_of 1
}

cmd_stop() {
    for n in $(seq 1 $nodes); do stop_node "$n" & done
    wait
}

cmd_kill() {
    check_number "${1:-}"
    local pid
    pid=$(running_pid "$1") || die "node $1 is not running"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$(pid_file "$1")"
    say "node $1 (pid $pid) killed"
}

cmd_restart() {
    check_number "${1:-}"
    build
    stop_node "$1"
    launch "$1"
    # Asked through the restarted node itself: it answers green only once
    # it has rejoined, whichever other node is up.
    wait_green "$1" || die "node $1 did not rejoin a green cluster; log: $root/node-$1.log"
    say "node $1 back; cluster green"
}

cmd_status() {
    local up=0 pid
    for n in $(seq 1 $nodes); do
        if pid=$(running_pid "$n"); then
            echo "node $n: running (pid $pid) $(url_of "$n")"
            up=$((up + 1))
        else
            echo "node $n: stopped"
        fi
    done
    ((up > 0)) || return 3
    for n in $(seq 1 $nodes); do
        running_pid "$n" >/dev/null || continue
        curl -sf --max-time 5 "$(url_of "$n")/_cluster/health" && echo && return 0
    done
    echo "no node answers HTTP yet"
}

case ${1:-} in
start) shift; cmd_start "$@" ;;
stop) cmd_stop ;;
kill) cmd_kill "${2:-}" ;;
restart) cmd_restart "${2:-}" ;;
status) cmd_status ;;
*)
    echo "usage: $0 start [--keep-data] | stop | kill N | restart N | status" >&2
    exit 2
    ;;
esac
