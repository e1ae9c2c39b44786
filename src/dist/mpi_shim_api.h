#pragma once
// The C interface between the MPI backend (dist/mpi_communicator.cc) and libtally_mpi.so, the
// one part of tally that links the MPI library. The backend loads it with dlopen only when a
// run is launched as MPI ranks: loading MPI and its dependencies costs every other run of
// tally (a query, a report) about 2 ms of start-up, most of a small query's time. Plain C
// types only, so that no C++ type crosses the boundary. Every call is on MPI_COMM_WORLD and
// returns an MPI error code (`success` when it worked).
#include <cstdint>

extern "C" {

struct TallyMpiApi {
  int version;  // kTallyMpiApiVersion of the library
  int success;  // MPI_SUCCESS
  int (*initialized)(int* flag);
  int (*finalized)(int* flag);
  // MPI_Init_thread with MPI_THREAD_FUNNELED; *funneled: whether that level was provided.
  int (*init_funneled)(int* argc, char*** argv, int* funneled);
  int (*finalize)();
  int (*rank)(int* rank);
  int (*size)(int* size);
  int (*processor_name)(char* name, int capacity, int* length);
  int (*error_string)(int code, char* text, int capacity, int* length);
  int (*barrier)();
  int (*alltoall_u64)(const uint64_t* send, uint64_t* receive);
  int (*allgather_u64)(const uint64_t* mine, uint64_t* all);
  int (*allreduce_max_u64)(const uint64_t* mine, uint64_t* max);
  int (*alltoallv_bytes)(const char* send, const int* send_counts, const int* send_offsets,
                         char* receive, const int* receive_counts, const int* receive_offsets);
  int (*allgatherv_bytes)(const char* send, int count, char* receive, const int* counts,
                          const int* offsets);
  void (*abort)(int exit_code);
};

// The library's one exported symbol.
const TallyMpiApi* tally_mpi_api();
}

constexpr int kTallyMpiApiVersion = 1;
constexpr const char* kTallyMpiLibrary = "libtally_mpi.so";
