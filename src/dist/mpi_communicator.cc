// The MPI backend: one rank per process of MPI_COMM_WORLD. MPI itself is reached through
// libtally_mpi.so (dist/mpi_shim_api.h), loaded here when the first communicator is made, so
// that only runs launched as MPI ranks load MPI. Built only when CMake found MPI
// (TALLY_HAVE_MPI); otherwise asking for it is an error the user can act on.
#include "dist/mpi_communicator.h"

#include <fmt/format.h>

#include <climits>

#include "common/error.h"

#if TALLY_HAVE_MPI

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

#include "dist/mpi_shim_api.h"

namespace tally {
namespace {

// Where libtally_mpi.so may be, in order: $TALLY_MPI_LIBRARY; next to the program (the build
// tree); in lib/tally beside the program's bin directory; next to the library holding this
// code; where it was installed.
std::vector<std::string> MpiLibraryCandidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("TALLY_MPI_LIBRARY"); env && *env) out.push_back(env);
  std::error_code error;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    out.push_back((exe.parent_path() / kTallyMpiLibrary).string());
    out.push_back((exe.parent_path().parent_path() / "lib" / "tally" / kTallyMpiLibrary).string());
#ifdef TALLY_MPI_LIBRARY_LIBDIR
    // An installation moved elsewhere: <prefix>/bin/program and <prefix>/<libdir>/tally.
    out.push_back(
        (exe.parent_path().parent_path() / TALLY_MPI_LIBRARY_LIBDIR / "tally" / kTallyMpiLibrary)
            .string());
#endif
  }
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&MpiLibraryCandidates), &info) && info.dli_fname &&
      std::strchr(info.dli_fname, '/'))
    out.push_back(
        (std::filesystem::path(info.dli_fname).parent_path() / kTallyMpiLibrary).string());
#ifdef TALLY_MPI_LIBRARY_INSTALLED
  out.push_back(TALLY_MPI_LIBRARY_INSTALLED);
#endif
  return out;
}

const TallyMpiApi* LoadMpiLibrary() {
  std::string tried;
  for (const std::string& path : MpiLibraryCandidates()) {
    // RTLD_GLOBAL: MPI's own plug-ins resolve MPI's symbols through the global scope.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!handle) {
      const char* why = dlerror();
      tried += fmt::format("\n  {}: {}", path, why ? why : "not loaded");
      continue;
    }
    auto entry = reinterpret_cast<const TallyMpiApi* (*)()>(dlsym(handle, "tally_mpi_api"));
    const TallyMpiApi* api = entry ? entry() : nullptr;
    if (api && api->version == kTallyMpiApiVersion) return api;
    tried += fmt::format("\n  {}: not tally's MPI library of this version", path);
  }
  ThrowError("cannot load tally's MPI library {} (built with tally where MPI is installed):{}",
             kTallyMpiLibrary, tried);
}

// Loaded once per process, as MPI itself can be initialized only once.
const TallyMpiApi& Mpi() {
  static std::once_flag once;
  static const TallyMpiApi* api = nullptr;
  std::call_once(once, [] { api = LoadMpiLibrary(); });
  return *api;
}

// MPI's default error handler aborts the job on errors; this only matters when a user sets
// MPI_ERRORS_RETURN, where failing loudly beats continuing with a half-done exchange.
void Check(int code, const char* call) {
  if (code == Mpi().success) return;
  char text[512];
  int length = 0;
  Mpi().error_string(code, text, sizeof text, &length);
  ThrowError("{} failed: {}", call, std::string_view(text, static_cast<size_t>(length)));
}

int ToInt(uint64_t bytes) {
  TALLY_ASSERT(bytes <= static_cast<uint64_t>(INT_MAX));
  return static_cast<int>(bytes);
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator(int* argc, char*** argv, const MpiOptions& options)
      : round_bytes_(options.round_bytes) {
    // Each round's packed buffer must be addressable with int displacements.
    TALLY_ASSERT(round_bytes_ >= 1 && round_bytes_ <= static_cast<uint64_t>(INT_MAX));
    const TallyMpiApi& mpi = Mpi();
    int finalized = 0;
    Check(mpi.finalized(&finalized), "MPI_Finalized");
    if (finalized) ThrowError("MPI cannot be started again after it was finalized");
    int initialized = 0;
    Check(mpi.initialized(&initialized), "MPI_Initialized");
    if (!initialized) {
      // FUNNELED: oneTBB worker threads run the plan, but only the thread that initialized MPI
      // makes MPI calls (the collectives sit between parallel phases).
      int funneled = 0;
      Check(mpi.init_funneled(argc, argv, &funneled), "MPI_Init_thread");
      owns_mpi_ = true;
      if (!funneled) {
        mpi.finalize();
        ThrowError("the MPI library does not support threads (MPI_THREAD_FUNNELED)");
      }
    }
    Check(mpi.rank(&rank_), "MPI_Comm_rank");
    Check(mpi.size(&size_), "MPI_Comm_size");
    char name[256];
    int length = 0;
    Check(mpi.processor_name(name, sizeof name, &length), "MPI_Get_processor_name");
    host_.assign(name, static_cast<size_t>(length));
  }

  // MPI_Finalize waits for the other ranks, so a rank that failed must Abort instead of ending
  // here while the others wait in a collective call.
  ~MpiCommunicator() override {
    if (!owns_mpi_ || aborted_) return;
    int finalized = 0;
    Mpi().finalized(&finalized);
    if (!finalized) Mpi().finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  const std::string& host() const override { return host_; }

  void Barrier() override { Check(Mpi().barrier(), "MPI_Barrier"); }

  std::vector<std::string> AllToAll(std::vector<std::string> send) override {
    TALLY_ASSERT(static_cast<int>(send.size()) == size_);
    // The message to this rank never goes through MPI: it is moved across at the end.
    std::vector<uint64_t> send_sizes(size_), receive_sizes(size_);
    for (int peer = 0; peer < size_; ++peer) {
      send_sizes[peer] = peer == rank_ ? 0 : send[peer].size();
    }
    Check(Mpi().alltoall_u64(send_sizes.data(), receive_sizes.data()), "MPI_Alltoall");

    std::vector<std::string> received(size_);
    for (int peer = 0; peer < size_; ++peer) received[peer].resize(receive_sizes[peer]);

    const uint64_t chunk = ChunkBytesPerPeer(round_bytes_, size_);
    uint64_t my_rounds = 0;
    for (uint64_t bytes : send_sizes) my_rounds = std::max(my_rounds, RoundsFor(bytes, chunk));
    // Only the senders know how long their messages are, so the ranks agree on the count.
    uint64_t rounds = 0;
    Check(Mpi().allreduce_max_u64(&my_rounds, &rounds), "MPI_Allreduce");

    std::vector<int> send_counts(size_), send_offsets(size_);
    std::vector<int> receive_counts(size_), receive_offsets(size_);
    std::vector<char> send_buffer, receive_buffer;
    for (uint64_t round = 0; round < rounds; ++round) {
      uint64_t send_total = 0, receive_total = 0;
      for (int peer = 0; peer < size_; ++peer) {
        send_counts[peer] = ToInt(SliceInRound(send_sizes[peer], chunk, round).length);
        send_offsets[peer] = ToInt(send_total);
        send_total += send_counts[peer];
        receive_counts[peer] = ToInt(SliceInRound(receive_sizes[peer], chunk, round).length);
        receive_offsets[peer] = ToInt(receive_total);
        receive_total += receive_counts[peer];
      }
      // At least one byte, so the buffers' data() is never null.
      send_buffer.resize(std::max<uint64_t>(send_total, 1));
      receive_buffer.resize(std::max<uint64_t>(receive_total, 1));
      for (int peer = 0; peer < size_; ++peer) {
        const ByteSlice slice = SliceInRound(send_sizes[peer], chunk, round);
        if (slice.length == 0) continue;
        std::memcpy(send_buffer.data() + send_offsets[peer], send[peer].data() + slice.offset,
                    slice.length);
        // Give a message's memory back as soon as its last slice is packed.
        if (slice.offset + slice.length == send_sizes[peer]) std::string().swap(send[peer]);
      }
      Check(Mpi().alltoallv_bytes(send_buffer.data(), send_counts.data(), send_offsets.data(),
                                  receive_buffer.data(), receive_counts.data(),
                                  receive_offsets.data()),
            "MPI_Alltoallv");
      for (int peer = 0; peer < size_; ++peer) {
        const ByteSlice slice = SliceInRound(receive_sizes[peer], chunk, round);
        if (slice.length == 0) continue;
        std::memcpy(received[peer].data() + slice.offset,
                    receive_buffer.data() + receive_offsets[peer], slice.length);
      }
    }
    for (uint64_t bytes : send_sizes) bytes_sent_ += bytes;
    received[rank_] = std::move(send[rank_]);
    return received;
  }

  std::vector<std::string> AllGather(std::string mine) override {
    const uint64_t my_size = mine.size();
    std::vector<uint64_t> sizes(size_);
    Check(Mpi().allgather_u64(&my_size, sizes.data()), "MPI_Allgather");
    std::vector<std::string> gathered(size_);
    for (int peer = 0; peer < size_; ++peer) {
      if (peer != rank_) gathered[peer].resize(sizes[peer]);
    }

    // Every rank knows every size here, so they reach the same number of rounds by themselves.
    const uint64_t chunk = ChunkBytesPerPeer(round_bytes_, size_);
    uint64_t rounds = 0;
    for (uint64_t bytes : sizes) rounds = std::max(rounds, RoundsFor(bytes, chunk));

    std::vector<int> counts(size_), offsets(size_);
    std::vector<char> receive_buffer;
    for (uint64_t round = 0; round < rounds; ++round) {
      uint64_t total = 0;
      for (int peer = 0; peer < size_; ++peer) {
        counts[peer] = ToInt(SliceInRound(sizes[peer], chunk, round).length);
        offsets[peer] = ToInt(total);
        total += counts[peer];
      }
      receive_buffer.resize(std::max<uint64_t>(total, 1));
      const ByteSlice mine_now = SliceInRound(my_size, chunk, round);
      Check(Mpi().allgatherv_bytes(mine.data() + mine_now.offset, counts[rank_],
                                   receive_buffer.data(), counts.data(), offsets.data()),
            "MPI_Allgatherv");
      for (int peer = 0; peer < size_; ++peer) {
        const ByteSlice slice = SliceInRound(sizes[peer], chunk, round);
        if (peer == rank_ || slice.length == 0) continue;
        std::memcpy(gathered[peer].data() + slice.offset, receive_buffer.data() + offsets[peer],
                    slice.length);
      }
    }
    bytes_sent_ += my_size * static_cast<uint64_t>(size_ - 1);
    gathered[rank_] = std::move(mine);
    return gathered;
  }

  [[noreturn]] void Abort(int exit_code) override {
    aborted_ = true;
    Mpi().abort(exit_code);
    // MPI_Abort does not return; should an implementation do so, still end this rank.
    std::_Exit(exit_code);
  }

 private:
  const uint64_t round_bytes_;
  int rank_ = 0;
  int size_ = 1;
  std::string host_;
  bool owns_mpi_ = false;
  bool aborted_ = false;
};

}  // namespace

bool MpiBuilt() {
  return true;
}

std::unique_ptr<Communicator> MakeMpiCommunicator(int* argc, char*** argv,
                                                  const MpiOptions& options) {
  return std::make_unique<MpiCommunicator>(argc, argv, options);
}

}  // namespace tally

#else  // !TALLY_HAVE_MPI

namespace tally {

bool MpiBuilt() {
  return false;
}

std::unique_ptr<Communicator> MakeMpiCommunicator(int*, char***, const MpiOptions&) {
  throw Error(
      "this build of tally has no MPI support; install an MPI library (e.g. libopenmpi-dev) "
      "and rebuild to run distributed");
}

}  // namespace tally

#endif  // TALLY_HAVE_MPI

namespace tally {

std::unique_ptr<Communicator> MakeMpiCommunicator(int* argc, char*** argv) {
  return MakeMpiCommunicator(argc, argv, MpiOptions{});
}

}  // namespace tally
