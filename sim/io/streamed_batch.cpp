#include "io/streamed_batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/batch.h"
#include "io/writers.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

constexpr const char* kScratch = ".outcomes.f64";
constexpr const char* kSeriesScratch = ".series.grouped.f32";

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

StreamedBatch::StreamedBatch(fs::path dir, const Scenario& sc, int64_t first, int64_t runs, bool shard,
                             bool replicate_series, int group)
    : dir_(std::move(dir)),
      sc_(sc),
      label_(scenario_label(sc)),
      first_(first),
      runs_(runs),
      shard_(shard),
      row_(static_cast<size_t>(sc.run.steps()) * kNumSeries) {
  runs_csv_ = std::make_unique<AppendFile>(dir_ / "runs.csv");
  runs_csv_->write(csv_header(runs_csv_columns()));
  if (replicate_series) {
    replicate_series_ = std::make_unique<AppendFile>(dir_ / "replicate_series.csv");
    replicate_series_->write(csv_header(replicate_series_columns(false)));
  }
  if (shard_) {
    series_ = std::make_unique<AppendFile>(dir_ / "series.f32");
    const int64_t head[4] = {runs_, sc_.run.steps(), kNumSeries, first_};
    series_->write(std::string_view("MVSERIES", 8));
    series_->write(std::string_view(reinterpret_cast<const char*>(head), sizeof head));
    group_ = 1;
  } else {
    series_ = std::make_unique<AppendFile>(dir_ / kSeriesScratch);
    group_ = group > 0 ? static_cast<size_t>(group)
                       : std::clamp<size_t>((size_t{1} << 20) / (row_ * sizeof(float)), 1, 256);
    group_buffer_.resize(group_ * row_);
  }
  outcomes_ = std::make_unique<AppendFile>(dir_ / kScratch);
}

StreamedBatch::~StreamedBatch() = default;

void StreamedBatch::accept(int64_t run, uint64_t seed, std::span<const double> params,
                           const Outcomes& outcomes, std::span<const float> series) {
  if (series.size() != row_)
    throw OutputError("streamed batch: replicate " + std::to_string(run) + " has " +
                      std::to_string(series.size()) + " series values, expected " + std::to_string(row_));
  runs_csv_->write(runs_csv_row(run, seed, label_, params, outcomes));
  if (replicate_series_) replicate_series_->write(replicate_series_rows(std::to_string(run) + ",", series, sc_.run.start));
  if (shard_) {
    series_->write(std::string_view(reinterpret_cast<const char*>(series.data()), series.size_bytes()));
  } else {
    // Straight into the group's transposed layout: column c of replicate j at c * group + j.
    for (size_t c = 0; c < row_; ++c) group_buffer_[c * group_ + in_group_] = series[c];
    if (++in_group_ == group_) flush_group();
  }
  outcomes_->write(std::string_view(reinterpret_cast<const char*>(outcomes.data()), sizeof(Outcomes)));
  ++added_;
}

void StreamedBatch::flush_group() {
  // On disk, column c (= step * variables + variable) of the group's b replicates is floats
  // [c b, (c + 1) b) of the group's block. A short last group (b < group) is packed first, in
  // place and forward (each column moves down, never onto one not yet moved).
  const size_t b = in_group_;
  if (b == 0) return;
  if (b < group_)
    for (size_t c = 1; c < row_; ++c)
      std::memmove(group_buffer_.data() + c * b, group_buffer_.data() + c * group_, b * sizeof(float));
  series_->write(
      std::string_view(reinterpret_cast<const char*>(group_buffer_.data()), b * row_ * sizeof(float)));
  in_group_ = 0;
}

void StreamedBatch::finish(const std::atomic<bool>* cancel, size_t budget, int threads) {
  auto check = [&] {
    if (cancel && cancel->load()) throw Interrupted();
  };
  if (!shard_) flush_group();
  runs_csv_->close();
  if (replicate_series_) replicate_series_->close();
  series_->close();
  outcomes_->close();
  if (added_ != runs_)
    throw OutputError("streamed batch: " + std::to_string(added_) + " of " + std::to_string(runs_) +
                      " replicates written");
  const fs::path scratch = dir_ / kScratch, series_file = dir_ / kSeriesScratch;
  if (!shard_) {
    const size_t runs = static_cast<size_t>(runs_);
    {
      // Outcomes: one column at a time, streamed through a fixed buffer of whole rows.
      Fd in(scratch);
      const size_t rows_per_block = std::max<size_t>(1, (size_t{1} << 20) / sizeof(Outcomes));
      std::vector<Outcomes> block(rows_per_block);
      write_text_file(dir_ / "summary.csv", summary_csv(
                                                runs_,
                                                [&](int k, std::vector<double>& values) {
                                                  check();
                                                  for (size_t i = 0; i < runs; i += rows_per_block) {
                                                    const size_t n = std::min(rows_per_block, runs - i);
                                                    read_at(in.fd, block.data(), n * sizeof(Outcomes),
                                                            static_cast<off_t>(i * sizeof(Outcomes)),
                                                            scratch);
                                                    for (size_t j = 0; j < n; ++j)
                                                      values[i + j] = block[j][k];
                                                  }
                                                },
                                                threads));
    }
    {
      // Series: chunks of consecutive columns of every replicate, column after column in
      // memory, each chunk one read per group of replicates.
      Fd in(series_file);
      const size_t chunk =
          std::max<size_t>(1, std::min(row_, budget / std::max<size_t>(1, runs * sizeof(float))));
      std::vector<float> columns, part(chunk * group_);
      size_t c0 = 0, c1 = 0;  // columns held: [c0, c1)
      write_text_file(
          dir_ / "timeseries.csv",
          timeseries_csv(
              runs_, sc_.run.steps(), sc_.run.start,
              [&](int t, int k, std::vector<double>& values) {
                check();
                const size_t c = static_cast<size_t>(t) * kNumSeries + static_cast<size_t>(k);
                if (c < c0 || c >= c1) {
                  c0 = c;
                  c1 = std::min(row_, c + chunk);
                  const size_t width = c1 - c0;
                  columns.resize(width * runs);
                  for (size_t first = 0; first < runs; first += group_) {
                    const size_t b = std::min(group_, runs - first);
                    read_at(in.fd, part.data(), width * b * sizeof(float),
                            static_cast<off_t>((first * row_ + c0 * b) * sizeof(float)), series_file);
                    for (size_t x = 0; x < width; ++x)
                      std::copy_n(part.begin() + static_cast<std::ptrdiff_t>(x * b), b,
                                  columns.begin() + static_cast<std::ptrdiff_t>(x * runs + first));
                  }
                }
                const float* column = columns.data() + (c - c0) * runs;
                for (size_t i = 0; i < runs; ++i) values[i] = column[i];
              },
              threads));
    }
  }
  std::error_code ec;
  fs::remove(scratch, ec);
  if (!shard_) fs::remove(series_file, ec);
}

}  // namespace mv
