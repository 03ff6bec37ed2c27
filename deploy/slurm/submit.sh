#!/usr/bin/env bash
# Submits a sharded GenMetrics run: an array of SHARDS extraction tasks (extract.sbatch, one per shard), then the merge
# (merge.sbatch) with --dependency=afterok on the whole array; a failed shard cancels the merge. With --wait, waits for
# the merge and exits non-zero unless OUT was written.
#
#   SOURCE=/data/train PARTS=/scratch/parts OUT=train_stats.npz SHARDS=16 deploy/slurm/submit.sh [--wait] [SBATCH OPTIONS...]
#
# Environment as extract.sbatch and merge.sbatch, plus SHARDS (default 4); further arguments go to both sbatch calls
# (--partition=gpu, --time=2:00:00, --gres=gpu:1, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wait=
if [ "${1:-}" = "--wait" ]; then wait=--wait; shift; fi
: "${SOURCE:?set SOURCE}" "${PARTS:?set PARTS}" "${OUT:?set OUT}"
SHARDS=${SHARDS:-4}
export SOURCE PARTS OUT
array=$(sbatch --parsable --array=0-$((SHARDS - 1)) --export=ALL "$@" "$here/extract.sbatch")
array=${array%%;*}
echo "submitted the extraction array $array (shards 0-$((SHARDS - 1)))"
merge=$(sbatch --parsable $wait --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL "$@" "$here/merge.sbatch" | tail -n 1)
merge=${merge%%;*}
echo "submitted the merge $merge (after $array)"
if [ -n "$wait" ]; then
  state=$(scontrol show job "$merge" 2>/dev/null | sed -nE 's/.*JobState=([A-Z_]+).*/\1/p' | head -n 1)
  if [ ! -e "$OUT" ] || { [ -n "$state" ] && [ "$state" != COMPLETED ]; }; then
    echo "the merge did not write $OUT (job $merge: ${state:-unknown}); see the array's output files" >&2
    exit 1
  fi
  echo "wrote $OUT"
fi
