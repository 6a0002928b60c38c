"""Regenerates the image test data in this folder (deterministic).

Needs Python 3 with Pillow and numpy (Debian: apt-get install python3-pil python3-numpy).
Run from anywhere: python3 tests/data/images/generate.py

Writes:
  formats/      one small image per supported kind, each with <name>.rgb: what Pillow's
                Image.open(...).convert("RGB") gives (raw RGB bytes, row-major), i.e. the reference decode
  orientation/  the same picture saved with EXIF orientation 1..8, each with <name>.rgb: what
                ImageOps.exif_transpose(...).convert("RGB") gives (the picture the right way up)
  unsupported/  images in formats the library refuses (TIFF, ICO, SVG)
  resize/       a source picture and its resizes, raw RGB: *.pil.rgb by Pillow's Image.resize and
                *.torch.rgb by the torchvision uint8 antialiased resize (replicated below: Pillow's
                algorithm with 16-bit coefficients; the replica reproduces tests/data/blip2-tiny
                pixel_values.f32 bit for bit)
  bench/        a 640x480 photo-like JPEG (quality 90) for the preprocessing benchmark
  manifest.json what each file is and what a decoder must give for it
"""
import json
import math
import os
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 40, 30
TRANSPARENT_COLOUR = (200, 100, 50)


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def pattern():
    y, x = np.mgrid[0:H, 0:W]
    r = (x * 6 + y) % 256
    g = (y * 8 + 3) % 256
    b = ((x ^ y) * 5) % 256
    rgb = np.stack([r, g, b], -1).astype(np.uint8)
    alpha = ((x + y) * 7 % 256).astype(np.uint8)
    alpha[0, 0] = 0
    rgb[0, 0] = TRANSPARENT_COLOUR
    return rgb, alpha


def write_png(path, w, h, bit_depth, colour_type, rows, extra=b""):
    """Minimal PNG writer for the 16-bit kinds Pillow cannot write (extra: chunks to put before the data)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", w, h, bit_depth, colour_type, 0, 0, 0)
    extra_chunks = b"".join(chunk(kind, data) for kind, data in extra)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra_chunks + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def formats(manifest):
    rgb, alpha = pattern()
    rgba = np.dstack([rgb, alpha])
    im = Image.fromarray(rgb)
    entries = []

    def add(name, note, reference="pillow", transparent_pixel=None):
        path = out("formats", name)
        if isinstance(reference, str):
            ref = np.asarray(Image.open(path).convert("RGB"))
        else:
            ref = reference
        with open(path + ".rgb", "wb") as f:
            f.write(np.ascontiguousarray(ref, dtype=np.uint8).tobytes())
        entry = {"file": "formats/" + name, "width": ref.shape[1], "height": ref.shape[0], "note": note}
        if transparent_pixel:
            entry["transparentPixel"] = transparent_pixel
        entries.append(entry)

    im.save(out("formats", "rgb8.png")); add("rgb8.png", "PNG 8-bit RGB")
    Image.fromarray(rgba).save(out("formats", "rgba8.png"))
    add("rgba8.png", "PNG 8-bit RGBA; pixel (0,0) is fully transparent over (200,100,50)", transparent_pixel=[0, 0])
    Image.fromarray(rgb[..., 0]).save(out("formats", "grey8.png")); add("grey8.png", "PNG 8-bit greyscale")
    Image.fromarray(np.dstack([rgb[..., 0], alpha]), "LA").save(out("formats", "grey_alpha8.png"))
    add("grey_alpha8.png", "PNG 8-bit greyscale + alpha", transparent_pixel=[0, 0])
    palette = im.quantize(48)
    palette.save(out("formats", "palette8.png")); add("palette8.png", "PNG 8-bit palette")
    palette.save(out("formats", "palette_transparent.png"), transparency=3)
    add("palette_transparent.png", "PNG palette with a tRNS entry: colours kept, transparency dropped")
    Image.fromarray(rgb[..., 0]).convert("1").save(out("formats", "bilevel.png")); add("bilevel.png", "PNG 1-bit greyscale")
    Image.fromarray(rgb).quantize(16).save(out("formats", "palette4.png"), bits=4); add("palette4.png", "PNG 4-bit palette")

    y, x = np.mgrid[0:H, 0:W]
    v16 = (rgb.astype(np.uint16) * 257 + (x[..., None] * 37 % 257).astype(np.uint16)).astype(">u2")
    a16 = (alpha.astype(np.uint16) * 257 + 11).astype(">u2")
    a16[0, 0] = 0
    high = (v16.astype(np.uint16) >> 8).astype(np.uint8)
    write_png(out("formats", "rgb16.png"), W, H, 16, 2, [v16[i].tobytes() for i in range(H)])
    add("rgb16.png", "PNG 16-bit RGB: high byte of each sample, as Pillow")
    write_png(out("formats", "rgba16.png"), W, H, 16, 6, [np.dstack([v16, a16])[i].tobytes() for i in range(H)])
    add("rgba16.png", "PNG 16-bit RGBA: high byte, alpha dropped", transparent_pixel=[0, 0])
    write_png(out("formats", "grey_alpha16.png"), W, H, 16, 4, [np.dstack([v16[..., 0], a16])[i].tobytes() for i in range(H)])
    add("grey_alpha16.png", "PNG 16-bit greyscale + alpha: high byte, alpha dropped")
    write_png(out("formats", "grey16.png"), W, H, 16, 0, [v16[i, :, 0].tobytes() for i in range(H)])
    add("grey16.png", "PNG 16-bit greyscale: high byte. Deliberate difference: Pillow clips 16-bit grey to 255 (a white image)",
        reference=np.repeat(high[..., :1], 3, axis=2))

    write_png(out("formats", "gamma.png"), W, H, 8, 2, [rgb[i].tobytes() for i in range(H)], extra=[(b"gAMA", struct.pack(">I", 100000))])
    add("gamma.png", "PNG 8-bit RGB with a gAMA chunk of 1.0: the stored values are used, no colour management (as Pillow)")

    im.save(out("formats", "icc_profile.png"), icc_profile=swapped_icc_profile())
    add("icc_profile.png", "PNG with an ICC profile that swaps red and blue: ignored, as Pillow does (no colour management)")
    im.save(out("formats", "icc_profile.jpg"), quality=95, icc_profile=swapped_icc_profile())
    add("icc_profile.jpg", "JPEG with an ICC profile that swaps red and blue: ignored, as Pillow does")

    im.save(out("formats", "baseline.jpg"), quality=90); add("baseline.jpg", "JPEG baseline 4:2:0")
    im.save(out("formats", "progressive.jpg"), quality=90, progressive=True); add("progressive.jpg", "JPEG progressive")
    im.save(out("formats", "full_chroma.jpg"), quality=95, subsampling=0); add("full_chroma.jpg", "JPEG 4:4:4")
    Image.fromarray(rgb[..., 0]).save(out("formats", "grey.jpg"), quality=90); add("grey.jpg", "JPEG greyscale")
    im.convert("CMYK").save(out("formats", "cmyk.jpg"), quality=95); add("cmyk.jpg", "JPEG CMYK (Adobe, inverted)")

    im.save(out("formats", "lossy.webp"), quality=90); add("lossy.webp", "WebP lossy")
    im.save(out("formats", "lossless.webp"), lossless=True); add("lossless.webp", "WebP lossless")
    Image.fromarray(rgba).save(out("formats", "lossy_alpha.webp"), quality=90)
    add("lossy_alpha.webp", "WebP lossy with an alpha plane")
    Image.fromarray(rgba).save(out("formats", "alpha.webp"), lossless=True, exact=True)
    add("alpha.webp", "WebP lossless with alpha, colour under transparent pixels kept", transparent_pixel=[0, 0])

    first = Image.fromarray(rgb).quantize(32)
    second = Image.fromarray(255 - rgb).quantize(32)
    first.save(out("formats", "animated.gif"), save_all=True, append_images=[second], duration=100, loop=0)
    add("animated.gif", "GIF with two frames: the first is used")
    first.save(out("formats", "transparent.gif"), transparency=int(first.getpixel((0, 0))))
    add("transparent.gif", "GIF with a transparent index: the palette colour under it is kept", transparent_pixel=[0, 0])

    for transparency in (None, 1):
        name = "small_frame.gif" if transparency is None else "small_frame_transparent.gif"
        with open(out("formats", name), "wb") as f:
            f.write(small_frame_gif(transparency))
        add(name, "GIF whose first frame covers only the middle of the canvas; the rest shows palette index %d"
            % (transparency or 0), transparent_pixel=[0, 0])

    im.save(out("formats", "rgb24.bmp")); add("rgb24.bmp", "BMP 24-bit")
    with open(out("formats", "rgb24.bmp"), "rb") as f:
        bmp = bytearray(f.read())
    offset, stride = struct.unpack("<I", bmp[10:14])[0], (W * 3 + 3) & ~3
    rows = [bmp[offset + i * stride:offset + (i + 1) * stride] for i in range(H)]
    bmp[22:26] = struct.pack("<i", -H)
    bmp[offset:] = b"".join(reversed(rows))
    with open(out("formats", "top_down.bmp"), "wb") as f:
        f.write(bmp)
    add("top_down.bmp", "BMP 24-bit stored top-down (negative height)")
    Image.fromarray(rgba).save(out("formats", "rgba32.bmp")); add("rgba32.bmp", "BMP 32-bit")
    palette.save(out("formats", "palette8.bmp")); add("palette8.bmp", "BMP 8-bit palette")
    manifest["formats"] = entries


def swapped_icc_profile():
    """An sRGB profile with its red and blue colorants exchanged: colour-managing with it would swap red and blue."""
    from PIL import ImageCms
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", profile[128:132])[0]
    entries = {}
    for i in range(count):
        signature, offset, size = struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i])
        entries[signature] = (i, offset, size)
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    struct.pack_into(">4sII", profile, 132 + 12 * red[0], b"rXYZ", blue[1], blue[2])
    struct.pack_into(">4sII", profile, 132 + 12 * blue[0], b"bXYZ", red[1], red[2])
    profile[84:100] = bytes(16)  # the profile ID (an MD5 of the old content) no longer applies
    profile[24:36] = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)  # a fixed creation time keeps the files reproducible
    return bytes(profile)


def small_frame_gif(transparency):
    """A 4x4 GIF whose only frame is 2x2 at (1,1): Pillow fills the rest with the transparent index, else index 0."""
    import io
    im = Image.new("P", (2, 2))
    im.putpalette([200, 100, 50, 0, 255, 0, 0, 0, 255, 10, 20, 30] + [0] * (252 * 3))
    im.putdata([0, 1, 2, 0])
    buffer = io.BytesIO()
    if transparency is None:
        im.save(buffer, "GIF")
    else:
        im.save(buffer, "GIF", transparency=transparency)
    data = bytearray(buffer.getvalue())
    data[6:10] = struct.pack("<HH", 4, 4)
    descriptor = data.index(0x2C, 13)
    data[descriptor + 1:descriptor + 5] = struct.pack("<HH", 1, 1)
    return bytes(data)


def orientation(manifest):
    rgb, _ = pattern()
    im = Image.fromarray(rgb)
    entries = []
    for tag in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = tag
        name = "orientation%d.jpg" % tag
        path = out("orientation", name)
        im.save(path, quality=95, exif=exif.tobytes())
        upright = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))
        with open(path + ".rgb", "wb") as f:
            f.write(upright.tobytes())
        entries.append({"file": "orientation/" + name, "orientation": tag, "width": upright.shape[1], "height": upright.shape[0]})
    manifest["orientation"] = entries


def unsupported(manifest):
    rgb, _ = pattern()
    im = Image.fromarray(rgb)
    im.save(out("unsupported", "image.tiff"))
    im.save(out("unsupported", "image.ico"), sizes=[(32, 32)])
    with open(out("unsupported", "image.svg"), "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="red"/></svg>\n')
    manifest["unsupported"] = [
        {"file": "unsupported/image.tiff", "format": "TIFF"},
        {"file": "unsupported/image.ico", "format": "ICO"},
        {"file": "unsupported/image.svg", "format": "SVG"},
    ]


def torch_resize(a, out_w, out_h, filt):
    """torchvision uint8 antialiased resize: Pillow's passes with int16 coefficients."""
    def axis(a, out_size):
        in_size = a.shape[1]
        scale = in_size / out_size
        support = filt[1] * max(scale, 1.0)
        bounds, weights = [], []
        for i in range(out_size):
            centre = (i + 0.5) * scale
            xmin = max(int(centre - support + 0.5), 0)
            xmax = min(int(centre + support + 0.5), in_size) - xmin
            w = [filt[0]((j + xmin - centre + 0.5) / max(scale, 1.0)) for j in range(xmax)]
            total = sum(w)
            bounds.append((xmin, xmax))
            weights.append([v / total for v in w])
        w_max = max(max(w) for w in weights)
        precision = 0
        while precision < 22 and int(0.5 + w_max * (1 << (precision + 1))) < (1 << 15):
            precision += 1
        result = np.empty((a.shape[0], out_size, a.shape[2]), np.uint8)
        src = a.astype(np.int64)
        for i, ((xmin, n), w) in enumerate(zip(bounds, weights)):
            q = np.array([int(-0.5 + v * (1 << precision)) if v < 0 else int(0.5 + v * (1 << precision)) for v in w], np.int64)
            s = (src[:, xmin:xmin + n, :] * q[None, :, None]).sum(axis=1) + (1 << (precision - 1))
            result[:, i, :] = np.clip(s >> precision, 0, 255)
        return result
    if a.shape[1] != out_w:
        a = axis(a, out_w)
    if a.shape[0] != out_h:
        a = axis(a.transpose(1, 0, 2), out_h).transpose(1, 0, 2)
    return a


def bicubic(x, a=-0.5):
    x = abs(x)
    if x < 1.0:
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1
    if x < 2.0:
        return (((x - 5) * x + 8) * x - 4) * a
    return 0.0


def bilinear(x):
    x = abs(x)
    return 1.0 - x if x < 1.0 else 0.0


def resize(manifest):
    rng = np.random.default_rng(7)
    sw, sh = 97, 61
    y, x = np.mgrid[0:sh, 0:sw]
    src = np.stack([(x * 255 // (sw - 1)), (y * 255 // (sh - 1)), ((x // 8 + y // 8) % 2) * 255], -1).astype(np.int64)
    src = np.clip(src + rng.integers(-40, 41, src.shape), 0, 255).astype(np.uint8)
    Image.fromarray(src).save(out("resize", "source_97x61.png"))
    with open(out("resize", "source_97x61.rgb"), "wb") as f:
        f.write(src.tobytes())
    entries = []
    cases = [("bicubic", 160, 120), ("bicubic", 40, 30), ("bicubic", 13, 200), ("bicubic", 300, 20), ("bicubic", 97, 30),
             ("bicubic", 20, 61), ("bicubic", 7, 5), ("bilinear", 50, 50), ("bilinear", 150, 40)]
    for filt, w, h in cases:
        pil = np.asarray(Image.fromarray(src).resize((w, h), Image.BICUBIC if filt == "bicubic" else Image.BILINEAR))
        torch = torch_resize(src, w, h, (bicubic, 2.0) if filt == "bicubic" else (bilinear, 1.0))
        stem = "%s_%dx%d" % (filt, w, h)
        with open(out("resize", stem + ".pil.rgb"), "wb") as f:
            f.write(pil.tobytes())
        with open(out("resize", stem + ".torch.rgb"), "wb") as f:
            f.write(torch.tobytes())
        entries.append({"source": "resize/source_97x61.rgb", "sourceWidth": sw, "sourceHeight": sh, "filter": filt,
                        "width": w, "height": h, "pillow": "resize/" + stem + ".pil.rgb", "torchvision": "resize/" + stem + ".torch.rgb"})
    manifest["resize"] = entries


def bench(manifest):
    w, h = 640, 480
    rng = np.random.default_rng(20240601)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w, 3))
    for c in range(3):
        field = np.zeros((h, w))
        for _ in range(6):
            fx, fy = rng.uniform(0.002, 0.03, 2)
            phase = rng.uniform(0, 6.28)
            field += rng.uniform(20, 50) * np.sin(x * fx * 6.28 + y * fy * 6.28 + phase)
        img[..., c] = 128 + field
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    for i in range(25):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        bw, bh = rng.integers(20, 200, 2)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        (draw.ellipse if i % 2 else draw.rectangle)([x0, y0, x0 + bw, y0 + bh], fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    noisy = np.asarray(im).astype(np.float64) + rng.normal(0, 6, (h, w, 3))
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(out("bench", "photo_640x480.jpg"), quality=90)
    manifest["bench"] = {"file": "bench/photo_640x480.jpg", "width": w, "height": h, "quality": 90}


def check_torch_replica():
    """The replica must give tests/data/blip2-tiny/pixel_values.f32 (the reference processor's output)."""
    tiny = os.path.join(HERE, "..", "blip2-tiny")
    names = json.load(open(os.path.join(tiny, "reference.json")))["images"]
    expected = np.fromfile(os.path.join(tiny, "pixel_values.f32"), dtype="<f4").reshape(len(names), 3, 224, 224)
    mean = np.array([0.48145466, 0.4578275, 0.40821073], np.float32) * np.float32(255.0)
    std = np.array([0.26862954, 0.26130258, 0.27577711], np.float32) * np.float32(255.0)
    for i, name in enumerate(names):
        rgb = np.asarray(Image.open(os.path.join(tiny, "images", name)).convert("RGB"))
        resized = torch_resize(rgb, 224, 224, (bicubic, 2.0)).astype(np.float32)
        values = ((resized - mean) / std).transpose(2, 0, 1)
        assert np.array_equal(values, expected[i]), name


def main():
    check_torch_replica()
    manifest = {"generatedWith": "Pillow " + Image.__version__ + ", numpy " + np.__version__}
    formats(manifest)
    orientation(manifest)
    unsupported(manifest)
    resize(manifest)
    bench(manifest)
    with open(out("manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
