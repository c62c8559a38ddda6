"""The ZenML side of the no-op workloads: the same DAGs as bench/koan/pipelines.mjs.

A chain passes a small int from step to step; a fan-out has one source
feeding every other step. Run in a folder where `zenml init` was run.

    python pipelines.py --steps 10 [--shape chain|fanout] [--cache on|off] [--verify] [--in-process]

--in-process times only the run inside this (already warm) process, after a
1-step warm-up run, and prints it as JSON: per-step engine overhead.
"""

import argparse
import json
import sys
import time

from zenml import pipeline, step


@step
def source() -> int:
    return 0


@step
def noop(x: int) -> int:
    return x


def noop_pipeline(steps: int, shape: str, enable_cache: bool):
    if steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps}")
    if shape not in ("chain", "fanout"):
        raise ValueError(f"shape must be chain or fanout, got {shape}")

    @pipeline(name=f"noop_{shape}_{steps}", enable_cache=enable_cache)
    def run_noop():
        value = source()
        root = value
        for i in range(1, steps):
            value = noop(value if shape == "chain" else root, id=f"noop_{i}")

    return run_noop


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--shape", default="chain")
    parser.add_argument("--cache", default="off")
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args()
    cache = args.cache == "on"

    if args.in_process:
        noop_pipeline(1, args.shape, False)()
        started = time.perf_counter()
        run = noop_pipeline(args.steps, args.shape, cache)()
        run_ms = (time.perf_counter() - started) * 1000
        print(json.dumps({"steps": args.steps, "shape": args.shape, "runMs": run_ms, "perStepMs": run_ms / args.steps}))
    else:
        run = noop_pipeline(args.steps, args.shape, cache)()

    if args.verify:
        statuses: dict = {}
        steps = run.steps
        for step_run in steps.values():
            status = str(step_run.status.value)
            statuses[status] = statuses.get(status, 0) + 1
        print(json.dumps({"run": run.name, "steps": len(steps), "statuses": statuses}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
