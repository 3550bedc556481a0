"""The Python module's overhead against the command line on the same batch.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [--runs 1000] [--repetitions 5]

Times, interleaved (CLI, module, CLI, module, ...) so a slow spell of a shared machine hits both:
- the CLI: `multivector run scenarios/baseline.toml --runs N --threads T --out TMP --force --quiet`,
  the whole process (wall clock), writing runs.csv, summary.csv, timeseries.csv and the rest;
- the module: `multivector.run("scenarios/baseline.toml", runs=N, threads=T)` in this
  interpreter (wall clock), returning the three DataFrames.
Both run the same replicates (the scenario's seed and citizens). Measures wall-clock time and
processor time (user + system of every thread: getrusage of the child, of this process), the
latter being what a busy shared machine disturbs least. Prints each repetition, the medians and
their ratios, and once the time to import the module (pandas included), which a
Python session pays once, not per batch. Uses hyperfine for the CLI's median if it is installed.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description="Python module overhead against the CLI")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "sim", "multivector"))
    args = parser.parse_args()
    scenario = os.path.join(ROOT, "scenarios", "baseline.toml")

    t0 = time.perf_counter()
    import multivector as mv
    imported = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        command = [args.binary, "run", scenario, "--runs", str(args.runs), "--threads", str(args.threads),
                   "--out", os.path.join(tmp, "out"), "--force", "--quiet"]
        cli, module, cli_cpu, module_cpu = [], [], [], []

        def cpu(who):
            r = resource.getrusage(who)
            return r.ru_utime + r.ru_stime

        mv.run(scenario, runs=10, threads=args.threads)  # warm: first allocations, page cache
        subprocess.run(command, check=True)
        for rep in range(args.repetitions):
            t, c = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True)
            cli.append(time.perf_counter() - t)
            cli_cpu.append(cpu(resource.RUSAGE_CHILDREN) - c)
            t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)
            mv.run(scenario, runs=args.runs, threads=args.threads)
            module.append(time.perf_counter() - t)
            module_cpu.append(cpu(resource.RUSAGE_SELF) - c)
            print(f"repetition {rep + 1}: cli {cli[-1]:.3f} s ({cli_cpu[-1]:.3f} s cpu)  "
                  f"module {module[-1]:.3f} s ({module_cpu[-1]:.3f} s cpu)", file=sys.stderr)
        hyperfine = None
        if subprocess.run(["which", "hyperfine"], capture_output=True).returncode == 0:
            report = os.path.join(tmp, "hyperfine.json")
            subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(args.repetitions), "--export-json", report,
                            " ".join(command)], check=True, capture_output=True)
            with open(report) as f:
                hyperfine = json.load(f)["results"][0]["median"]

    med = statistics.median
    print(f"batch: {args.runs} replicates of scenarios/baseline.toml on {args.threads} threads, "
          f"{args.repetitions} repetitions (medians)")
    print(f"cli     wall {med(cli):.3f} s  cpu {med(cli_cpu):.3f} s"
          + (f"  (hyperfine: wall {hyperfine:.3f} s)" if hyperfine else ""))
    print(f"module  wall {med(module):.3f} s  cpu {med(module_cpu):.3f} s")
    print(f"ratio   wall {med(module) / med(cli):.3f}  cpu {med(module_cpu) / med(cli_cpu):.3f}  (module / cli)")
    print(f"import multivector (with pandas), once per session: {imported:.3f} s")


if __name__ == "__main__":
    main()
