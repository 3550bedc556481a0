#include "engine/sweep_runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/batch.h"

namespace mv {

uint64_t SweepPlan::replicate_seed_of(int64_t point, int64_t r) const {
  const uint64_t index =
      common_random_numbers
          ? static_cast<uint64_t>(r)
          : static_cast<uint64_t>(point) * static_cast<uint64_t>(replicates) + static_cast<uint64_t>(r);
  return replicate_seed(seed, index);
}

SweepPlan make_sweep_plan(const Scenario& sc, std::vector<Param> factors, const design::Matrix& values,
                          int64_t replicates, uint64_t seed, bool common_random_numbers) {
  SweepPlan plan;
  plan.scenario = &sc;
  plan.factors = std::move(factors);
  plan.values = &values;
  plan.replicates = replicates;
  plan.seed = seed;
  plan.common_random_numbers = common_random_numbers;
  return plan;
}

int64_t sweep_window(int threads, int64_t replicates) {
  return 2 + (4 * static_cast<int64_t>(threads) + replicates - 1) / replicates;
}

namespace {
struct InFlight {
  PointResult result;
  int64_t done = 0;
};
}  // namespace

void run_sweep_points(const SweepPlan& plan, const SweepRunOptions& opt,
                      const std::function<void(const PointResult&)>& sink) {
  keep_freed_memory_for_replicates();
  const int64_t R = plan.replicates;
  const int64_t first_g = opt.first_point * R, end_g = opt.end_point * R;
  const int threads =
      std::max(1, std::min<int>(opt.threads, static_cast<int>(std::max<int64_t>(1, end_g - first_g))));
  // Workers may run at most this many points ahead of the next point to be delivered, which
  // bounds memory whatever the sweep's size: enough points for every thread to have work
  // (about four replicates each), and never fewer than three.
  const int64_t window = sweep_window(threads, R);
  constexpr size_t np = kNumParams;
  const size_t series_size = static_cast<size_t>(plan.scenario->run.steps()) * kNumSeries;

  auto fresh_point = [&](int64_t point) {
    auto p = std::make_unique<InFlight>();
    p->result.point = point;
    p->result.seeds.resize(R);
    p->result.params.resize(static_cast<size_t>(R) * np);
    p->result.outcomes.resize(R);
    if (plan.record_series) p->result.series.resize(static_cast<size_t>(R) * series_size);
    return p;
  };
  // Replicate r of `point` into its slots of `out`.
  auto run_one = [&](int64_t point, int64_t r, PointResult& out) {
    const uint64_t seed = plan.replicate_seed_of(point, r);
    ParamValues pv = sample_parameters(*plan.scenario, seed);
    for (size_t j = 0; j < plan.factors.size(); ++j)
      pv.v[static_cast<int>(plan.factors[j])] = (*plan.values)(point, static_cast<Eigen::Index>(j));
    out.seeds[r] = seed;
    std::copy(pv.v.begin(), pv.v.end(), out.params.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * np));
    out.outcomes[r] =
        plan.record_series
            ? run_replicate(
                  *plan.scenario, pv, seed,
                  std::span<float>(out.series.data() + static_cast<size_t>(r) * series_size, series_size))
            : run_replicate(*plan.scenario, pv, seed);
  };

  // One thread without progress reports: the calling thread runs the replicates itself (a
  // worker thread would cost a start-up and a fresh malloc arena, whose pages fault in anew,
  // on every call: about 0.1 ms, as much as a replicate of 10^4 citizens over 12 months).
  if (threads == 1 && !opt.progress) {
    for (int64_t point = opt.first_point; point < opt.end_point; ++point) {
      const auto p = fresh_point(point);
      for (int64_t r = 0; r < R; ++r) {
        if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) throw Interrupted();
        run_one(point, r, p->result);
      }
      sink(p->result);
    }
    return;
  }

  std::mutex mu;
  std::condition_variable ready, room;
  std::map<int64_t, std::unique_ptr<InFlight>> inflight;
  int64_t next_delivery = opt.first_point;  // guarded by mu
  std::atomic<int64_t> next{first_g}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  auto stop = [&] {
    return failed.load(std::memory_order_relaxed) ||
           (opt.cancel && opt.cancel->load(std::memory_order_relaxed));
  };

  auto worker = [&] {
    try {
      for (;;) {
        if (stop()) return;
        const int64_t g = next.fetch_add(1, std::memory_order_relaxed);
        if (g >= end_g) return;
        const int64_t point = g / R, r = g % R;
        InFlight* slot;
        {
          std::unique_lock lock(mu);
          room.wait(lock, [&] { return point < next_delivery + window || stop(); });
          if (stop()) return;
          auto& p = inflight[point];
          if (!p) p = fresh_point(point);
          slot = p.get();
        }
        run_one(point, r, slot->result);
        done.fetch_add(1, std::memory_order_relaxed);
        {
          std::lock_guard lock(mu);
          if (++slot->done == R) ready.notify_all();
        }
      }
    } catch (...) {
      std::lock_guard lock(mu);
      if (!error) error = std::current_exception();
      failed = true;
      ready.notify_all();
      room.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  auto last_progress = std::chrono::steady_clock::now();
  try {
    for (;;) {
      std::unique_ptr<InFlight> item;
      {
        std::unique_lock lock(mu);
        if (next_delivery >= opt.end_point || failed.load()) break;
        // On cancellation, points already complete in order are still delivered (they are
        // finished work); the first one still running ends the delivery.
        const bool cancelled = opt.cancel && opt.cancel->load(std::memory_order_relaxed);
        if (!cancelled)
          ready.wait_for(lock, std::chrono::milliseconds(200), [&] {
            auto it = inflight.find(next_delivery);
            return (it != inflight.end() && it->second->done == R) || stop();
          });
        auto it = inflight.find(next_delivery);
        if (it != inflight.end() && it->second->done == R) {
          item = std::move(it->second);
          inflight.erase(it);
          ++next_delivery;
          room.notify_all();
        } else if (cancelled || failed.load()) {
          break;
        }
      }
      if (item) sink(item->result);  // outside the lock: workers go on while the sink writes
      if (opt.progress && std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(200)) {
        opt.progress(done.load());
        last_progress = std::chrono::steady_clock::now();
      }
    }
  } catch (...) {
    std::lock_guard lock(mu);
    if (!error) error = std::current_exception();
    failed = true;
    room.notify_all();
  }
  {
    std::lock_guard lock(mu);
    room.notify_all();
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (opt.progress) opt.progress(done.load());
  if (next_delivery < opt.end_point) throw Interrupted();
}

}  // namespace mv
