#!/usr/bin/env python3
"""Export a BLIP-2 image-text-retrieval checkpoint to the MultimodalSearch ONNX model contract.

The contract (see docs/models.md):
  vision.onnx   pixel_values float32 [batch,3,H,W]            -> image_embeds float32 [batch,32,256], L2-normalised per query
  text.onnx     input_ids, attention_mask int64 [batch,seq]   -> text_embeds  float32 [batch,seq,256], L2-normalised per token
  vocab.txt     the WordPiece vocabulary of the checkpoint's tokenizer
  preprocessor_config.json   the HF image processor settings (resize, rescale, mean/std)
  hf/config.json             the HF model config (the C# side reads qformer_config.max_position_embeddings)

Usage (needs torch >= 2.6, transformers >= 4.45, onnx, onnxruntime; a GPU is optional):
  python tools/export/export_blip2_onnx.py --checkpoint Salesforce/blip2-itm-vit-g --out models/blip2-itm-vit-g
  python tools/export/export_blip2_onnx.py --checkpoint ./my-finetuned-blip2 --out models/mine --fp16   # GPU inference

The graphs are exported with torch's torch.export-based exporter (torch.onnx.export(..., dynamo=True))
with dynamic batch and sequence axes, then checked against PyTorch on random inputs and on real text.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", default="Salesforce/blip2-itm-vit-g", help="HF hub id or local folder of a BLIP-2 ITM checkpoint")
    parser.add_argument("--out", required=True, type=Path, help="output model directory")
    parser.add_argument("--opset", type=int, default=18)
    parser.add_argument("--fp16", action="store_true", help="export fp16 weights (for the CUDA execution provider); inputs and outputs stay float32")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max abs difference allowed between ONNX Runtime and PyTorch (fp32)")
    parser.add_argument("--skip-check", action="store_true", help="do not compare ONNX Runtime with PyTorch")
    return parser.parse_args()


class VisionTower:
    """pixel_values -> normalised query embeddings, as Blip2VisionModelWithProjection computes them."""

    @staticmethod
    def build(checkpoint: str, dtype):
        import torch
        from transformers import Blip2VisionModelWithProjection

        model = Blip2VisionModelWithProjection.from_pretrained(checkpoint, torch_dtype=dtype).eval()

        class Wrapper(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, pixel_values):
                out = self.inner(pixel_values=pixel_values.to(self.inner.dtype))
                # image_embeds is already L2-normalised by the projection model; normalise again in float32
                # so that an fp16 export still yields unit vectors.
                return torch.nn.functional.normalize(out.image_embeds.float(), dim=-1)

        return Wrapper(model).eval()


class TextTower:
    """input_ids, attention_mask -> normalised per-token embeddings (token 0 is the text embedding)."""

    @staticmethod
    def build(checkpoint: str, dtype):
        import torch
        from transformers import Blip2TextModelWithProjection

        model = Blip2TextModelWithProjection.from_pretrained(checkpoint, torch_dtype=dtype).eval()

        class Wrapper(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                out = self.inner(input_ids=input_ids, attention_mask=attention_mask)
                return torch.nn.functional.normalize(out.text_embeds.float(), dim=-1)

        return Wrapper(model).eval()


def export(module, args, path: Path, input_names, output_name, dynamic_shapes, opset: int) -> None:
    import torch

    with torch.no_grad():
        program = torch.onnx.export(
            module,
            args,
            dynamo=True,
            input_names=list(input_names),
            output_names=[output_name],
            dynamic_shapes=dynamic_shapes,
            opset_version=opset,
            external_data=True,
        )
    program.save(str(path))


def check(vision, text, out: Path, image_size: int, tolerance: float, tokenizer) -> None:
    import numpy as np
    import onnxruntime as ort
    import torch

    providers = ["CPUExecutionProvider"]
    rng = np.random.default_rng(0)
    pixels = rng.standard_normal((2, 3, image_size, image_size)).astype(np.float32)
    session = ort.InferenceSession(str(out / "vision.onnx"), providers=providers)
    got = session.run(["image_embeds"], {"pixel_values": pixels})[0]
    with torch.no_grad():
        want = vision(torch.from_numpy(pixels)).numpy()
    vision_diff = float(np.abs(got - want).max())

    texts = ["a black t-shirt", "white sneakers for running in the park"]
    batch = tokenizer(texts, padding=True, return_tensors="np")
    ids = batch["input_ids"].astype(np.int64)
    mask = batch["attention_mask"].astype(np.int64)
    session = ort.InferenceSession(str(out / "text.onnx"), providers=providers)
    got = session.run(["text_embeds"], {"input_ids": ids, "attention_mask": mask})[0]
    with torch.no_grad():
        want = text(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    text_diff = float(np.abs(got[:, 0] - want[:, 0]).max())

    print(f"ONNX Runtime vs PyTorch: vision max abs diff {vision_diff:.2e}, text [CLS] max abs diff {text_diff:.2e}")
    if max(vision_diff, text_diff) > tolerance:
        sys.exit(f"The export differs from PyTorch by more than {tolerance}; not using it.")


def main() -> None:
    args = parse_args()
    import torch
    from transformers import AutoProcessor, Blip2Config

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    dtype = torch.float16 if args.fp16 else torch.float32

    processor = AutoProcessor.from_pretrained(args.checkpoint)
    config = Blip2Config.from_pretrained(args.checkpoint)
    image_processor = processor.image_processor
    size = image_processor.size
    image_size = int(size.get("height", size.get("shortest_edge", 224)))

    vision = VisionTower.build(args.checkpoint, dtype)
    text = TextTower.build(args.checkpoint, dtype)

    batch = torch.export.Dim("batch", min=1, max=1024)
    seq = torch.export.Dim("seq", min=2, max=config.qformer_config.max_position_embeddings)
    export(vision, (torch.zeros(2, 3, image_size, image_size),), out / "vision.onnx",
           ["pixel_values"], "image_embeds", {"pixel_values": {0: batch}}, args.opset)
    dummy_ids = torch.ones(2, 8, dtype=torch.int64)
    export(text, (dummy_ids, torch.ones_like(dummy_ids)), out / "text.onnx",
           ["input_ids", "attention_mask"], "text_embeds",
           {"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}}, args.opset)

    # The tokenizer's vocabulary (bert-base-uncased + [DEC] for blip2-itm-vit-g) and the image processor settings.
    tokenizer = processor.tokenizer
    saved = tokenizer.save_vocabulary(str(out))
    vocab = Path(saved[0])
    if vocab.name != "vocab.txt":
        shutil.move(str(vocab), out / "vocab.txt")
    added = {token: index for token, index in tokenizer.get_added_vocab().items() if index >= tokenizer.vocab_size}
    if added:
        with open(out / "vocab.txt", "a", encoding="utf-8") as handle:
            for token, _ in sorted(added.items(), key=lambda item: item[1]):
                handle.write(token + "\n")
    image_processor.to_json_file(str(out / "preprocessor_config.json"))
    (out / "hf").mkdir(exist_ok=True)
    config.to_json_file(str(out / "hf" / "config.json"))
    (out / "export.json").write_text(json.dumps({
        "checkpoint": args.checkpoint, "fp16": args.fp16, "opset": args.opset,
        "torch": torch.__version__, "transformers": __import__("transformers").__version__,
    }, indent=2))

    if not args.skip_check and not args.fp16:
        check(vision, text, out, image_size, args.tolerance, tokenizer)
    print(f"Exported {args.checkpoint} to {out}")


if __name__ == "__main__":
    main()
