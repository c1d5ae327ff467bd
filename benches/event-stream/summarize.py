#!/usr/bin/env python3
"""Prints the README's result table from criterion's saved estimates.

Reads $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion (default /work/bench-target/criterion).
Throughput is from criterion's time per iteration (its slope estimate, as it prints) (one invoke + draining the stream); the
ratio is ours / aws-sdk-lambda throughput (above 1 = ours is faster).
"""
import json
import os
import sys

CASES = [("100B", 10_000, 100), ("64KiB", 200, 64 * 1024)]
PREFIXES = [("receive", "whole body"), ("receive-split", "16 KiB pieces")]


def root():
    if os.environ.get("CRITERION_HOME"):
        return os.environ["CRITERION_HOME"]
    return os.path.join(os.environ.get("CARGO_TARGET_DIR", "/work/bench-target"), "criterion")


def mean_ns(base, group, function):
    path = os.path.join(base, group.replace("/", "_"), function, "new", "estimates.json")
    with open(path) as f:
        estimates = json.load(f)
    # Criterion prints the slope (linear sampling) when it has one; so does this table.
    est = estimates.get("slope") or estimates["mean"]
    ci = est["confidence_interval"]
    return est["point_estimate"], ci["lower_bound"], ci["upper_bound"]


def main():
    base = root()
    print("| body delivery | events x payload | client | time / invoke (95% CI) | events/s | MiB/s | ours / official |")
    print("|---|---|---|---|---|---|---|")
    for prefix, delivery in PREFIXES:
        for name, n, size in CASES:
            group = f"{prefix}/{name}"
            try:
                ours = mean_ns(base, group, "ours")
                sdk = mean_ns(base, group, "aws-sdk-lambda")
            except FileNotFoundError as e:
                print(f"missing: {e.filename}", file=sys.stderr)
                continue
            ratio = sdk[0] / ours[0]
            for label, (t, lo, hi) in (("ours", ours), ("aws-sdk-lambda", sdk)):
                eps = n / (t / 1e9)
                mibs = n * size / (t / 1e9) / 2**20
                r = f"**{ratio:.2f}x**" if label == "ours" else ""
                print(
                    f"| {delivery} | {n} x {name} | {label} | {t / 1e6:.2f} ms [{lo / 1e6:.2f}, {hi / 1e6:.2f}] "
                    f"| {eps / 1e3:,.0f} K | {mibs:,.0f} | {r} |"
                )


if __name__ == "__main__":
    main()
