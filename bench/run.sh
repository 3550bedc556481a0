#!/usr/bin/env bash
# The benchmark suite in one command: Google Benchmark medians, the targets of bench/README.md
# computed from them, the Python references, and (with --memory) whole-command peak memory.
#   bash bench/run.sh [--repetitions N] [--memory] [--out FILE]
# Needs a Release build in build/ (the Quick start's commands) and, for the Python references,
# Debian's python3-numpy (scripts/install-deps.sh --dev installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=5
memory=0
out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --repetitions) reps=$2; shift 2 ;;
    --memory) memory=1; shift ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bash bench/run.sh [--repetitions N] [--memory] [--out FILE]" >&2; exit 2 ;;
  esac
done
bin=./build/bench/multivector_bench
cli=./build/sim/multivector
[[ -x $bin && -x $cli ]] || { echo "bench/run.sh: build first: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The repetitions of all benchmarks run in a random interleaved order, so that a slow spell of
# this shared machine spreads over every benchmark instead of hitting one size of one factor
# (which would bend an exponent); the medians are then taken per benchmark.
echo "== Google Benchmark ($reps repetitions, interleaved; medians)" >&2
"$bin" --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$work/bench.json" --benchmark_out_format=json >&2

py=/usr/bin/python3
if "$py" -c "import numpy" 2>/dev/null; then
  echo "== Python references (NumPy, Mesa-style)" >&2
  "$py" bench/reference/population.py --quick --no-check > "$work/python.csv"
else
  echo "bench/run.sh: python3-numpy not installed; Python references skipped" >&2
  : > "$work/python.csv"
fi

if [[ $memory == 1 ]]; then
  echo "== Peak memory of a batch (1,000 citizens): 10^3 and 10^5 replicates" >&2
  for runs in 1000 100000; do
    /usr/bin/time -f "$runs %M %e" "$cli" run scenarios/baseline.toml --runs "$runs" --citizens 1000 \
      --out "$work/run-$runs" --quiet 2>> "$work/memory.txt"
  done
fi

"$py" - "$work" <<'PY' | tee ${out:+"$out"}
import json, math, os, sys
work = sys.argv[1]
data = json.load(open(os.path.join(work, "bench.json")))
med = {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}
ctx = data["context"]
def get(name, key):
    return med[name][key]
print(f"Machine: {ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz; {ctx.get('date')}; "
      f"caches {', '.join(str(c['size']//1024) + ' KiB L' + str(c['level']) for c in ctx.get('caches', []))}")
print()
print("| measure | figure | target | met |")
print("|---|---|---|---|")
rows = []
pop = {n: get(f"BM_PopulationStep/{n}/manual_time", "agent_steps/s") for n in (1000, 10000, 100000, 1000000)}
ref = {n: get(f"BM_StreamReference/{n}", "agent_steps/s") for n in (1000, 10000, 100000, 1000000)}
for n in (1000, 10000, 100000, 1000000):
    frac = pop[n] / ref[n]
    target = "≥ 50% of the bound" if n >= 100000 else "(reported)"
    met = ("yes" if frac >= 0.5 else "no") if n >= 100000 else ""
    print(f"| citizen update, {n:,} citizens | {pop[n]/1e6:.1f} M agent-steps/s = {100*frac:.0f}% of the "
          f"STREAM-style bound ({ref[n]/1e6:.0f} M/s, {get(f'BM_StreamReference/{n}', 'bytes/s')/1e9:.1f} GB/s) | {target} | {met} |")
slow = pop[1000000] / pop[1000]
print(f"| per-agent cost, 10^3 vs 10^6 citizens | 10^3 is {pop[1000]/pop[1000000]:.2f}x the speed of 10^6 "
      f"(10^6 at {slow:.2f}x of 10^3) | 10^3 not slower than 10^6 by > 2x | {'yes' if pop[1000] * 2 >= pop[1000000] else 'no'} |")
print(f"| state-level model alone (108 months) | {get('BM_Replicate/1', 'replicates/s'):,.0f} replicates/s | (reported) | |")
print(f"| one replicate, 10,000 citizens, 108 months | {get('BM_Replicate/10000', 'real_time'):.1f} ms | (reported) | |")
t1 = get("BM_Batch/1/process_time/real_time", "real_time")
t2 = get("BM_Batch/2/process_time/real_time", "real_time")
eff = t1 / t2 / 2
print(f"| the shipped baseline batch (1,000 replicates x 10,000 citizens), 1 / 2 threads | {t1/1000:.2f} s / {t2/1000:.2f} s "
      f"({get('BM_Batch/1/process_time/real_time', 'replicates/s'):.1f} / {get('BM_Batch/2/process_time/real_time', 'replicates/s'):.1f} replicates/s) | | |")
print(f"| parallel efficiency on 2 threads | {100*eff:.0f}% | ≥ 90% | {'yes' if eff >= 0.9 else 'no'} |")
def slope(points):
    xs = [math.log(x) for x, _ in points]; ys = [math.log(y) for _, y in points]
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
cost = lambda c, m, r: get(f"BM_Cost/citizens:{c}/months:{m}/replicates:{r}/real_time", "real_time")
per = [cost(c, 108, 4) * 1e6 / (c * 108 * 4) for c in (1000, 10000, 100000, 1000000)]
print(f"| batch cost per citizen-month (108 months, 4 replicates), 10^3 / 10^4 / 10^5 / 10^6 citizens | "
      f"{' / '.join(f'{x:.2f}' for x in per)} ns | (reported) | |")
for label, pts in [("citizens (10^3 to 10^6, three decades; 108 months, 4 replicates)", [(c, cost(c, 108, 4)) for c in (1000, 10000, 100000, 1000000)]),
                   ("citizens (10^3 to 10^5; 108 months, 4 replicates)", [(c, cost(c, 108, 4)) for c in (1000, 10000, 100000)]),
                   ("citizens (10^4 to 10^6; 108 months, 4 replicates)", [(c, cost(c, 108, 4)) for c in (10000, 100000, 1000000)]),
                   ("months (12 to 1,200; 10^4 citizens, 8 replicates)", [(m, cost(10000, m, 8)) for m in (12, 120, 1200)]),
                   ("replicates (1 to 100; 10^4 citizens, 108 months)", [(r, cost(10000, 108, r)) for r in (1, 10, 100)])]:
    s = slope(pts)
    if "three decades" in label:  # shown beside the two-decade windows, not a target of its own
        print(f"| cost exponent in {label} | {s:.3f} | (reported) | |")
    else:
        print(f"| cost exponent in {label} | {s:.3f} | 1.0 ± 0.1 | {'yes' if abs(s - 1) <= 0.1 else 'no'} |")
wo = "BM_WriteOutputs"
print(f"| aggregation and CSV writing (1,000-replicate batch) | {get(wo, 'rows/s'):,.0f} rows/s ({get(wo, 'real_time'):.0f} ms) | (reported) | |")
py = [l.strip().split(",") for l in open(os.path.join(work, "python.csv")) if l.strip() and not l.startswith("implementation")]
for impl, n, steps, sec, rate in py:
    n = int(n)
    if n in pop:
        print(f"| C++ vs {impl} (Python), {n:,} citizens | {float(rate)/1e6:.2f} M agent-steps/s: C++ is {pop[n]/float(rate):.0f}x faster | (reported) | |")
mem = os.path.join(work, "memory.txt")
if os.path.exists(mem):
    vals = [l.split() for l in open(mem) if l.strip() and l.split()[0].isdigit()]
    for runs, kb, sec in vals:
        print(f"| peak memory, `multivector run` of {int(runs):,} replicates (1,000 citizens) | {int(kb)/1024:.0f} MiB ({float(sec):.0f} s) | independent of replicates | see below |")
PY
