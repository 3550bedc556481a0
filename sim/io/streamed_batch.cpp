#include "io/streamed_batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/batch.h"
#include "engine/sweep_runner.h"
#include "io/writers.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

constexpr const char* kScratch = ".outcomes.f64";

/// Reads exactly `bytes` at `offset`. @throws OutputError
void read_at(int fd, void* buf, size_t bytes, off_t offset, const fs::path& file) {
  auto* p = static_cast<char*>(buf);
  while (bytes > 0) {
    const ssize_t got = ::pread(fd, p, bytes, offset);
    if (got <= 0)
      throw OutputError("cannot read back '" + file.string() +
                        "': " + (got < 0 ? std::strerror(errno) : "file too short"));
    p += got;
    bytes -= static_cast<size_t>(got);
    offset += got;
  }
}

struct Fd {
  int fd;
  explicit Fd(const fs::path& p) : fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd < 0) throw OutputError("cannot read back '" + p.string() + "': " + std::strerror(errno));
  }
  ~Fd() { ::close(fd); }
};

}  // namespace

StreamedBatch::StreamedBatch(fs::path dir, const Scenario& sc, std::vector<Param> sampled, int64_t first,
                             int64_t runs)
    : dir_(std::move(dir)), sc_(sc), sampled_(std::move(sampled)), first_(first), runs_(runs) {
  runs_csv_ = std::make_unique<AppendFile>(dir_ / "runs.csv");
  runs_csv_->write(runs_csv_header(sampled_));
  series_ = std::make_unique<AppendFile>(dir_ / "series.f32");
  const int64_t head[4] = {runs_, sc_.run.steps(), kNumSeries, first_};
  series_->write(std::string_view("MVSERIES", 8));
  series_->write(std::string_view(reinterpret_cast<const char*>(head), sizeof head));
  outcomes_ = std::make_unique<AppendFile>(dir_ / kScratch);
}

StreamedBatch::~StreamedBatch() = default;

void StreamedBatch::add(int64_t run, uint64_t seed, std::span<const double> params, const Outcomes& outcomes,
                        std::span<const float> series) {
  runs_csv_->write(runs_csv_row(run, seed, params, outcomes));
  series_->write(std::string_view(reinterpret_cast<const char*>(series.data()), series.size_bytes()));
  outcomes_->write(std::string_view(reinterpret_cast<const char*>(outcomes.data()), sizeof(Outcomes)));
  ++added_;
}

void StreamedBatch::finish(bool shard, const std::atomic<bool>* cancel, size_t budget) {
  auto check = [&] {
    if (cancel && cancel->load()) throw Interrupted();
  };
  runs_csv_->close();
  series_->close();
  outcomes_->close();
  if (added_ != runs_)
    throw OutputError("streamed batch: " + std::to_string(added_) + " of " + std::to_string(runs_) +
                      " replicates written");
  const fs::path scratch = dir_ / kScratch, series_file = dir_ / "series.f32";
  if (!shard) {
    const size_t runs = static_cast<size_t>(runs_);
    {
      // Outcomes: one column at a time, streamed through a fixed buffer of whole rows.
      Fd in(scratch);
      const size_t rows_per_block = std::max<size_t>(1, (size_t{1} << 20) / sizeof(Outcomes));
      std::vector<Outcomes> block(rows_per_block);
      write_text_file(dir_ / "summary.csv", summary_csv(runs_, [&](int k, std::vector<double>& values) {
                        check();
                        for (size_t i = 0; i < runs; i += rows_per_block) {
                          const size_t n = std::min(rows_per_block, runs - i);
                          read_at(in.fd, block.data(), n * sizeof(Outcomes),
                                  static_cast<off_t>(i * sizeof(Outcomes)), scratch);
                          for (size_t j = 0; j < n; ++j) values[i + j] = block[j][k];
                        }
                      }));
    }
    {
      // Series: chunks of consecutive steps, every replicate's slice of them read at its offset.
      Fd in(series_file);
      const size_t steps = static_cast<size_t>(sc_.run.steps()), row = steps * kNumSeries;
      const size_t per_step = runs * kNumSeries * sizeof(float);
      const size_t chunk = std::max<size_t>(1, std::min(steps, budget / std::max<size_t>(1, per_step)));
      std::vector<float> buf;
      size_t t0 = 0, t1 = 0;  // steps held in buf: [t0, t1)
      write_text_file(
          dir_ / "timeseries.csv",
          timeseries_csv(
              runs_, sc_.run.steps(), sc_.run.start, [&](int t, int k, std::vector<double>& values) {
                check();
                const size_t ts = static_cast<size_t>(t);
                if (ts < t0 || ts >= t1) {
                  t0 = ts;
                  t1 = std::min(steps, ts + chunk);
                  const size_t width = (t1 - t0) * kNumSeries;
                  buf.resize(runs * width);
                  for (size_t i = 0; i < runs; ++i)
                    read_at(
                        in.fd, buf.data() + i * width, width * sizeof(float),
                        static_cast<off_t>(kSeriesHeaderBytes + (i * row + t0 * kNumSeries) * sizeof(float)),
                        series_file);
                }
                const size_t width = (t1 - t0) * kNumSeries,
                             col = (ts - t0) * kNumSeries + static_cast<size_t>(k);
                for (size_t i = 0; i < runs; ++i) values[i] = buf[i * width + col];
              }));
    }
  }
  std::error_code ec;
  fs::remove(scratch, ec);
  if (!shard) fs::remove(series_file, ec);
}

void stream_batch(const Scenario& sc, const BatchOptions& options, StreamedBatch& out) {
  // The batch as a plan of one-replicate points without factors: replicate i gets seed
  // replicate_seed(seed, i) and its parameters from its own stream, as in run_batch.
  const design::Matrix no_factors(options.first + options.runs, 0);
  SweepPlan plan = make_sweep_plan(sc, {}, no_factors, 1, options.seed, false);
  plan.record_series = true;
  SweepRunOptions ro;
  ro.first_point = options.first;
  ro.end_point = options.first + options.runs;
  ro.threads = options.threads;
  ro.cancel = options.cancel;
  ro.progress = options.progress;
  run_sweep_points(plan, ro, [&](const PointResult& p) {
    out.add(p.point, p.seeds[0], p.params, p.outcomes[0], p.series);
  });
}

}  // namespace mv
