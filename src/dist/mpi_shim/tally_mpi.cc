// libtally_mpi.so: MPI's C API behind the plain interface of dist/mpi_shim_api.h, loaded by
// the MPI backend only for runs launched as MPI ranks.
// mpi.h would otherwise pull in the deprecated MPI C++ bindings (and their library) when compiled
// as C++; tally uses only the C API.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>

#include "dist/mpi_shim_api.h"

namespace {

int Initialized(int* flag) {
  return MPI_Initialized(flag);
}
int Finalized(int* flag) {
  return MPI_Finalized(flag);
}
int InitFunneled(int* argc, char*** argv, int* funneled) {
  int provided = 0;
  int code = MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  *funneled = provided >= MPI_THREAD_FUNNELED;
  return code;
}
int Finalize() {
  return MPI_Finalize();
}
int Rank(int* rank) {
  return MPI_Comm_rank(MPI_COMM_WORLD, rank);
}
int Size(int* size) {
  return MPI_Comm_size(MPI_COMM_WORLD, size);
}
int ProcessorName(char* name, int capacity, int* length) {
  char buffer[MPI_MAX_PROCESSOR_NAME];
  int code = MPI_Get_processor_name(buffer, length);
  *length = std::min(*length, capacity);
  std::copy(buffer, buffer + *length, name);
  return code;
}
int ErrorString(int error, char* text, int capacity, int* length) {
  char buffer[MPI_MAX_ERROR_STRING];
  int code = MPI_Error_string(error, buffer, length);
  *length = std::min(*length, capacity);
  std::copy(buffer, buffer + *length, text);
  return code;
}
int Barrier() {
  return MPI_Barrier(MPI_COMM_WORLD);
}
int AllToAllU64(const uint64_t* send, uint64_t* receive) {
  return MPI_Alltoall(send, 1, MPI_UINT64_T, receive, 1, MPI_UINT64_T, MPI_COMM_WORLD);
}
int AllGatherU64(const uint64_t* mine, uint64_t* all) {
  return MPI_Allgather(mine, 1, MPI_UINT64_T, all, 1, MPI_UINT64_T, MPI_COMM_WORLD);
}
int AllReduceMaxU64(const uint64_t* mine, uint64_t* max) {
  return MPI_Allreduce(mine, max, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
}
int AllToAllVBytes(const char* send, const int* send_counts, const int* send_offsets, char* receive,
                   const int* receive_counts, const int* receive_offsets) {
  return MPI_Alltoallv(send, send_counts, send_offsets, MPI_BYTE, receive, receive_counts,
                       receive_offsets, MPI_BYTE, MPI_COMM_WORLD);
}
int AllGatherVBytes(const char* send, int count, char* receive, const int* counts,
                    const int* offsets) {
  return MPI_Allgatherv(send, count, MPI_BYTE, receive, counts, offsets, MPI_BYTE, MPI_COMM_WORLD);
}
void Abort(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
}

const TallyMpiApi kApi = {
    kTallyMpiApiVersion,
    MPI_SUCCESS,
    Initialized,
    Finalized,
    InitFunneled,
    Finalize,
    Rank,
    Size,
    ProcessorName,
    ErrorString,
    Barrier,
    AllToAllU64,
    AllGatherU64,
    AllReduceMaxU64,
    AllToAllVBytes,
    AllGatherVBytes,
    Abort,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const TallyMpiApi* tally_mpi_api() {
  return &kApi;
}
