"""Reference side of the "generator" benchmark: torch-fidelity samples a generator and runs its Inception.

generator_ref.py N WEIGHTS: times torch-fidelity 5e211a9's calculate_metrics(isc=True) (imported from
TORCH_FIDELITY_REPO; not committed) on the conditional tiny generator of parity/make_generator_fixtures.py (the torch
module tests/fixtures/generator/tiny_cond.onnx was exported from) wrapped in GenerativeModelModuleWrapper: N samples,
batch 64 (its default), CPU, torch 2 threads, the FID Inception with the given state dict (the seeded random weights of
parity/make_inception_fixtures.py: same graph and cost as the real ones). Prints "seconds samples is_mean".
"""
import os
import sys
import time

import numpy as np
import torch

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.environ.get("TORCH_FIDELITY_REPO", "/tmp/tfid"))
sys.path.insert(0, os.path.join(root, "parity"))
import torch_fidelity  # noqa: E402
from make_generator_fixtures import TinyGenerator  # noqa: E402

torch.set_num_threads(2)
np.int = int   # removed in numpy 1.24; torch-fidelity still passes it for conditional labels
n, weights = int(sys.argv[1]), sys.argv[2]
gen = TinyGenerator(12, 3, 80, 72, 4, 5, seed=12).eval()
wrapper = torch_fidelity.GenerativeModelModuleWrapper(gen, 12, "normal", 5)
t = time.perf_counter()
m = torch_fidelity.calculate_metrics(input1=wrapper, input1_model_num_samples=n, isc=True, cuda=False, verbose=False,
                                     cache=False, feature_extractor_weights_path=weights)
print(time.perf_counter() - t, n, m["inception_score_mean"])
