#!/usr/bin/env bash
# Live latency with every worker in its own OS process and clicks produced by kcat, measured from Kafka CreateTimes.
# usage: scripts/live-latency/run.sh REGISTRY [RATE...]   (REGISTRY: a registry with a fused version, e.g. the
# registry/ folder of a cached 'streaming up' bootstrap under ~/.cache/streaming/bootstrap/). Needs kcat and python3.
set -euo pipefail
registry=$(realpath "$1"); shift
rates=("${@:-200}")
here=$(dirname "$(realpath "$0")"); root=$here/../..
work=$(mktemp -d); trap 'rm -rf "$work"; kill 0' EXIT
streaming() { dotnet "$root/src/Cli/bin/Release/net10.0/streaming.dll" "$@"; }
dotnet build "$root/src/Cli" -c Release -v q -nologo >/dev/null
streaming infra --redis-port 0 >"$work/infra.log" 2>&1 &
until grep -q '^ready' "$work/infra.log"; do sleep 1; done
export Kafka__BootstrapServers=$(sed -n 's/^kafka: //p' "$work/infra.log") Redis__Configuration=$(sed -n 's/^redis: //p' "$work/infra.log")
export Logging__LogLevel__Default=Warning Candidates__RegistryPath=$registry Ranker__RegistryPath=$registry \
  IntentWorker__RegistryPath=$registry IntentWorker__CatalogPath=$(ls -d "$registry"/v* | tail -1)/catalog.tsv
for worker in ingest candidates intents ranker; do streaming worker $worker >"$work/$worker.log" 2>&1 & done
sleep 30
python3 "$here/produce.py" "$Kafka__BootstrapServers" "$IntentWorker__CatalogPath" warmup 100   # JIT and caches
for rate in "${rates[@]}"; do
  start=$(date +%s.%N)
  python3 "$here/produce.py" "$Kafka__BootstrapServers" "$IntentWorker__CatalogPath" "r$rate" "$rate"
  echo "== target $rate clicks/s: $(echo "5 * $rate / ($(date +%s.%N) - $start)" | bc) clicks/s achieved"
  sleep 15
  for topic in clicks session-updates candidates intents recommendations; do
    kcat -C -b "$Kafka__BootstrapServers" -t $topic -o beginning -e -q -f '%k\t%T\t%s\n' >"$work/$topic.tsv" 2>/dev/null
  done
  python3 "$here/latency.py" "$work" "r$rate-"
done
