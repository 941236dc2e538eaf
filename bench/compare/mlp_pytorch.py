#!/usr/bin/env python3
"""The PyTorch side of `Repro.Benchmarks mlp-vs-pytorch`: the same MLP, data, batch order and thread count as the
TorchSharp side, timed per epoch. Reads the features (float32, row-major) and labels (int64) the C# side wrote,
prints one JSON line: {"torch": version, "threads": n, "epoch_seconds": [...]}.

Run by the benchmark; by hand: python3 mlp_pytorch.py --data DIR --threads 1 --epochs 6
"""
import argparse
import json
import time

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--epochs", type=int, required=True)
    args = parser.parse_args()

    with open(f"{args.data}/shape.json") as f:
        shape = json.load(f)
    rows, features, classes, hidden, batch = (shape[k] for k in ("rows", "features", "classes", "hidden", "batch"))
    x = torch.from_numpy(np.fromfile(f"{args.data}/x.f32", dtype=np.float32).reshape(rows, features))
    y = torch.from_numpy(np.fromfile(f"{args.data}/y.i64", dtype=np.int64))
    order = torch.from_numpy(np.fromfile(f"{args.data}/order.i64", dtype=np.int64).reshape(-1, rows))

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(features, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, classes))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    times = []
    for epoch in range(args.epochs):
        permutation = order[epoch % order.shape[0]]
        started = time.perf_counter()
        for start in range(0, rows, batch):
            index = permutation[start:start + batch]
            xb = x.index_select(0, index)
            yb = y.index_select(0, index)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - started)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "epoch_seconds": times}))


if __name__ == "__main__":
    main()
