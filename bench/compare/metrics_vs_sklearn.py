#!/usr/bin/python3
"""Repro's metrics next to scikit-learn's on the same 10,000,000 binary rows with ties.

    /usr/bin/python3 bench/compare/metrics_vs_sklearn.py [--rows 10000000] [--repeat 3] [--threads 1,2]

Needs Debian's scikit-learn (apt-get install -y python3-sklearn) and the .NET SDK. The data are
generated once (seeded) into $TMPDIR/repro-bench/metrics-<rows>-v1/ as labels.i32 (int32) and
scores.f64 (float64), both little-endian, and both sides read those files; loading is excluded from
both sides' times. Each metric is timed on both sides in this one run (median of --repeat): the
script times scikit-learn in-process, then runs `Repro.Benchmarks metrics` (Release build), and prints
both times, the ratio, whether the values agree (relative difference <= 1e-9) and whether Repro's
values are bit-identical across the thread counts. Exits 1 if a check fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn import metrics

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "bench", "Repro.Benchmarks")
AGREEMENT = 1e-9


def data_folder(rows):
    folder = os.path.join(tempfile.gettempdir(), "repro-bench", f"metrics-{rows}-v1")
    if not os.path.exists(os.path.join(folder, "scores.f64")):
        os.makedirs(folder, exist_ok=True)
        rng = np.random.default_rng(42)
        labels = (rng.random(rows) < 0.3).astype("<i4")
        # A noisy logistic score rounded to 4 decimals: at most 10,001 distinct values, so heavy ties.
        scores = np.round(1 / (1 + np.exp(-(rng.normal(0.0, 1.5, rows) + 1.0 * labels))), 4).astype("<f8")
        labels.tofile(os.path.join(folder, "labels.i32"))
        scores.tofile(os.path.join(folder, "scores.f64"))
    return folder


def sklearn_side(folder, repeat):
    y = np.fromfile(os.path.join(folder, "labels.i32"), dtype="<i4")
    s = np.fromfile(os.path.join(folder, "scores.f64"), dtype="<f8")
    calls = {
        "roc_auc": lambda: metrics.roc_auc_score(y, s),
        "average_precision": lambda: metrics.average_precision_score(y, s),
        "log_loss": lambda: metrics.log_loss(y, s, eps=1e-15),
        "f1": lambda: metrics.f1_score(y, s >= 0.5),
    }
    results = {}
    for name, call in calls.items():
        seconds = []
        for _ in range(repeat):
            start = time.perf_counter()
            value = float(call())
            seconds.append(time.perf_counter() - start)
        seconds.sort()
        results[name] = {"median_seconds": seconds[len(seconds) // 2], "seconds": seconds, "value": value}
        print(f"  scikit-learn {name}: {results[name]['median_seconds']:.3f} s", file=sys.stderr)
    return results


def repro_side(folder, repeat, threads):
    subprocess.run(["dotnet", "build", "-c", "Release", PROJECT, "-v", "quiet", "-nologo"], check=True, stdout=subprocess.DEVNULL)
    dll = os.path.join(PROJECT, "bin", "Release", "net10.0", "Repro.Benchmarks.dll")
    out = subprocess.run(["dotnet", dll, "metrics", "--data", folder, "--repeat", str(repeat), "--threads", threads],
                         check=True, capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    construction = next(line for line in lines if "construction_seconds" in line)
    return construction, [line for line in lines if "metric" in line]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", default="1,2")
    args = parser.parse_args()

    folder = data_folder(args.rows)
    print(f"{args.rows:,} binary rows with ties ({folder}); scikit-learn {sklearn.__version__}, numpy {np.__version__}; "
          f"median of {args.repeat}; {os.cpu_count()} CPUs", file=sys.stderr)
    theirs = sklearn_side(folder, args.repeat)
    construction, ours = repro_side(folder, args.repeat, args.threads)
    thread_counts = [int(t) for t in args.threads.split(",")]

    ok = True
    too_slow = []
    header = f"{'metric':<18} {'sklearn s':>10} " + " ".join(f"{f'repro {t}T s':>11}" for t in thread_counts) + \
             " " + " ".join(f"{f'ratio {t}T':>9}" for t in thread_counts) + f" {'threads identical':>18} {'rel. diff':>10}"
    print(header)
    for name, peer in theirs.items():
        rows = {r["threads"]: r for r in ours if r["metric"] == name}
        identical = len({rows[t]["bits"] for t in thread_counts}) == 1
        value = rows[thread_counts[0]]["value"]
        difference = abs(value - peer["value"]) / max(abs(peer["value"]), 1e-300)
        ok = ok and identical and difference <= AGREEMENT
        too_slow += [f"{name} at {t} threads" for t in thread_counts if peer["median_seconds"] / rows[t]["median_seconds"] < 5]
        print(f"{name:<18} {peer['median_seconds']:>10.3f} " + " ".join(f"{rows[t]['median_seconds']:>11.3f}" for t in thread_counts) +
              " " + " ".join(f"{peer['median_seconds'] / rows[t]['median_seconds']:>8.1f}x" for t in thread_counts) +
              f" {str(identical):>18} {difference:>10.1e}")
    print(f"(Repro's prediction set construction, excluded above like loading: {construction['construction_seconds']:.3f} s; "
          f"ratio = scikit-learn time / Repro time at that thread count; target >= 5x)")
    if too_slow:
        print("below the 5x target: " + ", ".join(too_slow))
    if not ok:
        print("FAILED: values disagree or differ between thread counts", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
