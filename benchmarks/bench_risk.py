"""Benchmark the Monte Carlo engine (run on demand): 10,000 iterations of 1,000- and 10,000-task plans.

    .venv/bin/python benchmarks/bench_risk.py [--tasks 1000 10000] [--iterations 10000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine.risk import simulate  # noqa: E402
from benchmarks.generate import generated_plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--iterations", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for n in args.tasks:
        plan = generated_plan(n)
        for family in ("triangular", "pert"):
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                result = simulate(plan, args.iterations, seed=1, distribution=family)  # type: ignore[arg-type]
                times.append(time.perf_counter() - t0)
            tracemalloc.start()
            simulate(plan, min(args.iterations, 2000), seed=1, distribution=family)  # type: ignore[arg-type]
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(f"{n:>6} tasks x {args.iterations} it, {family:<10}: {statistics.median(times):6.2f} s "
                  f"(P50 {result.percentiles[50]}, P80 {result.percentiles[80]}); "
                  f"traced peak {peak:.0f} MB (2,000 it)")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
