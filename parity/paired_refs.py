"""Loads the reference implementations of the paired metrics from checkouts outside this repository (never vendored).

piq and torchmetrics are imported file by file: their package __init__ pulls in every metric (and torchmetrics needs
lightning_utilities and torch >= 2), so the parent packages are stubbed with their real folders as __path__ and only
the modules the paired metrics use are executed, unchanged. Two torchmetrics helpers that ssim.py / psnr.py import
from heavy modules are taken from their own files: `reduce` (utilities/distributed.py, loaded as is) and
`_check_same_shape` (utilities/checks.py, whose import chain needs the Metric base class) is re-stated in three
lines, as in that file. lpips is imported as a package (its dependencies are numpy, scipy, torch, torchvision, tqdm).

  photosynthesis-team/piq @ 9948a52 (v0.8.0)             piq/ssim.py, piq/ms_ssim.py, piq/psnr.py
  Lightning-AI/torchmetrics @ dab0333                    src/torchmetrics/functional/image/{ssim,psnr,utils}.py
  richzhang/PerceptualSimilarity @ 082bb24 (lpips 0.1.4) lpips/lpips.py, lpips/pretrained_networks.py
  scikit-image 0.19.3 (Debian python3-skimage)           skimage.metrics.structural_similarity

Get them with e.g. `git clone https://github.com/photosynthesis-team/piq /tmp/refs-paired/photosynthesis-team+piq`
(and the same for the others) at those commits; pass the parent folder as --refs.
"""
import importlib
import os
import sys
import types

PIQ = "photosynthesis-team+piq"
TORCHMETRICS = "Lightning-AI+torchmetrics"
LPIPS = "richzhang+PerceptualSimilarity"


def _stub_package(name, path):
    m = types.ModuleType(name)
    m.__path__ = [path]
    sys.modules[name] = m
    return m


def load_piq(refs):
    _stub_package("piq", os.path.join(refs, PIQ, "piq"))
    ssim = importlib.import_module("piq.ssim")
    ms_ssim = importlib.import_module("piq.ms_ssim")
    psnr = importlib.import_module("piq.psnr")
    return types.SimpleNamespace(ssim=ssim.ssim, multi_scale_ssim=ms_ssim.multi_scale_ssim, psnr=psnr.psnr)


def load_torchmetrics(refs):
    root = os.path.join(refs, TORCHMETRICS, "src", "torchmetrics")
    _stub_package("torchmetrics", root)
    _stub_package("torchmetrics.functional", os.path.join(root, "functional"))
    _stub_package("torchmetrics.functional.image", os.path.join(root, "functional", "image"))
    utilities = _stub_package("torchmetrics.utilities", os.path.join(root, "utilities"))
    distributed = importlib.import_module("torchmetrics.utilities.distributed")
    utilities.reduce = distributed.reduce
    utilities.rank_zero_warn = lambda *args, **kwargs: None
    checks = types.ModuleType("torchmetrics.utilities.checks")

    def _check_same_shape(preds, target):   # utilities/checks.py L36-41
        if preds.shape != target.shape:
            raise RuntimeError(f"Predictions and targets are expected to have the same shape, but got {preds.shape} and {target.shape}.")

    checks._check_same_shape = _check_same_shape
    sys.modules["torchmetrics.utilities.checks"] = checks
    ssim = importlib.import_module("torchmetrics.functional.image.ssim")
    psnr = importlib.import_module("torchmetrics.functional.image.psnr")
    return types.SimpleNamespace(ssim=ssim.structural_similarity_index_measure, psnr=psnr.peak_signal_noise_ratio,
                                 psnr_update=psnr._psnr_update, psnr_compute=psnr._psnr_compute)


def load_lpips(refs):
    sys.path.insert(0, os.path.join(refs, LPIPS))
    return importlib.import_module("lpips")
