# Reference p-values of McNemar's exact test for McNemarTests.cs.
# Run with Debian's interpreter (apt-get install -y python3-scipy): /usr/bin/python3 mcnemar_reference.py
# Produced with scipy 1.10.1 and numpy 1.24.2 (Debian 12).
# statsmodels' mcnemar(table, exact=True) is min(1, 2 * binom.cdf(min(b, c), b + c, 0.5)); scipy's
# binomtest(min(b, c), b + c, 0.5).pvalue is the same for p = 0.5 (symmetric); both are printed and must agree.
import scipy
from scipy.stats import binom, binomtest

cases = [(0, 0), (1, 0), (0, 1), (3, 3), (5, 1), (1, 5), (10, 3), (0, 30), (12, 25), (59, 42),
         (100, 130), (3, 200), (1000, 1100), (5000, 5300), (50000, 50700), (400000, 401500)]
print(f"# scipy {scipy.__version__}")
for b, c in cases:
    n, k = b + c, min(b, c)
    statsmodels_style = 1.0 if n == 0 else min(1.0, 2 * binom.cdf(k, n, 0.5))
    scipy_test = 1.0 if n == 0 else binomtest(k, n, 0.5).pvalue
    print(f"[InlineData({b}, {c}, {statsmodels_style!r})]  // binomtest: {scipy_test!r}")
