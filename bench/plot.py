#!/usr/bin/env python3
"""Turns lowp_bench JSON into a PNG chart and a Markdown table of the issue's target ratios.

    lowp_bench --benchmark_format=json --benchmark_out=results.json
    python3 bench/plot.py results.json --png bench/results.png --table

Benchmark names are "<direction>/<implementation>/<n>" (see bench/bench_register.hpp);
throughput is items_per_second, shown as elements per nanosecond. Needs matplotlib only
for the chart (Debian: python3-matplotlib).
"""
import argparse
import json
import sys
from collections import defaultdict

SIZES = [1024, 65536, 16777216]
SIZE_LABEL = {1024: "1K (L1)", 65536: "64K (L2)", 16777216: "16M (DRAM)"}
PATH_ORDER = ["avx512bf16", "avx512", "avx2", "portable"]
PATH_DIRECTIONS = ["f32->f16", "f32->bf16", "f32->e4m3", "f32->e5m2", "f64->f16", "f64->bf16", "f16->f32",
                   "bf16->f32", "e4m3->f32", "e5m2->f32", "check:f32->f16", "check:f32->bf16"]


def load(path, stat="best"):
    with open(path) as f:
        doc = json.load(f)
    # rate[(direction, impl)][n] = elements / ns. stat "best": the fastest repetition (on a
    # shared machine the least disturbed one); "median": the median of the repetitions
    # (Google Benchmark's median aggregate, written with --benchmark_repetitions).
    runs = defaultdict(list)
    medians = {}
    for b in doc["benchmarks"]:
        parts = b["name"].split("/")
        if len(parts) < 3 or "items_per_second" not in b:
            continue
        key = (parts[0], parts[1], int(parts[2].split("_")[0]))
        v = b["items_per_second"] / 1e9
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[key] = v
        else:
            runs[key].append(v)
    rate = defaultdict(dict)
    for key in set(runs) | set(medians):
        direction, impl, n = key
        if stat == "median" and key in medians:
            rate[(direction, impl)][n] = medians[key]
        else:
            rate[(direction, impl)][n] = max(runs.get(key) or [medians[key]])
    return doc.get("context", {}), rate


def best_lowp_path(rate, direction):
    for p in PATH_ORDER:
        if (direction, "lowp.%s.rne" % p) in rate:
            return p
    return None


def ceiling(rate, direction, names):
    for name in names:
        if (direction, name) in rate:
            return name
    return None


def ratio_rows(rate):
    """(target, measured description, ratio per size, pass?) for each target of the issue."""
    rows = []

    def add(target, direction, num, den, sizes, need):
        if num is None or den is None or (direction, num) not in rate or (direction, den) not in rate:
            return
        vals = []
        for n in sizes:
            a = rate[(direction, num)].get(n)
            b = rate[(direction, den)].get(n)
            vals.append(a / b if a and b else None)
        ok = all(v is not None and v >= need for v in vals)
        rows.append((target, direction, num, den, sizes, vals, need, ok))

    for direction, ceilings in [("f32->f16", ["hw.avx512", "hw.avx2"]), ("f16->f32", ["hw.avx512", "hw.avx2"]),
                                ("bf16->f32", ["hw.avx2"])]:
        p = best_lowp_path(rate, direction)
        add(">= 0.95x raw instruction loop", direction, "lowp.%s.rne" % p, ceiling(rate, direction, ceilings), SIZES,
            0.95)
    p = best_lowp_path(rate, "f32->bf16")
    add(">= 0.9x vcvtneps2bf16 loop (AVX2: integer RNE loop)", "f32->bf16", "lowp.%s.rne" % p,
        ceiling(rate, "f32->bf16", ["hw.avx512bf16", "int.avx2"]), SIZES, 0.9)
    # The best correct float -> bfloat16 peer at L1 (Highway 1.0.3 truncates: not correct).
    correct = [k[1] for k in rate if k[0] == "f32->bf16" and k[1] in ("api.eigen", "peer.eigen_cast")]
    if correct:
        best = max(correct, key=lambda i: rate[("f32->bf16", i)].get(1024, 0))
        add(">= 1.8x best correct peer at L1", "f32->bf16", "lowp.%s.rne" % p, best, [1024], 1.8)
    for direction in ["f32->f16", "f32->bf16", "f32->e4m3", "f32->e5m2", "f64->f16", "f64->bf16"]:
        p = best_lowp_path(rate, direction)
        for mode in ["rna", "rz", "ru", "rd", "rne_sat"]:
            add(">= 0.8x RNE of the same direction", direction, "lowp.%s.%s" % (p, mode), "lowp.%s.rne" % p, SIZES,
                0.8)
    for direction in ["check:f32->f16", "check:f32->bf16"]:
        p = best_lowp_path(rate, direction)
        add(">= 0.9x plain read at DRAM", direction, "lowp.%s.rne" % p, "read.avx2", [16777216], 0.9)
        add(">= 0.9x plain read at DRAM", direction, "lowp.avx512.rne", "read.avx512", [16777216], 0.9)
    # The AVX-512 paths against the hand-written AVX-512 loops of the same operation.
    for direction, base in [("f32->f16", "hw.avx512"), ("f16->f32", "hw.avx512")]:
        for p in ["avx512", "avx512bf16"]:
            add(">= 0.95x raw instruction loop", direction, "lowp.%s.rne" % p, base, SIZES, 0.95)
    for p in ["avx512", "avx512bf16"]:
        add(">= 0.9x hand AVX-512 integer RNE + NaN loop", "f32->bf16", "lowp.%s.rne" % p, "int_nan.avx512", SIZES,
            0.9)
    # The hardware's own answer: the hand AVX-512 loop against the hand AVX2 loop of the same
    # operation (where this is below 1, a 512-bit kernel cannot beat the 256-bit one either).
    for direction, num, den in [("f32->f16", "hw.avx512", "hw.avx2"), ("f16->f32", "hw.avx512", "hw.avx2"),
                                ("f32->bf16", "int_nan.avx512", "int_nan.avx2"),
                                ("check:f32->f16", "read.avx512", "read.avx2")]:
        add("(ceiling) hand AVX-512 loop vs hand AVX2 loop", direction, num, den, SIZES, 1.0)
    # Every kernel on the AVX-512 paths at least as fast as on the avx2 path of the same CPU
    # (the check that would have caught the lane-by-lane avx512 counting).
    for direction in PATH_DIRECTIONS:
        for p in ["avx512", "avx512bf16"]:
            add(">= 1x the avx2 path", direction, "lowp.%s.rne" % p, "lowp.avx2.rne", SIZES, 1.0)
    for direction in ["f32->f16", "f16->f32", "f32->bf16", "bf16->f32"]:
        for impl in sorted(k[1] for k in rate if k[0] == direction and k[1].startswith("api.") and k[1] != "api.lowp"):
            add("scalar API faster than peer's (> 1x)", direction, "api.lowp", impl, SIZES, 1.0 + 1e-9)
    return rows


def table(context, rate):
    out = []
    out.append("CPU: %s; date: %s; lowp paths: %s" % (context.get("cpu_model", "?"), context.get("date", "?"),
                                                   context.get("lowp_paths", "?")))
    out.append("")
    out.append("| target | direction | lowp | against | 1K | 64K | 16M | met |")
    out.append("|---|---|---|---|---|---|---|---|")
    for target, direction, num, den, sizes, vals, need, ok in ratio_rows(rate):
        cells = []
        for n in SIZES:
            if n in sizes:
                v = vals[sizes.index(n)]
                cells.append("%.2f" % v if v is not None else "-")
            else:
                cells.append("")
        out.append("| %s | %s | %s | %s | %s | %s |" % (target, direction, num, den, " | ".join(cells),
                                                      "yes" if ok else "**missed**"))
    out.append("")
    out.append("Throughput (elements/ns):")
    out.append("")
    out.append("| direction | implementation | 1K | 64K | 16M |")
    out.append("|---|---|---|---|---|")
    for (direction, impl) in sorted(rate):
        r = rate[(direction, impl)]
        out.append("| %s | %s | %s |" % (direction, impl, " | ".join("%.2f" % r[n] if n in r else "-" for n in SIZES)))
    return "\n".join(out)


def chart(context, rate, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directions = ["f32->f16", "f16->f32", "f32->bf16", "bf16->f32", "f64->f16", "check:f32->f16"]
    series = [
        ("lowp (best path)", lambda d: "lowp.%s.rne" % best_lowp_path(rate, d)),
        ("raw instruction loop", lambda d: ceiling(rate, d, ["hw.avx512bf16", "hw.avx512", "hw.avx2", "int.avx2",
                                                             "read.avx2"])),
        ("memcpy", lambda d: "memcpy"),
        ("best peer (correct)", lambda d: max(
            [k[1] for k in rate if k[0] == d and (k[1].startswith("peer.") or k[1].startswith("api."))
             and k[1] not in ("api.lowp", "api.hwy", "peer.hwy")] or [None],
            key=lambda i: rate.get((d, i), {}).get(1024, 0) if i else 0)),
    ]
    fig, axes = plt.subplots(1, len(SIZES), figsize=(13, 3.8), sharey=False)
    width = 0.8 / len(series)
    for ax, n in zip(axes, SIZES):
        for s, (label, pick) in enumerate(series):
            xs, ys = [], []
            for i, d in enumerate(directions):
                impl = pick(d)
                v = rate.get((d, impl), {}).get(n) if impl else None
                xs.append(i + (s - (len(series) - 1) / 2) * width)
                ys.append(v or 0)
            ax.bar(xs, ys, width, label=label)
        ax.set_title(SIZE_LABEL[n], fontsize=10)
        ax.set_xticks(range(len(directions)))
        ax.set_xticklabels([d.replace("check:", "check ") for d in directions], rotation=30, fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
    axes[0].set_ylabel("elements / ns")
    axes[0].legend(fontsize=7)
    fig.suptitle("lowp bulk conversion, nearest-even — %s, %s" % (context.get("cpu_model", "?"),
                                                                 context.get("date", "?")), fontsize=10)
    fig.tight_layout()
    fig.savefig(png, dpi=72)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json")
    ap.add_argument("--png", help="write the chart here")
    ap.add_argument("--table", action="store_true", help="print the Markdown tables")
    ap.add_argument("--stat", choices=["best", "median"], default="best",
                    help="per benchmark: the fastest repetition (default) or the median of the repetitions")
    args = ap.parse_args()
    context, rate = load(args.json, args.stat)
    if not rate:
        sys.exit("no benchmarks with items_per_second in %s" % args.json)
    if args.table:
        print(table(context, rate))
    if args.png:
        chart(context, rate, args.png)


if __name__ == "__main__":
    main()
