#include "engine/cluster.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

#ifdef MV_HAVE_MPI
#include <mpi.h>
#endif

namespace mv::cluster {

namespace {
int g_rank = 0, g_size = 1;
#ifdef MV_HAVE_MPI
bool g_active = false;

/// Set by mpirun / the process manager of OpenMPI, MPICH or Slurm's PMI.
bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
  return false;
}
#endif
}  // namespace

bool built_with_mpi() {
#ifdef MV_HAVE_MPI
  return true;
#else
  return false;
#endif
}

void init(int* argc, char*** argv) {
#ifdef MV_HAVE_MPI
  if (!launched_by_mpirun()) return;
  MPI_Init(argc, argv);
  g_active = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#else
  (void)argc;
  (void)argv;
#endif
}

void finalize() {
#ifdef MV_HAVE_MPI
  if (g_active) MPI_Finalize();
  g_active = false;
#endif
}

int rank() {
  return g_rank;
}
int size() {
  return g_size;
}

std::vector<std::string> gather(const std::string& local) {
  if (g_size == 1) return {local};
#ifdef MV_HAVE_MPI
  // Slices can exceed 2 GiB in total, beyond MPI's int counts: each rank sends its size, then
  // its bytes in chunks of at most 1 GiB, to rank 0 in rank order.
  constexpr uint64_t kChunk = uint64_t{1} << 30;
  std::vector<std::string> out;
  if (g_rank == 0) {
    out.resize(static_cast<size_t>(g_size));
    out[0] = local;
    for (int r = 1; r < g_size; ++r) {
      uint64_t n = 0;
      MPI_Recv(&n, 1, MPI_UINT64_T, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      out[static_cast<size_t>(r)].resize(n);
      for (uint64_t off = 0; off < n; off += kChunk)
        MPI_Recv(out[static_cast<size_t>(r)].data() + off, static_cast<int>(std::min(kChunk, n - off)),
                 MPI_CHAR, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
  } else {
    const uint64_t n = local.size();
    MPI_Send(&n, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD);
    for (uint64_t off = 0; off < n; off += kChunk)
      MPI_Send(local.data() + off, static_cast<int>(std::min(kChunk, n - off)), MPI_CHAR, 0, 1,
               MPI_COMM_WORLD);
  }
  return out;
#else
  return {local};
#endif
}

void stream_files_to_root(const std::string& path, const std::function<void(const char*, size_t)>& sink) {
  if (g_size == 1) return;
#ifdef MV_HAVE_MPI
  // Each chunk is preceded by its length; a length of 0 ends a rank's file, -1 reports that
  // the rank could not read it.
  constexpr int64_t kChunk = int64_t{1} << 20;
  std::vector<char> buf(static_cast<size_t>(kChunk));
  if (g_rank == 0) {
    for (int r = 1; r < g_size; ++r)
      for (;;) {
        int64_t n = 0;
        MPI_Recv(&n, 1, MPI_INT64_T, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (n == 0) break;
        if (n < 0)
          throw Error("rank " + std::to_string(r) + " could not read its slice of the results",
                      kExitInternal);
        MPI_Recv(buf.data(), static_cast<int>(n), MPI_CHAR, r, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        sink(buf.data(), static_cast<size_t>(n));
      }
  } else {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    int64_t n = f ? 1 : -1;
    while (f && (n = static_cast<int64_t>(std::fread(buf.data(), 1, buf.size(), f))) > 0) {
      MPI_Send(&n, 1, MPI_INT64_T, 0, 2, MPI_COMM_WORLD);
      MPI_Send(buf.data(), static_cast<int>(n), MPI_CHAR, 0, 3, MPI_COMM_WORLD);
    }
    if (f && std::ferror(f)) n = -1;
    if (f) std::fclose(f);
    MPI_Send(&n, 1, MPI_INT64_T, 0, 2, MPI_COMM_WORLD);
  }
#else
  (void)path;
  (void)sink;
#endif
}

std::vector<std::string> all_gather(const std::string& local) {
  if (g_size == 1) return {local};
#ifdef MV_HAVE_MPI
  // Small messages (a calibration generation's distances): sizes first, then the bytes.
  const auto n = static_cast<int>(local.size());
  std::vector<int> sizes(static_cast<size_t>(g_size)), offsets(static_cast<size_t>(g_size));
  MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (int r = 0; r < g_size; ++r) {
    offsets[static_cast<size_t>(r)] = total;
    total += sizes[static_cast<size_t>(r)];
  }
  std::string all(static_cast<size_t>(total), '\0');
  MPI_Allgatherv(local.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; r < g_size; ++r)
    out.push_back(all.substr(static_cast<size_t>(offsets[static_cast<size_t>(r)]),
                             static_cast<size_t>(sizes[static_cast<size_t>(r)])));
  return out;
#else
  return {local};
#endif
}

int max_all(int value) {
#ifdef MV_HAVE_MPI
  if (g_active) {
    int out = value;
    MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
  }
#endif
  return value;
}

void abort(int exit_code) {
#ifdef MV_HAVE_MPI
  if (g_active) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
  std::exit(exit_code);
}

}  // namespace mv::cluster
