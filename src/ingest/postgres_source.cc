#include "ingest/postgres_source.h"

#include <memory>
#include <vector>

#include "common/error.h"
#include "ingest/libpq_loader.h"
#include "ingest/pg_dump_source.h"
#include "ingest/pg_sql_statement.h"
#include "ingest/pg_types.h"
#include "ingest/text_batch_builder.h"
#include "io/pg_copy_text.h"

namespace tally {
namespace {

// The password written in the URL (after "user:" and before '@'), or empty.
std::string UrlPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t start = scheme + 3;
  size_t at = url.find('@', start);
  size_t slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return "";
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return "";
  return url.substr(colon + 1, at - colon - 1);
}

// Removes every occurrence of the secret from a message (libpq does not echo passwords, but a
// message must never be the place where one leaks).
std::string Scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
    text.replace(at, secret.size(), "***");
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

struct ConnDeleter {
  void operator()(PGconn* conn) const { LoadLibpq().finish(conn); }
};
struct ResultDeleter {
  void operator()(PGresult* result) const { LoadLibpq().clear(result); }
};
struct FreeWithLibpq {
  void operator()(char* buffer) const { LoadLibpq().freemem(buffer); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;
using Result = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

bool IsPostgresUrl(const std::string& source) {
  return source.rfind("postgresql://", 0) == 0 || source.rfind("postgres://", 0) == 0;
}

std::string RedactPostgresUrl(const std::string& url) {
  std::string out = url;
  std::string password = UrlPassword(url);
  if (!password.empty()) {
    size_t at = out.find(':' + password + '@');
    if (at != std::string::npos) out.erase(at, password.size() + 1);
  }
  // A password=... query parameter.
  size_t query = out.find('?');
  if (query != std::string::npos) {
    std::string head = out.substr(0, query), params = out.substr(query + 1), kept;
    size_t start = 0;
    while (start <= params.size()) {
      size_t end = params.find('&', start);
      if (end == std::string::npos) end = params.size();
      std::string param = params.substr(start, end - start);
      if (!param.empty() && param.rfind("password=", 0) != 0)
        kept += (kept.empty() ? "" : "&") + param;
      start = end + 1;
    }
    out = kept.empty() ? head : head + "?" + kept;
  }
  return out;
}

IngestResult IngestPostgres(Warehouse& warehouse, const PostgresIngestOptions& options) {
  if (options.source_table.empty() == options.query.empty())
    throw UsageError("a PostgreSQL source needs either --source-table NAME or --query SELECT");
  const std::string secret = UrlPassword(options.url);
  const std::string shown_url = RedactPostgresUrl(options.url);

  Conn conn(LoadLibpq().connectdb(options.url.c_str()));
  if (!conn || LoadLibpq().status(conn.get()) != CONNECTION_OK)
    ThrowError("cannot connect to {}: {}", shown_url,
               Scrub(conn ? LoadLibpq().errorMessage(conn.get()) : "out of memory", secret));
  auto exec = [&](const std::string& sql) {
    Result result(LoadLibpq().exec(conn.get(), sql.c_str()));
    if (LoadLibpq().resultStatus(result.get()) != PGRES_COMMAND_OK)
      ThrowError("{}: {}: {}", shown_url, sql, Scrub(LoadLibpq().errorMessage(conn.get()), secret));
  };
  // Values as the text decoder expects them: ISO dates, timestamptz in UTC, exact floats.
  exec("SET DateStyle = ISO");
  exec("SET TimeZone = 'UTC'");
  exec("SET extra_float_digits = 3");
  exec("SET client_encoding = 'UTF8'");
  // An ingest only reads: in a read-only transaction a --query such as
  // "DELETE ... RETURNING *" (which COPY accepts) fails instead of changing the database. One
  // snapshot also gives a consistent result.
  exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");

  std::string what;
  std::string select;
  if (!options.source_table.empty()) {
    QualifiedName name = ParseQualifiedName(options.source_table);
    what = "table " + name.ToString();
    select = "SELECT * FROM " + name.ToString();
  } else {
    what = "query";
    select = options.query;
    while (!select.empty() &&
           (select.back() == ';' || std::isspace(static_cast<unsigned char>(select.back()))))
      select.pop_back();
  }

  // The result's columns and types, without running the query.
  Result prepared(LoadLibpq().prepare(conn.get(), "", select.c_str(), 0, nullptr));
  if (LoadLibpq().resultStatus(prepared.get()) != PGRES_COMMAND_OK) {
    const char* state = LoadLibpq().resultErrorField(prepared.get(), PG_DIAG_SQLSTATE);
    // The first line only: the server's LINE/caret lines point into tally's own SELECT.
    std::string message = Scrub(LoadLibpq().resultErrorMessage(prepared.get()), secret);
    message = message.substr(0, message.find('\n'));
    if (state && std::string(state) == "42P01" && !options.source_table.empty())
      ThrowError("{}: no {} in the database ({})", shown_url, what, message);
    ThrowError("{}: {}: {}", shown_url, what, message);
  }
  Result described(LoadLibpq().describePrepared(conn.get(), ""));
  if (LoadLibpq().resultStatus(described.get()) != PGRES_COMMAND_OK)
    ThrowError("{}: {}: {}", shown_url, what, Scrub(LoadLibpq().errorMessage(conn.get()), secret));
  auto schema = std::make_shared<Schema>();
  for (int i = 0; i < LoadLibpq().nfields(described.get()); ++i) {
    std::string name = LoadLibpq().fname(described.get(), i);
    schema->Add(Field{name, PgOidToDataType(LoadLibpq().ftype(described.get(), i),
                                            LoadLibpq().fmod(described.get(), i), name)});
  }
  std::shared_ptr<const Schema> table_schema = schema;

  std::string target = options.table;
  if (target.empty())
    target = options.source_table.empty()
                 ? "query"
                 : WarehouseTableName(ParseQualifiedName(options.source_table).name);
  std::string source = shown_url + " (" + (options.query.empty() ? what : select) + ")";
  TableSink sink(warehouse, target, table_schema, options.sink, source);
  RejectsFile rejects(options.rejects_path);
  TextBatchBuilder builder(table_schema, options.on_error, &rejects, shown_url + " " + what,
                           [&](Batch&& batch) { sink.Write(batch); });

  // The extended protocol runs exactly one statement: text that closes the COPY's parenthesis
  // cannot smuggle a COMMIT and a DELETE in after it.
  std::string copy_sql = "COPY (" + select + ") TO STDOUT";
  Result copy(LoadLibpq().execParams(conn.get(), copy_sql.c_str(), 0, nullptr, nullptr, nullptr,
                                     nullptr, 0));
  if (LoadLibpq().resultStatus(copy.get()) != PGRES_COPY_OUT)
    ThrowError("{}: {}: {}", shown_url, what, Scrub(LoadLibpq().errorMessage(conn.get()), secret));
  CopyTextDecoder decoder;
  std::vector<TextField> fields(table_schema->size());
  uint64_t row = 0, bytes = 0;
  for (;;) {
    char* buffer = nullptr;
    int length = LoadLibpq().getCopyData(conn.get(), &buffer, 0);
    if (length < 0) break;
    std::unique_ptr<char, FreeWithLibpq> owned(buffer);
    bytes += static_cast<uint64_t>(length);
    std::string_view line(buffer, static_cast<size_t>(length));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    ++row;
    if (!decoder.Decode(line) || decoder.size() != fields.size()) {
      builder.RejectRow(row, 0,
                        decoder.error().empty() ? fmt::format("expected {} fields, found {}",
                                                              fields.size(), decoder.size())
                                                : decoder.error(),
                        line);
      continue;
    }
    for (size_t i = 0; i < fields.size(); ++i)
      fields[i] = decoder.IsNull(i) ? TextField() : TextField(decoder.field(i));
    builder.AddRow(fields, row, line);
    if (options.progress && row % 16384 == 0) options.progress(bytes, builder.rows());
  }
  Result end(LoadLibpq().getResult(conn.get()));
  if (LoadLibpq().resultStatus(end.get()) != PGRES_COMMAND_OK)
    ThrowError("{}: {}: {}", shown_url, what, Scrub(LoadLibpq().errorMessage(conn.get()), secret));
  builder.Flush();
  IngestResult result = sink.Commit();
  result.rejected = builder.rejected();
  result.bytes_read = bytes;
  return result;
}

}  // namespace tally
