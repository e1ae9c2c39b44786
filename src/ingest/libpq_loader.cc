#include "ingest/libpq_loader.h"

#include <dlfcn.h>

#include <mutex>

#include "common/error.h"

namespace tally {
namespace {

template <typename Fn>
void Find(void* library, const char* name, Fn* out) {
  void* symbol = dlsym(library, name);
  if (!symbol) ThrowError("the PostgreSQL client library has no {}: {}", name, dlerror());
  *out = reinterpret_cast<Fn>(symbol);
}

Libpq Load() {
  void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!library)
    ThrowError(
        "reading from PostgreSQL needs its client library libpq.so.5 (Debian package "
        "libpq5): {}",
        dlerror());
  Libpq pq{};
  Find(library, "PQconnectdb", &pq.connectdb);
  Find(library, "PQstatus", &pq.status);
  Find(library, "PQerrorMessage", &pq.errorMessage);
  Find(library, "PQfinish", &pq.finish);
  Find(library, "PQexec", &pq.exec);
  Find(library, "PQexecParams", &pq.execParams);
  Find(library, "PQprepare", &pq.prepare);
  Find(library, "PQdescribePrepared", &pq.describePrepared);
  Find(library, "PQresultStatus", &pq.resultStatus);
  Find(library, "PQresultErrorMessage", &pq.resultErrorMessage);
  Find(library, "PQresultErrorField", &pq.resultErrorField);
  Find(library, "PQnfields", &pq.nfields);
  Find(library, "PQfname", &pq.fname);
  Find(library, "PQftype", &pq.ftype);
  Find(library, "PQfmod", &pq.fmod);
  Find(library, "PQgetCopyData", &pq.getCopyData);
  Find(library, "PQgetResult", &pq.getResult);
  Find(library, "PQfreemem", &pq.freemem);
  Find(library, "PQclear", &pq.clear);
  return pq;  // the library stays loaded for the process's life
}

}  // namespace

const Libpq& LoadLibpq() {
  static std::once_flag once;
  static Libpq pq;
  std::call_once(once, [] { pq = Load(); });
  return pq;
}

}  // namespace tally
