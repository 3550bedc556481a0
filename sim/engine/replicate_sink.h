#pragma once
// Where the engine puts each finished replicate. The engine's one loop (run_sweep_points:
// workers pull replicates from one counter, finished ones are delivered in order on the calling
// thread) hands a batch's replicates to a sink one at a time, in replicate order, so a sink
// need not sort them and may write them out at once: memory then does not grow with the
// number of replicates. The batch in memory (engine/batch.h: BatchCollector), the streamed
// output directory and a shard's files (io/streamed_batch.h: StreamedBatch) are sinks; a new
// output format is one more. One virtual call per replicate, never per citizen or month.
#include <cstdint>
#include <span>

#include "model/model.h"

namespace mv {

class ReplicateSink {
 public:
  virtual ~ReplicateSink() = default;
  /// Replicate `index` of the batch (first, first + 1, ..., in this order): its seed, the
  /// values of every parameter (kNumParams, in table order), its outcomes and its
  /// monthly series (steps x kNumSeries, row-major by step). @throws whatever the sink's
  /// output throws; the engine then stops and rethrows it.
  virtual void accept(int64_t index, uint64_t seed, std::span<const double> params, const Outcomes& outcomes,
                      std::span<const float> series) = 0;
};

}  // namespace mv
