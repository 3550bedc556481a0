#pragma once
// Runs that span processes (MPI). Built with OpenMPI when it is found (-DMV_MPI=ON, the
// default when libopenmpi-dev is installed); MPI is started only when the process was launched
// by mpirun, so a plain `multivector run` never touches MPI. Each rank takes a contiguous slice
// of the replicates or design points; rank 0 gathers the slices in rank order (= index order)
// and writes exactly the bytes a single process writes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mv::cluster {

/// Starts MPI if launched by mpirun and built with MPI. Call once, first thing in main.
void init(int* argc, char*** argv);
/// Ends MPI if it was started.
void finalize();
/// True if this build can use MPI.
bool built_with_mpi();
int rank();  // 0 without MPI
int size();  // 1 without MPI
/// Rank 0 gets every rank's bytes in rank order; the other ranks get an empty vector.
std::vector<std::string> gather(const std::string& local);
/// Every rank gets every rank's bytes in rank order (messages under 2 GiB in all).
std::vector<std::string> all_gather(const std::string& local);
/// Rank 0 receives the bytes of file `path` of every other rank, in rank order, through `sink`
/// in chunks of at most 1 MiB (memory stays bounded whatever the files' size). Every rank calls
/// it; rank 0's own file is not read. @throws Error if a rank cannot read its file.
void stream_files_to_root(const std::string& path, const std::function<void(const char*, size_t)>& sink);
/// Every rank gets the largest `value` passed by any rank (status agreement before a gather).
int max_all(int value);
/// Ends every rank at once (after an error one rank cannot report to the others).
[[noreturn]] void abort(int exit_code);

/// The half-open slice [begin, end) of n items that part `index` of `count` takes.
struct Slice {
  int64_t begin, end;
};
constexpr Slice slice_of(int64_t n, int64_t index, int64_t count) {
  return {n * index / count, n * (index + 1) / count};
}

}  // namespace mv::cluster
