"""Writes a tiny torch-exported ONNX image model and its features, for OnnxFileEncoderTests.

    /usr/bin/python3 parity/make_onnx_encoder_model.py

Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14, PIL 9.4). The model is what a user would export
(torch.onnx.export, opset 14, a dynamic batch axis): Conv2d(3, 8, 3, stride 2) -> ReLU -> AdaptiveAvgPool2d(1) ->
Flatten -> Linear(8, 6), seeded weights (torch.manual_seed(7)), input 'pixel_values' N x 3 x 32 x 32, output
'image_embeds' N x 6. The inputs are the formula images of make_onnx_encoder_fixtures.py through torchvision's
Compose([Resize(32, BICUBIC), CenterCrop(32), ToTensor(), Normalize(CLIP mean, std)]); the features are torch's
forward pass on them (float32).

Written to tests/fixtures/onnxenc/: tiny_encoder.onnx and tiny_encoder.json (image sizes and the feature bits).
"""
import json
import os

import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

from make_onnx_encoder_fixtures import CLIP, image

SIZES = [(50, 40), (30, 61), (32, 32), (200, 77)]


def main():
    torch.manual_seed(7)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, stride=2), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
        torch.nn.Linear(8, 6)).eval()
    tf = T.Compose([T.Resize(32, interpolation=InterpolationMode.BICUBIC), T.CenterCrop(32), T.ToTensor(), T.Normalize(*CLIP)])
    x = torch.stack([tf(Image.fromarray(image(w, h), "RGB")) for w, h in SIZES])
    with torch.no_grad():
        y = model(x).numpy().astype(np.float32)
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "onnxenc")
    torch.onnx.export(model, x[:1], os.path.join(out, "tiny_encoder.onnx"), input_names=["pixel_values"],
                      output_names=["image_embeds"], dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
                      opset_version=14)
    with open(os.path.join(out, "tiny_encoder.json"), "w") as f:
        json.dump({"sizes": SIZES, "dim": int(y.shape[1]), "bits": [int(b) for b in y.reshape(-1).view(np.uint32)]}, f)
    print("wrote tiny_encoder.onnx and tiny_encoder.json", y.shape)


if __name__ == "__main__":
    main()
