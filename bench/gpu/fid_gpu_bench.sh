#!/usr/bin/env bash
# GPU throughput of the FID Inception (issue 13, item 5): images/s of `genmetrics features --device cuda` (the
# GenMetrics.Tool.Gpu package: ONNX Runtime 1.31 CUDA provider, TF32 off) against pytorch-fid on the same GPU, and
# the agreement of their pool3 features. UNMEASURED: no GPU was available when this was written; run it on a machine
# with an NVIDIA GPU, the driver, CUDA 13 and cuDNN 9 (for ONNX Runtime 1.31) and a CUDA build of PyTorch.
#
#   bench/gpu/fid_gpu_bench.sh IMAGES_DIR [N]     # N images of IMAGES_DIR (default 10000), batch 128 for both
#
# Needs: genmetrics from GenMetrics.Tool.Gpu on PATH (or GENMETRICS=...), python3 with torch (CUDA), numpy, scipy,
# pillow and pytorch-fid (pip install pytorch-fid), and the FID weights (downloaded by both on first use).
# Prints one RESULTS.md row per tool, then the largest relative difference of the features.
set -euo pipefail
images=${1:?usage: fid_gpu_bench.sh IMAGES_DIR [N]}
n=${2:-10000}
GENMETRICS=${GENMETRICS:-genmetrics}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
# The same N files for both: the first N in sort order, linked into one folder.
mkdir "$work/imgs"
find "$images" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | LC_ALL=C sort | head -n "$n" |
  while read -r f; do ln -s "$(readlink -f "$f")" "$work/imgs/"; done
count=$(ls "$work/imgs" | wc -l)
# GenMetrics: pytorch-fid's protocol (torch bilinear resize), the features straight to .npy; a warm-up run first.
$GENMETRICS features "$work/imgs" --device cuda --protocol pytorch-fid --batch-size 128 -n 256 -o "$work/warm.npy" --no-cache --progress none >/dev/null
start=$(date +%s.%N)
$GENMETRICS features "$work/imgs" --device cuda --protocol pytorch-fid --batch-size 128 -o "$work/ours.npy" --no-cache --progress none
ours=$(echo "$(date +%s.%N) - $start" | bc)
theirs=$(python3 - "$work/imgs" "$work/theirs.npy" <<'PY'
import sys, time, pathlib, numpy as np, torch
from pytorch_fid.inception import InceptionV3
from pytorch_fid.fid_score import get_activations
files = sorted(str(p) for p in pathlib.Path(sys.argv[1]).iterdir())
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
model = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).to("cuda").eval()
get_activations(files[:256], model, batch_size=128, dims=2048, device="cuda", num_workers=8)   # warm-up
torch.cuda.synchronize()
t = time.time()
act = get_activations(files, model, batch_size=128, dims=2048, device="cuda", num_workers=8)
torch.cuda.synchronize()
np.save(sys.argv[2], act.astype(np.float32))
print(f"{time.time() - t:.3f}")
PY
)
python3 - "$work/ours.npy" "$work/theirs.npy" "$count" "$ours" "$theirs" <<'PY'
import sys, numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
n, ours, theirs = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5].split()[-1])
rel = np.abs(a - b).max() / np.abs(b).max()
print(f"| FID Inception pool3 of {n} images on the GPU, batch 128 | GenMetrics {n / ours:.0f} images/s ({ours:.1f} s) | "
      f"pytorch-fid {n / theirs:.0f} images/s ({theirs:.1f} s) | {theirs / ours:.2f}x | max |diff| / max |x| = {rel:.1e} |")
PY
