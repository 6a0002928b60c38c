#!/usr/bin/env python3
"""Plots catalog scaling (issue 21): load rate and search latency against catalog size, per store and layout.

Usage: python3 tools/plot_scaling.py OUT.png CSV [CSV ...]
Each CSV has the header
    store,layout,items,load_rows_per_s,index_mb,text_p50_ms,photo_p50_ms,recall_text,recall_photo
(one row per store, layout and catalog size; empty cells are skipped). The embedded store's rows come from
EmbeddedPhotoSearchBenchmarks (MULTIMODALSEARCH_BENCH_SCALING_CSV), the pgvector rows from its own benchmark.
Missing files are skipped with a note, so the plot can be redrawn as more figures arrive.
Needs matplotlib (Debian: apt-get install -y python3-matplotlib).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_rows(paths):
    rows = []
    for path in paths:
        if not os.path.exists(path):
            print(f"skipping {path}: not found", file=sys.stderr)
            continue
        with open(path, newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def series(rows, column):
    """(store, layout) -> sorted [(items, value)] for the rows where column has a value."""
    grouped = {}
    for row in rows:
        items, value = number(row.get("items")), number(row.get(column))
        if items is None or value is None or value != value:
            continue
        grouped.setdefault((row["store"], row["layout"]), {})[items] = value
    return {key: sorted(points.items()) for key, points in sorted(grouped.items())}


def style(layout):
    # Today's layouts dashed, the new ones solid (pgvector's IVFFlat centroid index dash-dotted); the embedded store's
    # float scan, superseded by its int8 scan, dotted.
    if layout.endswith("today"):
        return "--"
    if layout.endswith("-ivfflat"):
        return "-."
    return ":" if layout.endswith("-scan") else "-"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, paths = sys.argv[1], sys.argv[2:]
    rows = read_rows(paths)
    if not rows:
        sys.exit("no rows to plot")
    figure, (load, photo, text) = plt.subplots(1, 3, figsize=(16, 5.2))
    panels = [
        (load, "load_rows_per_s", "load + index build (vector rows/s)"),
        (photo, "photo_p50_ms", "photo search p50 (ms), k = 10"),
        (text, "text_p50_ms", "text search p50 (ms), k = 10"),
    ]
    # One colour per store and layout family (the part before the last '-', if any), so today's and the new one pair up.
    def family(layout):
        return layout.rsplit("-", 1)[0] if "-" in layout else ""

    families = sorted({(row["store"], family(row["layout"])) for row in rows})
    colours = {family: f"C{index % 10}" for index, family in enumerate(families)}
    for axis, column, title in panels:
        for (store, layout), points in series(rows, column).items():
            xs, ys = zip(*points)
            colour = colours[(store, family(layout))]
            axis.plot(xs, ys, style(layout), color=colour, marker="o", label=f"{store}: {layout}")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("catalog size (items, 32 vectors x 256 each)")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    load.legend(fontsize=7)
    photo.legend(fontsize=7)
    figure.suptitle("Catalog scaling (issue 21): today's layout (dashed) vs the new ones (solid; pgvector's IVFFlat centroid index dash-dotted; embedded: float scan dotted, int8 scan solid), same machine")
    figure.tight_layout()
    figure.savefig(out, dpi=110)
    print(f"wrote {out} from {len(rows)} rows")


if __name__ == "__main__":
    main()
