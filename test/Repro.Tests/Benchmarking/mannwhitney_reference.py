"""Reference values for MannWhitneyTests and TimeRatioTests.

Run with Debian's /usr/bin/python3 (3.11.2), SciPy 1.10.1, NumPy 1.24.2 (apt-get install python3-scipy):
    /usr/bin/python3 mannwhitney_reference.py
p-values come from scipy.stats.mannwhitneyu; the exact null distribution for the interval's k is
enumerated over all placements of x in the pooled ranks (independent of the recurrence in C#).
"""
import itertools, math
import numpy as np
from scipy.stats import mannwhitneyu

def cases():
    yield "small", [1.1, 2.3, 0.7, 3.5, 2.9], [0.5, 1.9, 0.8, 1.2, 0.3, 0.6]
    yield "ten", [0.101 + 0.003 * ((i * 7) % 10) for i in range(10)], [0.097 + 0.003 * ((i * 3) % 10) + 0.0001 for i in range(10)]
    yield "separated", [2.0 + i / 100 for i in range(10)], [1.0 + i / 100 for i in range(10)]
    yield "ties", [1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6]
    yield "far", [3.0 + i / 100 for i in range(60)], [1.0 + i / 100 for i in range(60)]
    yield "large", [1.0 + ((i * 37) % 101) / 100 for i in range(60)], [1.1 + ((i * 53) % 97) / 100 for i in range(55)]

def exact_cdf(n, m):
    counts = {}
    N = n + m
    for pos in itertools.combinations(range(1, N + 1), n):
        u = sum(pos) - n * (n + 1) // 2
        counts[u] = counts.get(u, 0) + 1
    total = math.comb(N, n)
    cdf, acc = [], 0
    for u in range(n * m + 1):
        acc += counts.get(u, 0)
        cdf.append(acc / total)
    return cdf

for name, x, y in cases():
    n, m = len(x), len(y)
    pooled = x + y
    ties = len(set(pooled)) < len(pooled)
    method = "exact" if not ties and n < 50 and m < 50 else "asymptotic"
    r = mannwhitneyu(x, y, alternative="two-sided", method=method)
    d = sorted(math.log(a) - math.log(b) for a in x for b in y)
    if method == "exact":
        cdf = exact_cdf(n, m)
        k = 0
        while k < n * m and cdf[k] <= 0.025:
            k += 1
    else:
        N = n + m
        vals, cnt = np.unique(pooled, return_counts=True)
        tie = float(((cnt ** 3) - cnt).sum())
        sigma = math.sqrt(n * m / 12 * ((N + 1) - tie / (N * (N - 1))))
        k = math.floor(n * m / 2 - 1.959963984540054 * sigma)
    k = max(1, min(k, (n * m + 1) // 2))
    med = float(np.median(d))
    print(f'{name}: method={method} U={r.statistic!r} p={r.pvalue!r} k={k} ratio={math.exp(med)!r} low={math.exp(d[k-1])!r} high={math.exp(d[n*m-k])!r}')
