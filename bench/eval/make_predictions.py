#!/usr/bin/env python3
"""Writes a seeded binary predictions file for timing `repro eval` (standard library only).

usage: make_predictions.py OUT.csv [--rows 100000] [--seed 1]

Labels are 40% positives; scores lean towards the label and are rounded to 3 decimals, so many tie.
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--rows", type=int, default=100_000)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()

rng = random.Random(args.seed)
with open(args.out, "w", encoding="ascii", newline="\n") as f:
    f.write("id,y_true,y_score\n")
    for i in range(args.rows):
        label = 1 if rng.random() < 0.4 else 0
        score = min(1.0, max(0.0, rng.random() + (0.2 if label else -0.2)))
        f.write(f"r{i},{label},{score:.3f}\n")
