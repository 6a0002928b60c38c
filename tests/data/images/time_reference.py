"""Times the reference preprocessing (Pillow + numpy) of bench/photo_640x480.jpg on one core.

The pipeline is the Hugging Face BLIP image processor's: open, convert("RGB"), resize to 224x224 with
BICUBIC, rescale by 1/255 in float64, cast to float32, normalise with the CLIP mean and std, CHW.
Run it pinned to one core beside the .NET benchmark, e.g.:
    taskset -c 1 python3 tests/data/images/time_reference.py
"""
import io
import os
import sys
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)


def preprocess(data):
    image = Image.open(io.BytesIO(data)).convert("RGB").resize((224, 224), Image.BICUBIC)
    values = (np.asarray(image).astype(np.float64) * (1 / 255)).astype(np.float32)
    return np.ascontiguousarray(((values - MEAN) / STD).transpose(2, 0, 1))


def decode(data):
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.load()
    return image


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "bench", "photo_640x480.jpg")
    with open(path, "rb") as f:
        data = f.read()
    for name, step in (("decode + resize + normalise", preprocess), ("decode only", decode)):
        for _ in range(50):
            step(data)
        wall, cpu = [], []
        for _ in range(7):
            count = 300
            start, start_cpu = time.perf_counter(), time.thread_time()
            for _ in range(count):
                step(data)
            wall.append((time.perf_counter() - start) / count * 1000)
            cpu.append((time.thread_time() - start_cpu) / count * 1000)
        wall.sort()
        cpu.sort()
        # Thread CPU time is the steadier figure on a busy machine; wall time is what a quiet one shows.
        print("%-28s wall min %.3f median %.3f ms | thread CPU min %.3f median %.3f ms per image"
              % (name, wall[0], wall[3], cpu[0], cpu[3]))


if __name__ == "__main__":
    main()
