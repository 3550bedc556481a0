#include "engine/batch.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace mv {

std::vector<Param> sampled_parameters(const Scenario& sc) {
  std::vector<Param> out;
  for (int i = 0; i < kNumParams; ++i)
    if (!sc.params[i].dist.is_fixed()) out.push_back(static_cast<Param>(i));
  return out;
}

namespace {

/// One reading of every parameter from one uniform each, in table order. Parameters that take a
/// posterior share the particle the first of them picks, so the sample's correlations hold.
template <typename DistributionOf>
ParamValues sample_reading(uint64_t replicate_seed, DistributionOf&& dist_of) {
  Rng rng(replicate_seed, Stream::kParameters);
  ParamValues pv;
  const ParticleSample* picked_from = nullptr;
  size_t particle = 0;
  // One draw per parameter, fixed or not, so a parameter's draw does not depend on which
  // other parameters a scenario happens to vary.
  for (int i = 0; i < kNumParams; ++i) {
    const Distribution& d = dist_of(i);
    const double u = rng.uniform();
    if (d.kind == Distribution::Kind::posterior) {
      if (d.particles.get() != picked_from) {
        picked_from = d.particles.get();
        particle = d.particles->pick(u);
      }
      pv.v[i] = d.particles->values[static_cast<size_t>(d.column)][particle];
    } else {
      pv.v[i] = d.quantile(u);
    }
  }
  return pv;
}

}  // namespace

ParamValues sample_parameters(const Scenario& sc, uint64_t replicate_seed) {
  return sample_reading(replicate_seed, [&](int i) -> const Distribution& { return sc.params[i].dist; });
}

ParamValues sample_calibration(const Scenario& sc, uint64_t replicate_seed) {
  return sample_reading(replicate_seed, [&](int i) -> const Distribution& { return sc.calibration[i]; });
}

Outcomes run_replicate(const Scenario& sc, const ParamValues& params, uint64_t replicate_seed,
                       std::span<float> series) {
  return run_replicate(sc, params, sample_calibration(sc, replicate_seed), replicate_seed, series);
}

Outcomes run_replicate(const Scenario& sc, const ParamValues& params, const ParamValues& calibration,
                       uint64_t replicate_seed, std::span<float> series) {
  Model model(params, sc.mechanisms, sc.events, sc.run.steps(), replicate_seed,
              static_cast<int>(sc.run.citizens), &calibration);
  std::array<double, kNumSeries> row;
  while (!model.finished()) {
    const int t = model.state().month;
    model.step();
    if (!series.empty()) {
      model.record(row);
      for (int k = 0; k < kNumSeries; ++k)
        series[static_cast<size_t>(t) * kNumSeries + k] = static_cast<float>(row[k]);
    }
  }
  return model.outcomes();
}

void keep_freed_memory_for_replicates() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    // Blocks up to 32 MiB (a population array of 8 million citizens; the largest threshold
    // every glibc accepts) come from the heap rather than a fresh mapping each time, and the
    // heap is trimmed only when 64 MiB at its top are free. If the first setting is refused,
    // the second is not made (it would switch off glibc's own adaptive threshold).
    if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1) mallopt(M_TRIM_THRESHOLD, 64 << 20);
  });
#endif
}

BatchResult run_batch(const Scenario& sc, const BatchOptions& opt) {
  keep_freed_memory_for_replicates();
  BatchResult r;
  r.runs = opt.runs;
  r.first = opt.first;
  r.steps = sc.run.steps();
  r.sampled = sampled_parameters(sc);
  const size_t n = static_cast<size_t>(opt.runs);
  r.seeds.resize(n);
  r.params.resize(n * r.sampled.size());
  r.outcomes.resize(n);
  r.series.resize(n * r.steps * kNumSeries);

  std::atomic<int64_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    try {
      for (;;) {
        if (failed.load(std::memory_order_relaxed)) return;
        if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) return;
        const int64_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= opt.runs) return;
        const uint64_t seed = replicate_seed(opt.seed, static_cast<uint64_t>(opt.first + i));
        const ParamValues pv = sample_parameters(sc, seed);
        r.seeds[i] = seed;
        for (size_t k = 0; k < r.sampled.size(); ++k) r.params[i * r.sampled.size() + k] = pv[r.sampled[k]];
        std::span<float> series(r.series.data() + static_cast<size_t>(i) * r.steps * kNumSeries,
                                static_cast<size_t>(r.steps) * kNumSeries);
        r.outcomes[i] = run_replicate(sc, pv, seed, series);
        done.fetch_add(1, std::memory_order_relaxed);
      }
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  const int threads =
      std::max(1, std::min<int>(opt.threads, static_cast<int>(std::max<int64_t>(1, opt.runs))));
  // One thread without progress reports: the calling thread runs the replicates itself (a
  // worker thread would cost a start-up and a fresh malloc arena, whose pages fault in anew,
  // on every call: about 0.1 ms, as much as a replicate of 10^4 citizens over 12 months).
  std::vector<std::thread> pool;
  if (threads == 1 && !opt.progress) {
    worker();
  } else {
    pool.reserve(threads);
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  if (opt.progress) {
    while (done.load() < opt.runs && !failed.load() && !(opt.cancel && opt.cancel->load())) {
      opt.progress(done.load());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (opt.cancel && opt.cancel->load()) throw Interrupted();
  if (opt.progress) opt.progress(done.load());
  return r;
}

}  // namespace mv
