// The benchmark suite (issue: throughput near the machine's limit). One command runs it and
// turns the medians into the table of bench/README.md: bash bench/run.sh
// Directly: ./build/bench/multivector_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "dock/dock.h"
#include "engine/batch.h"
#include "io/streamed_batch.h"
#include "io/writers.h"
#include "model/population.h"
#include "scenario/scenario.h"

using namespace mv;

namespace {
const Scenario& baseline() {
  static const Scenario sc = load_scenario(std::string(MV_SOURCE_DIR) + "/scenarios/baseline.toml");
  return sc;
}

/// The baseline with another population size and horizon (months from 2022-01).
Scenario sized(int64_t citizens, int months = 108) {
  Scenario s = baseline();
  s.run.citizens = citizens;
  s.run.horizon = s.run.start.plus(months - 1);
  return s;
}

// Bytes the citizen update moves per citizen and month: the contacts read and write both
// opinions (16 bytes); the elementwise pass reads six float arrays (the two opinions,
// ethnicity, media diet, hardship base, threshold) and writes two (the opinions): 32 bytes.
// This month's hardship and protest live in registers and are summed there, and the north's
// separatism re-reads its chunk from the L1 cache, not from memory. The reference loop below
// moves exactly these bytes, array by array, with the same reads and writes.
constexpr double kBytesPerCitizen = 16.0 + 32.0;

// The reference's two passes, with a multiply-add per array written and nothing else; compiled
// for the same instruction set as the citizens' kernels (AVX2 or AVX-512 where the processor
// has it).
#define MV_REFERENCE_PASSES(attr, ns)                                                \
  namespace ns {                                                                     \
  attr void contacts(size_t n, float s, float* __restrict o, float* __restrict w) {  \
    for (size_t i = 0; i < n; ++i) {                                                 \
      const float x = o[i], y = w[i];                                                \
      o[i] = x + s * y;                                                              \
      w[i] = y - s * x;                                                              \
    }                                                                                \
  }                                                                                  \
  attr void elementwise(size_t n, float s, float* __restrict o, float* __restrict w, \
                        const float* __restrict media, const float* __restrict eth,  \
                        const float* __restrict hb, const float* __restrict thr) {   \
    for (size_t i = 0; i < n; ++i) {                                                 \
      o[i] = o[i] + s * media[i] + eth[i];                                           \
      w[i] = w[i] + s * hb[i] + thr[i];                                              \
    }                                                                                \
  }                                                                                  \
  }
MV_REFERENCE_PASSES(, reference_baseline)
#if defined(__x86_64__)
MV_REFERENCE_PASSES(__attribute__((target("avx2"))), reference_avx2)
MV_REFERENCE_PASSES(__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"))), reference_avx512)
#endif
#undef MV_REFERENCE_PASSES
}  // namespace

// The citizen population's monthly update alone, at 10^3 to 10^6 citizens: each iteration is
// the default horizon (108 months) from a fresh copy of the same initial population, made
// outside the timing (the months timed by hand): the months a run steps through, from the
// state a run starts in, whatever the number of iterations Google Benchmark chooses (one
// population stepped for hundreds of thousands of months would drift into states no run
// reaches, its opinions long converged).
static void BM_PopulationStep(benchmark::State& state) {
  constexpr int kMonths = 108;
  const ParamValues pv = ParamValues::defaults();
  Rng initial_rng(42);
  const Population initial(pv, static_cast<int>(state.range(0)), initial_rng);
  MechanismSet ms;
  CitizenInputs in;
  in.propaganda = 0.3;
  for (auto _ : state) {
    Population pop = initial;
    Rng rng = initial_rng;
    // Timed by hand around the months alone (PauseTiming would cost more than a month of 10^3).
    const auto start = std::chrono::steady_clock::now();
    for (int month = 0; month < kMonths; ++month) pop.step(in, pv, ms, rng);
    benchmark::DoNotOptimize(pop.aggregates());
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const double agents =
      static_cast<double>(state.range(0)) * kMonths * static_cast<double>(state.iterations());
  state.counters["agent_steps/s"] = benchmark::Counter(agents, benchmark::Counter::kIsRate);
  state.counters["bytes/s"] = benchmark::Counter(agents * kBytesPerCitizen, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PopulationStep)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000)->UseManualTime();

// STREAM-style reference (McCalpin 1995, triad a = b + s c): the same arrays as the citizen
// update, read and written the same way (the contacts pass, then the elementwise pass), with
// the least arithmetic. Its rate is the memory-bound ceiling of the update on this machine, at
// each size.
static void BM_StreamReference(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::vector<float>> a(6, std::vector<float>(n, 0.5f));
  const float s = 0.25f;
  auto contacts = &reference_baseline::contacts;
  auto elementwise = &reference_baseline::elementwise;
#if defined(__x86_64__)
  if (citizen_kernels() == CitizenKernels::avx2) {
    contacts = &reference_avx2::contacts;
    elementwise = &reference_avx2::elementwise;
  } else if (citizen_kernels() == CitizenKernels::avx512) {
    contacts = &reference_avx512::contacts;
    elementwise = &reference_avx512::elementwise;
  }
#endif
  for (auto _ : state) {
    contacts(n, s, a[0].data(), a[1].data());
    elementwise(n, s, a[0].data(), a[1].data(), a[2].data(), a[3].data(), a[4].data(), a[5].data());
    benchmark::ClobberMemory();
  }
  const double agents = static_cast<double>(n) * static_cast<double>(state.iterations());
  state.counters["agent_steps/s"] = benchmark::Counter(agents, benchmark::Counter::kIsRate);
  state.counters["bytes/s"] = benchmark::Counter(agents * kBytesPerCitizen, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamReference)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);

// One complete replicate (108 months) with N citizens: N = 10,000 is the baseline as shipped;
// N = 1 is the state-level model alone (a population of one citizen costs nothing).
static void BM_Replicate(benchmark::State& state) {
  const Scenario sc = sized(state.range(0));
  uint64_t run = 0;
  for (auto _ : state) {
    const uint64_t seed = replicate_seed(1, run++);
    benchmark::DoNotOptimize(run_replicate(sc, sample_parameters(sc, seed), seed));
  }
  state.counters["replicates/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Replicate)->Arg(1)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The whole shipped baseline batch as `multivector run` does it (1,000 replicates of 10,000
// citizens, 108 months, streamed to files in a temporary directory, statistics included) on 1
// and 2 worker threads: parallel efficiency = (time on 1 thread / time on 2) / 2.
static void BM_Batch(benchmark::State& state) {
  const Scenario sc = sized(10000);
  BatchOptions o;
  o.runs = 1000;
  o.seed = 7;
  o.threads = static_cast<int>(state.range(0));
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "multivector-bench-batch";
  for (auto _ : state) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    StreamedBatch out(dir, sc, 0, o.runs, false);
    run_batch(sc, o, out);
    out.finish(nullptr, StreamedBatch::kStreamedBudgetBytes, o.threads);
  }
  std::filesystem::remove_all(dir);
  state.counters["replicates/s"] =
      benchmark::Counter(1000.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// Cost against citizens x months x replicates, one factor at a time over two decades around the
// baseline (10,000 citizens, 108 months), the others fixed (1 thread, so run_batch runs the
// replicates on the calling thread): bench/run.sh fits the log-log slope of each, for citizens
// over 10^3-10^5, 10^4-10^6 and the three decades 10^3-10^6, and reports the cost per
// citizen-month at each size.
static void BM_Cost(benchmark::State& state) {
  const Scenario sc = sized(state.range(0), static_cast<int>(state.range(1)));
  BatchOptions o;
  o.runs = state.range(2);
  o.seed = 3;
  o.threads = 1;
  for (auto _ : state) benchmark::DoNotOptimize(run_batch(sc, o));
  state.counters["citizen_months/s"] =
      benchmark::Counter(static_cast<double>(state.range(0) * state.range(1) * state.range(2)) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Cost)
    ->ArgNames({"citizens", "months", "replicates"})
    ->Args({1000, 108, 4})
    ->Args({10000, 108, 4})
    ->Args({100000, 108, 4})
    ->Args({1000000, 108, 4})
    ->Args({10000, 12, 8})
    ->Args({10000, 120, 8})
    ->Args({10000, 1200, 8})
    ->Args({10000, 108, 1})
    ->Args({10000, 108, 10})
    ->Args({10000, 108, 100})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Aggregation and CSV writing of a 1000-replicate batch (1,000 citizens) as `run` does it:
// runs.csv rows, raw series and outcomes streamed to disk, then summary.csv and timeseries.csv
// computed from the files a column at a time. Rows per second over the three CSV files.
static void BM_WriteOutputs(benchmark::State& state) {
  const Scenario sc = sized(1000);
  BatchOptions o;
  o.runs = 1000;
  o.seed = 7;
  o.threads = 2;
  const BatchResult r = run_batch(sc, o);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "multivector-bench-write";
  const size_t np = kNumParams, ns = static_cast<size_t>(r.steps) * kNumSeries;
  for (auto _ : state) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    StreamedBatch out(dir, sc, 0, r.runs, false);
    for (int64_t i = 0; i < r.runs; ++i)
      out.accept(i, r.seeds[i], std::span<const double>(r.params.data() + i * np, np), r.outcomes[i],
                 std::span<const float>(r.series.data() + i * ns, ns));
    out.finish(nullptr, StreamedBatch::kStreamedBudgetBytes, o.threads);
  }
  std::filesystem::remove_all(dir);
  const double rows = 1000.0 + kNumOutcomes + 108.0 * kNumSeries;
  state.counters["rows/s"] =
      benchmark::Counter(rows * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteOutputs)->Unit(benchmark::kMillisecond);

// `dock epstein --preset mesa`: one whole run of Mesa 3.1.5's example configuration (40 x 40
// torus, densities 0.7 and 0.074, diamond vision 7, legitimacy 0.8, J_max 1,000, 1,000 steps),
// the unit the Python stand-in of Mesa's example (bench/reference/epstein_mesa_style.py --time)
// times too. A fresh replicate seed per iteration, as `dock` runs replicates.
static void BM_DockEpsteinMesa(benchmark::State& state) {
  const dock::EpsteinParams p =
      dock::epstein_params(dock::resolve(*dock::find_submodel("epstein"), {}, "mesa"));
  uint64_t run = 0;
  double agent_steps = 0;
  for (auto _ : state) {
    Rng rng(replicate_seed(1, run++), Stream::kModel);
    const dock::EpsteinResult r = dock::epstein_civil_violence(p, rng);
    benchmark::DoNotOptimize(r.mean_active);
    agent_steps += static_cast<double>(p.width * p.height) * (p.citizen_density + p.cop_density) * p.ticks;
  }
  state.counters["agent_steps/s"] = benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DockEpsteinMesa)->Unit(benchmark::kMillisecond);
