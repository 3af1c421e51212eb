"""Writes events.csv and pandas-expected.csv for PandasReferenceTest: rolling window features
computed per host by pandas (3.0), an implementation independent of Vigil's.

    python3 pandas_reference.py   # in this directory, with pandas and numpy installed

Times are whole epoch seconds, with ties; pandas takes the rows of one host at the same time in
row order, as Vigil does. Its time windows are (t - w, t] (closed='right'), rolling(N) the last N
rows, std with ddof=1, and a window without a value has no mean, std, min, max or sum (NaN).
The file Vigil reads is shuffled, each host's rows at one time kept in their order.
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(2024)
n = 1500
hosts = np.array([f"h{k}" for k in rng.integers(0, 15, n)])
ts = 1_709_251_200 + np.sort(rng.integers(0, 3 * 86_400, n)) // 7 * 7  # in time order, as rolling needs
values = rng.integers(100, 5000, n).astype(float)
values[rng.random(n) < 0.05] = np.nan
events = pd.DataFrame({"host": hosts, "ts": ts, "bytes": values})

out = pd.DataFrame(index=events.index)
by_host = events.groupby("host", sort=False)
for window, label in (("5min", "5m"), ("1h", "1h")):
    for stat in ("mean", "std", "min", "max", "sum", "count"):
        column = pd.Series(index=events.index, dtype=float)
        for rows in by_host.groups.values():
            part = events.loc[rows].set_index(pd.to_datetime(events.loc[rows, "ts"], unit="s"))["bytes"]
            column.loc[rows] = getattr(part.rolling(window, closed="right"), stat)().values
        out[f"bytes_{stat}_{label}"] = column
for last in (3, 10):
    for stat in ("mean", "std", "min", "max"):
        out[f"bytes_{stat}_last{last}"] = by_host["bytes"].transform(lambda s: getattr(s.rolling(last, min_periods=1), stat)())
for k in (1, 2):
    out[f"bytes_lag_{k}"] = by_host["bytes"].shift(k)
    out[f"bytes_diff_{k}"] = events["bytes"] - by_host["bytes"].shift(k)

first_of_tie = {}
for i in range(n):
    first_of_tie.setdefault((hosts[i], ts[i]), i)
rank = rng.permutation(n)
file_order = sorted(range(n), key=lambda i: (rank[first_of_tie[(hosts[i], ts[i])]], i))
events.iloc[file_order].to_csv("events.csv", index=False, na_rep="")
out.iloc[file_order].to_csv("pandas-expected.csv", index=False, na_rep="", float_format="%.17g")
