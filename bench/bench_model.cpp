// Throughput of the state-level model and of the batch pipeline.
// Run: ./build/bench/multivector_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "engine/batch.h"
#include "model/population.h"
#include "io/writers.h"
#include "scenario/scenario.h"

using namespace mv;

namespace {
const Scenario& baseline() {
  static const Scenario sc = [] {
    Scenario s = load_scenario(std::string(MV_SOURCE_DIR) + "/scenarios/baseline.toml");
    s.run.citizens = 1000;  // small populations: these benchmarks time the pipeline, not the citizens
    return s;
  }();
  return sc;
}
}  // namespace

// One complete replicate (2022-01 to 2030-12, 108 months) with 1,000 citizens.
static void BM_Replicate(benchmark::State& state) {
  const Scenario& sc = baseline();
  uint64_t run = 0;
  for (auto _ : state) {
    const uint64_t seed = replicate_seed(1, run++);
    benchmark::DoNotOptimize(run_replicate(sc, sample_parameters(sc, seed), seed));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["replicates/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Replicate);

// The citizen population's monthly update alone, at 10^3 to 10^6 citizens.
static void BM_PopulationStep(benchmark::State& state) {
  const ParamValues pv = ParamValues::defaults();
  Rng rng(42);
  Population pop(pv, static_cast<int>(state.range(0)), rng);
  MechanismSet ms;
  CitizenInputs in;
  in.propaganda = 0.3;
  for (auto _ : state) pop.step(in, pv, ms, rng);
  state.counters["agent_steps/s"] =
      benchmark::Counter(static_cast<double>(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PopulationStep)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);

// A whole batch of 1000 replicates on 1 and 2 threads (parallel efficiency = ratio / threads).
static void BM_Batch(benchmark::State& state) {
  const Scenario& sc = baseline();
  BatchOptions o;
  o.runs = 1000;
  o.seed = 7;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(run_batch(sc, o));
  state.counters["replicates/s"] =
      benchmark::Counter(1000.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Aggregation and CSV writing of a 1000-replicate batch.
static void BM_WriteOutputs(benchmark::State& state) {
  const Scenario& sc = baseline();
  BatchOptions o;
  o.runs = 1000;
  o.seed = 7;
  o.threads = 2;
  const BatchResult r = run_batch(sc, o);
  for (auto _ : state) {
    benchmark::DoNotOptimize(runs_csv(r));
    benchmark::DoNotOptimize(summary_csv(r));
    benchmark::DoNotOptimize(timeseries_csv(r, sc));
  }
  const double rows = 1000.0 + kNumOutcomes + 108.0 * kNumSeries;
  state.counters["rows/s"] = benchmark::Counter(rows * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteOutputs)->Unit(benchmark::kMillisecond);
