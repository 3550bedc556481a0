#include "engine/batch.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <mutex>

#include "engine/sweep_runner.h"

namespace mv {

std::vector<Param> sampled_parameters(const Scenario& sc) {
  std::vector<Param> out;
  for (int i = 0; i < kNumParams; ++i)
    if (!sc.params[i].dist.is_fixed()) out.push_back(static_cast<Param>(i));
  return out;
}

ScenarioLabel scenario_label(const Scenario& sc) {
  ScenarioLabel l;
  l.scenario = sc.base_name;
  if (!sc.lenses.empty()) {
    l.lens.clear();
    for (const auto& lens : sc.lenses) l.lens += (l.lens.empty() ? "" : "+") + lens;
  }
  return l;
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

BatchCollector::BatchCollector(const Scenario& sc, int64_t first, int64_t runs) {
  r_.runs = runs;
  r_.first = first;
  r_.steps = sc.run.steps();
  r_.sampled = sampled_parameters(sc);
  r_.label = scenario_label(sc);
  const size_t n = static_cast<size_t>(runs);
  r_.seeds.resize(n);
  r_.params.resize(n * kNumParams);
  r_.outcomes.resize(n);
  r_.series.resize(n * static_cast<size_t>(r_.steps) * kNumSeries);
}

void BatchCollector::accept(int64_t index, uint64_t seed, std::span<const double> params,
                            const Outcomes& outcomes, std::span<const float> series) {
  const size_t i = static_cast<size_t>(index - r_.first), row = static_cast<size_t>(r_.steps) * kNumSeries;
  r_.seeds[i] = seed;
  std::copy(params.begin(), params.end(),
            r_.params.begin() + static_cast<std::ptrdiff_t>(i * kNumParams));
  r_.outcomes[i] = outcomes;
  std::copy(series.begin(), series.end(), r_.series.begin() + static_cast<std::ptrdiff_t>(i * row));
}

void run_batch(const Scenario& sc, const BatchOptions& opt, ReplicateSink& sink) {
  // The batch as a plan of one-replicate points without factors: replicate i gets seed
  // replicate_seed(seed, i) and its parameters from its own stream.
  const design::Matrix no_factors(opt.first + opt.runs, 0);
  SweepPlan plan = make_sweep_plan(sc, {}, no_factors, 1, opt.seed, false);
  plan.record_series = true;
  SweepRunOptions ro;
  ro.first_point = opt.first;
  ro.end_point = opt.first + opt.runs;
  ro.threads = opt.threads;
  ro.cancel = opt.cancel;
  ro.progress = opt.progress;
  run_sweep_points(plan, ro, [&](const PointResult& p) {
    sink.accept(p.point, p.seeds[0], p.params, p.outcomes[0], p.series);
  });
}

BatchResult run_batch(const Scenario& sc, const BatchOptions& opt) {
  BatchCollector collector(sc, opt.first, opt.runs);
  run_batch(sc, opt, collector);
  if (opt.cancel && opt.cancel->load()) throw Interrupted();
  return collector.take();
}

}  // namespace mv
