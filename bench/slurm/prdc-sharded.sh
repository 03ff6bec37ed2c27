#!/usr/bin/env bash
# PRDC at scale through Slurm shards on this machine (issue 13, item 6): starts a single-node cluster of its own
# (deploy/slurm/local-cluster.sh; installs nothing: run .ci/slurm-check once first), writes seeded Gaussian
# features for the real and the generated set (N x D float32 each, numpy), runs the k-NN work as a SHARDS-task array
# with the merge after it (the scripts 'genmetrics slurm knn' writes, one CPU and one thread per task), then the same
# PRDC unsharded in one process on every CPU, and prints the times, each task's peak resident memory and both
# results, which must be equal.
#
#   bench/slurm/prdc-sharded.sh [N [D [SHARDS]]]     defaults 200000 128 4 (D = 128 is random-cnn's width)
#
# Work files go to a temporary folder under BENCH_DIR (default /tmp), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-200000} d=${2:-128} shards=${3:-4}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/genmetrics-prdc-slurm.XXXXXX")
chmod 755 "$work"
. deploy/slurm/local-cluster.sh
trap 'stop_local_cluster; rm -rf "$work"' EXIT
command -v slurmctld >/dev/null || { echo "Slurm is not installed: run .ci/slurm-check once (it installs slurm-wlm and munge)"; exit 2; }
start_local_cluster "$work" || { echo "no cluster: $cluster_error"; exit 2; }

dotnet build src/GenMetrics.Cli -c Release -nologo -v q >"$work/build.log" 2>&1 || { tail -n 20 "$work/build.log"; exit 1; }
dll="$root/src/GenMetrics.Cli/bin/Release/net10.0/GenMetrics.Cli.dll"
mkdir -p "$work/bin" "$work/run" "$work/home"
# Each task runs under /usr/bin/time, which appends its peak resident set (KB) and wall seconds to mem.txt.
printf '#!/bin/sh\nexec /usr/bin/time -a -o "%s/mem.txt" -f "%%M KB %%e s: genmetrics $*" dotnet "%s" "$@"\n' "$work" "$dll" >"$work/bin/genmetrics"
chmod +x "$work/bin/genmetrics"
export GENMETRICS_HOME="$work/home"

/usr/bin/python3 - "$work" "$n" "$d" <<'PY'
import sys, numpy as np
work, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.RandomState(0)
np.save(f"{work}/real.npy", rng.standard_normal((n, d)).astype(np.float32))
np.save(f"{work}/fake.npy", (rng.standard_normal((n, d)) * 1.1 + 0.1).astype(np.float32))
PY
echo "features: 2 x $n x $d float32 in $work"

"$work/bin/genmetrics" slurm knn "$work/fake.npy" --real "$work/real.npy" --shards "$shards" --parts "$work/parts" \
  -o "$work/sharded.json" --dir "$work/scripts" --genmetrics-args "-m prdc --threads 1" \
  --command "$work/bin/genmetrics" >/dev/null
t0=$(date +%s.%N)
( cd "$work/run" && "$work/scripts/run.sh" --wait --cpus-per-task=1 --output="$work/run/knn-%A_%a.out" ) >"$work/run/submit.out" 2>&1 ||
  { cat "$work/run/submit.out" "$work"/run/knn-*.out; exit 1; }
t1=$(date +%s.%N)
"$work/bin/genmetrics" eval "$work/real.npy" "$work/fake.npy" -m prdc -o "$work/single.json" -q --progress none
t2=$(date +%s.%N)
echo "sharded: $shards array tasks (1 CPU each, $(nproc) CPUs) + merge: $(echo "$t1 - $t0" | bc) s wall from submission to the merged result"
echo "single process (all CPUs): $(echo "$t2 - $t1" | bc) s"
echo "per task (peak resident set, wall, command):"
sed -e "s/^/  /" -e "s|$work|WORK|g" "$work/mem.txt"
/usr/bin/python3 - "$work/sharded.json" "$work/single.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["metrics"] for p in sys.argv[1:])
print("sharded:", a)
print("single: ", b)
sys.exit(0 if a == b else 1)
PY
echo "equal"
