#!/usr/bin/python3
"""Generates the metric golden fixtures: prediction CSV files and scikit-learn's values for them.

Run with Debian's interpreter and scikit-learn (apt-get install -y python3-sklearn):

    /usr/bin/python3 test/Repro.Tests/Evaluation/Fixtures/generate_goldens.py

It rewrites the CSV files, expected.json and exact_sums.json in this folder. The data come from a
seeded numpy generator, so a rerun with the same numpy gives the same files. The "formula" cases are
not stored as files: their rows are computed from the row index with integer arithmetic and one
division, which C# and Python evaluate identically (see formula_rows), so large inputs that span
several parallel blocks are checked against scikit-learn without committing megabytes.
"""

import csv
import json
import math
import os
import platform
import warnings

import numpy as np
import scipy
import sklearn
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-15  # DESIGN.md's log-loss clip; scikit-learn 1.2's default would be eps="auto" (2.2e-16)


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([repr(v) if isinstance(v, float) else v for v in row])


def binary_csv(name, y, s):
    write_csv(name, ["y_true", "y_score"], [(int(a), float(b)) for a, b in zip(y, s)])


def multiclass_csv(name, y, scores):
    k = scores.shape[1]
    header = ["y_true"] + [f"y_score_{c}" for c in range(k)]
    write_csv(name, header, [[int(a)] + [float(v) for v in row] for a, row in zip(y, scores)])


def regression_csv(name, y, p):
    write_csv(name, ["y_true", "y_pred"], [(float(a), float(b)) for a, b in zip(y, p)])


def evaluate(fn):
    """scikit-learn's value, or the reason it has none (it raised, or returned NaN with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = float(fn())
        except ValueError as e:
            return None, str(e)
    if math.isnan(value):
        return None, "scikit-learn returns nan"
    return value, None


def binary_metrics(y, s, threshold):
    yp = (s >= threshold).astype(int)
    return {
        "accuracy": lambda: metrics.accuracy_score(y, yp),
        "balanced_accuracy": lambda: metrics.balanced_accuracy_score(y, yp),
        "precision": lambda: metrics.precision_score(y, yp, zero_division=0),
        "recall": lambda: metrics.recall_score(y, yp, zero_division=0),
        "f1": lambda: metrics.f1_score(y, yp, zero_division=0),
        "f1_macro": lambda: metrics.f1_score(y, yp, average="macro", zero_division=0),
        "f1_micro": lambda: metrics.f1_score(y, yp, average="micro", zero_division=0),
        "f1_weighted": lambda: metrics.f1_score(y, yp, average="weighted", zero_division=0),
        "precision_macro": lambda: metrics.precision_score(y, yp, average="macro", zero_division=0),
        "recall_macro": lambda: metrics.recall_score(y, yp, average="macro", zero_division=0),
        "roc_auc": lambda: metrics.roc_auc_score(y, s),
        "average_precision": lambda: metrics.average_precision_score(y, s),
        "log_loss": lambda: metrics.log_loss(y, s, eps=EPS, labels=[0, 1]),
        "brier_score": lambda: metrics.brier_score_loss(y, s),
        "matthews_corrcoef": lambda: metrics.matthews_corrcoef(y, yp),
    }, metrics.confusion_matrix(y, yp, labels=[0, 1])


def multiclass_metrics(y, scores):
    k = scores.shape[1]
    labels = list(range(k))
    yp = np.argmax(scores, axis=1)  # the first maximum on ties
    return {
        "accuracy": lambda: metrics.accuracy_score(y, yp),
        "balanced_accuracy": lambda: metrics.balanced_accuracy_score(y, yp),
        "f1_macro": lambda: metrics.f1_score(y, yp, average="macro", zero_division=0),
        "f1_micro": lambda: metrics.f1_score(y, yp, average="micro", zero_division=0),
        "f1_weighted": lambda: metrics.f1_score(y, yp, average="weighted", zero_division=0),
        "precision_macro": lambda: metrics.precision_score(y, yp, average="macro", zero_division=0),
        "recall_macro": lambda: metrics.recall_score(y, yp, average="macro", zero_division=0),
        "roc_auc_ovr_macro": lambda: metrics.roc_auc_score(y, scores, multi_class="ovr", average="macro", labels=labels),
        "roc_auc_ovo_macro": lambda: metrics.roc_auc_score(y, scores, multi_class="ovo", average="macro", labels=labels),
        "log_loss": lambda: metrics.log_loss(y, scores, eps=EPS, labels=labels),
        "matthews_corrcoef": lambda: metrics.matthews_corrcoef(y, yp),
        "top_2_accuracy": lambda: metrics.top_k_accuracy_score(y, scores, k=2, labels=labels),
    }, metrics.confusion_matrix(y, yp, labels=labels)


def regression_metrics(y, p):
    return {
        "mse": lambda: metrics.mean_squared_error(y, p),
        "rmse": lambda: metrics.mean_squared_error(y, p, squared=False),
        "mae": lambda: metrics.mean_absolute_error(y, p),
        "r2": lambda: metrics.r2_score(y, p),
        "mape": lambda: metrics.mean_absolute_percentage_error(y, p),
    }, None


def case(name, task, source, table, threshold=None):
    functions, matrix = table
    values, undefined = {}, {}
    for metric, fn in functions.items():
        value, reason = evaluate(fn)
        if reason is None:
            values[metric] = value
        else:
            undefined[metric] = reason
    result = {"name": name, "task": task, **source}
    if threshold is not None:
        result["threshold"] = threshold
    result["metrics"] = values
    result["undefined"] = undefined
    if matrix is not None:
        result["confusion_matrix"] = matrix.tolist()
    return result


def formula_rows(kind, n):
    """Rows computed from the index i with 64-bit integer arithmetic and one exact-operand division."""
    i = np.arange(n, dtype=np.uint64)
    h = (i * np.uint64(2654435761)) % np.uint64(1 << 32)
    if kind == "binary":
        y = (h % np.uint64(7) < np.uint64(3)).astype(np.int64)
        s = (((h >> np.uint64(8)) % np.uint64(1001)) + np.uint64(150) * y.astype(np.uint64)).astype(np.float64) / 1150.0
        return y, s
    if kind == "multiclass":
        y = (h % np.uint64(3)).astype(np.int64)
        a = np.stack([((h >> np.uint64(4 + 5 * c)) % np.uint64(97)) + np.uint64(1)
                      + np.uint64(40) * (y == c).astype(np.uint64) for c in range(3)], axis=1).astype(np.float64)
        total = a[:, 0] + a[:, 1] + a[:, 2]  # integers: exact in any order
        return y, a / total[:, None]
    if kind == "regression":
        y = ((h >> np.uint64(5)) % np.uint64(10000)).astype(np.float64) / 100.0 - 20.0
        noise = (((h >> np.uint64(17)) % np.uint64(200)).astype(np.float64) - 100.0) / 50.0
        return y, y + noise
    raise ValueError(kind)


def main():
    rng = np.random.default_rng(20240604)
    cases = []

    # Binary with many ties: scores on a 0.05 grid, including exactly 0, 1 and the 0.5 threshold.
    n = 400
    y = rng.integers(0, 2, n)
    s = np.clip(np.round((0.35 + 0.3 * y + rng.normal(0, 0.25, n)) * 20) / 20, 0.0, 1.0)
    binary_csv("binary_ties.csv", y, s)
    for t in (0.5, 0.3):
        cases.append(case(f"binary_ties_t{t}", "binary", {"file": "binary_ties.csv"}, binary_metrics(y, s, t), t))

    # Continuous scores with a few repeated values.
    n = 1000
    y = (rng.random(n) < 0.3).astype(int)
    s = 1 / (1 + np.exp(-(rng.normal(0, 1.5, n) + 1.2 * y)))
    s[rng.integers(0, n, 50)] = 0.25
    binary_csv("binary_continuous.csv", y, s)
    cases.append(case("binary_continuous", "binary", {"file": "binary_continuous.csv"}, binary_metrics(y, s, 0.5), 0.5))

    # Perfect separation; every score the same; a single class in y_true.
    y = np.array([0] * 20 + [1] * 30)
    s = np.concatenate([rng.uniform(0.0, 0.4, 20), rng.uniform(0.6, 1.0, 30)])
    binary_csv("binary_perfect.csv", y, s)
    cases.append(case("binary_perfect", "binary", {"file": "binary_perfect.csv"}, binary_metrics(y, s, 0.5), 0.5))
    y = rng.integers(0, 2, 40)
    s = np.full(40, 0.5)
    binary_csv("binary_constant.csv", y, s)
    cases.append(case("binary_constant", "binary", {"file": "binary_constant.csv"}, binary_metrics(y, s, 0.5), 0.5))
    y = np.zeros(30, dtype=int)
    s = np.round(rng.random(30), 2)
    binary_csv("binary_single_class.csv", y, s)
    cases.append(case("binary_single_class", "binary", {"file": "binary_single_class.csv"}, binary_metrics(y, s, 0.5), 0.5))

    # Three classes, probabilities in tenths: many tied scores and tied argmax.
    n = 300
    y = rng.integers(0, 3, n)
    tenths = np.array([rng.multinomial(10, np.where(np.arange(3) == c, 0.5, 0.25)) for c in y])
    scores = tenths / 10.0
    multiclass_csv("multiclass3_ties.csv", y, scores)
    cases.append(case("multiclass3_ties", "multiclass", {"file": "multiclass3_ties.csv"}, multiclass_metrics(y, scores)))

    # Four classes, continuous probabilities, some repeated rows and all-equal rows.
    n = 500
    y = rng.integers(0, 4, n)
    scores = rng.dirichlet([1, 1, 1, 1], n)
    scores[np.arange(n), y] += rng.uniform(0, 0.6, n)
    scores = scores / scores.sum(axis=1, keepdims=True)
    scores[::17] = scores[1::17][: len(scores[::17])]
    scores[::23] = 0.25
    multiclass_csv("multiclass4.csv", y, scores)
    cases.append(case("multiclass4", "multiclass", {"file": "multiclass4.csv"}, multiclass_metrics(y, scores)))

    # Four classes where class 3 is never true (but is sometimes predicted).
    n = 200
    y = rng.integers(0, 3, n)
    scores = rng.dirichlet([1, 1, 1, 1.5], n)
    multiclass_csv("multiclass4_absent_class.csv", y, scores)
    cases.append(case("multiclass4_absent_class", "multiclass", {"file": "multiclass4_absent_class.csv"}, multiclass_metrics(y, scores)))

    # Three classes with raw scores that are not probabilities (rows do not sum to 1).
    n = 150
    y = rng.integers(0, 3, n)
    scores = np.round(rng.random((n, 3)), 3)
    scores[::10, 0] = 0.0
    multiclass_csv("multiclass3_unnormalized.csv", y, scores)
    cases.append(case("multiclass3_unnormalized", "multiclass", {"file": "multiclass3_unnormalized.csv"}, multiclass_metrics(y, scores)))

    # Regression with zeros and negatives in y_true (MAPE's epsilon) and a wide range of magnitudes.
    n = 300
    y = np.round(rng.normal(0, 10, n), 1)
    y[::15] = 0.0
    y[::41] *= 1000
    p = y + rng.normal(0, 2, n)
    p[::29] = y[::29]
    regression_csv("regression.csv", y, p)
    cases.append(case("regression", "regression", {"file": "regression.csv"}, regression_metrics(y, p)))

    # A constant target: R2 is 0 (imperfect fit) by scikit-learn's force_finite rule; one row: undefined.
    y = np.full(20, 3.5)
    p = y + np.round(rng.normal(0, 1, 20), 2)
    regression_csv("regression_constant_target.csv", y, p)
    cases.append(case("regression_constant_target", "regression", {"file": "regression_constant_target.csv"}, regression_metrics(y, p)))
    regression_csv("regression_single_row.csv", np.array([2.0]), np.array([2.5]))
    cases.append(case("regression_single_row", "regression", {"file": "regression_single_row.csv"}, regression_metrics(np.array([2.0]), np.array([2.5]))))

    # Large inputs from formulas (several parallel blocks of the sort, several chunks of any sum).
    y, s = formula_rows("binary", 300_000)
    cases.append(case("formula_binary", "binary", {"formula": "binary", "rows": 300_000}, binary_metrics(y, s, 0.5), 0.5))
    y, scores = formula_rows("multiclass", 200_000)
    cases.append(case("formula_multiclass", "multiclass", {"formula": "multiclass", "rows": 200_000}, multiclass_metrics(y, scores)))
    y, p = formula_rows("regression", 200_000)
    cases.append(case("formula_regression", "regression", {"formula": "regression", "rows": 200_000}, regression_metrics(y, p)))

    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"generated_by": "generate_goldens.py", "versions": versions, "cases": cases}, f, indent=1)
        f.write("\n")

    # Exact sums: math.fsum is correctly rounded (Shewchuk's algorithm), the reference for ExactSum.
    sums = []
    for trial in range(40):
        size = int(rng.integers(1, 400))
        exponents = rng.integers(-1080, 1000, size) if trial % 4 == 0 else rng.integers(-60, 60, size)
        values = [float(v) for v in rng.standard_normal(size) * np.exp2(exponents.astype(np.float64))]
        if trial % 5 == 1:  # heavy cancellation: the values and their negations, plus a small remainder
            values = values + [-v for v in values] + [values[0] * 1e-20]
            rng.shuffle(values)
        sums.append({"values": values, "fsum": math.fsum(values)})
    with open(os.path.join(HERE, "exact_sums.json"), "w") as f:
        json.dump({"generated_by": "generate_goldens.py (math.fsum)", "versions": versions, "sums": sums}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
