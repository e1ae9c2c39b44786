#include "sql/sql_statements.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "common/error.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "ingest/csv_ingest.h"
#include "ingest/table_sink.h"
#include "io/file_writer.h"
#include "io/parquet/parquet_writer.h"
#include "report/table_output.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

// In a distributed run every rank runs every statement and holds every query's whole result:
// the changes to the warehouse's catalog are made once, by rank 0, after every rank has checked
// the catalog as it was (the first barrier) and before any goes on (the second).
Communicator& CommOf(const StatementEnv& env) {
  return env.context ? env.context->communicator() : CurrentCommunicator();
}

template <typename Change>
void OnRankZero(const StatementEnv& env, Change change) {
  Communicator& comm = CommOf(env);
  comm.Barrier();
  if (comm.rank() == 0) change();
  comm.Barrier();
}

Warehouse& Writable(const StatementEnv& env, int at) {
  if (!env.warehouse) ThrowSqlError(env.text, at, "this session has no warehouse to change");
  return *env.warehouse;
}

// A statement's target table: a RangeVar's fields (not wrapped in a node).
std::string RelationName(const Json& range_var) {
  return range_var.value("relname", "");
}
int RelationAt(const Json& range_var) {
  return range_var.value("location", -1);
}

// Writes `table` (already of `schema`'s types) as the table's new version or appended rows,
// after checking NOT NULL columns.
int64_t WriteRows(Warehouse& warehouse, const std::string& name,
                  const std::shared_ptr<const Schema>& schema, const Table& table, WriteMode mode,
                  const StatementEnv& env, int at) {
  auto has_null = [](const Column& column, size_t rows) {
    for (size_t i = 0; i < rows; ++i)
      if (column.IsNull(i)) return true;
    return false;
  };
  for (const Batch& b : table.batches())
    for (size_t c = 0; c < schema->size(); ++c)
      if (!schema->field(c).nullable && has_null(*b.columns[c], b.num_rows))
        ThrowSqlError(env.text, at,
                      fmt::format("null value in column \"{}\" of relation \"{}\" violates "
                                  "not-null constraint",
                                  schema->field(c).name, name));
  SinkOptions options;
  options.mode = mode;
  // Every rank has the whole result: rank 0 writes it, the others only take part in the commit.
  TableSink sink(warehouse, name, schema, options, "sql");
  if (CommOf(env).rank() == 0)
    for (const Batch& b : table.batches()) {
      Batch out = b;
      out.schema = schema;
      sink.Write(out);
    }
  return sink.Commit().rows_added;
}

// Runs `query` (a SelectStmt) with its columns cast to `targets` types, in order.
// Without a column list, fewer values than columns fill the first columns (the rest NULL).
Table QueryAs(const Json& query, const StatementEnv& env,
              std::vector<std::pair<int, DataType>> targets, bool listed, size_t width,
              const Schema& table_schema, int at) {
  PlanPtr plan = BindQuery(query, env.text, env.catalog, env.views);
  if (!listed && plan->schema->size() < targets.size()) targets.resize(plan->schema->size());
  if (plan->schema->size() != targets.size())
    ThrowSqlError(env.text, at,
                  plan->schema->size() > targets.size()
                      ? "INSERT has more expressions than target columns"
                      : "INSERT has more target columns than expressions");
  std::vector<ExprPtr> outputs(width);
  for (size_t i = 0; i < width; ++i)
    outputs[i] = MakeAlias(MakeLiteral(Scalar::Null(table_schema.field(i).type)),
                           table_schema.field(i).name);
  for (size_t i = 0; i < targets.size(); ++i) {
    auto [column, type] = targets[i];
    const Field& from = plan->schema->field(i);
    ExprPtr value = MakeColumnRef(from.name, plan->ids[i]);
    if (from.type != type) value = MakeCast(value, type);
    outputs[static_cast<size_t>(column)] =
        MakeAlias(value, table_schema.field(static_cast<size_t>(column)).name);
  }
  try {
    plan = MakeProjectNode(plan, outputs);
  } catch (const Error& e) {
    ThrowSqlError(env.text, at, e.message());
  }
  return Execute(Optimize(plan), env.context);
}

// COPY's options by name ("format" -> "csv"); a boolean option given without a value is "true".
std::map<std::string, std::pair<std::string, int>> CopyOptions(const Json& copy) {
  std::map<std::string, std::pair<std::string, int>> options;
  if (!copy.contains("options")) return options;
  for (const auto& o : copy["options"]) {
    const Json& d = NodeBody(o);
    std::string value = "true";
    if (d.contains("arg")) {
      const Json& arg = d["arg"];
      if (NodeType(arg) == "String")
        value = StringValue(arg);
      else if (NodeType(arg) == "Integer")
        value = std::to_string(NodeBody(arg).value("ival", 0));
      else if (NodeType(arg) == "Boolean")
        value = NodeBody(arg).value("boolval", false) ? "true" : "false";
    }
    options[Lower(d.value("defname", ""))] = {value, d.value("location", -1)};
  }
  return options;
}

bool Truthy(const std::string& v) {
  std::string s = Lower(v);
  return s == "true" || s == "on" || s == "1" || s == "t" || s == "yes";
}

std::string CopyFrom(const Json& copy, const StatementEnv& env) {
  int at = RelationAt(copy["relation"]);
  Warehouse& warehouse = Writable(env, at);
  std::string name = RelationName(copy["relation"]);
  auto entry = warehouse.FindTable(name);
  if (!entry) ThrowSqlError(env.text, at, fmt::format("relation \"{}\" does not exist", name));
  if (copy.contains("attlist"))
    ThrowSqlError(env.text, at, "not supported: COPY with a column list");
  if (!copy.contains("filename"))
    ThrowSqlError(env.text, at, "not supported: COPY FROM STDIN (give a file name)");
  CsvIngestOptions options;
  options.source = copy.value("filename", "");
  options.table = name;
  options.mode = WriteMode::kAppend;
  options.schema = entry->schema;
  // PostgreSQL's defaults: the text format is tab-separated with \N for NULL; CSV is
  // comma-separated. Neither has a header unless asked.
  auto given = CopyOptions(copy);
  std::string format = given.count("format") ? Lower(given["format"].first) : "text";
  if (format != "text" && format != "csv")
    ThrowSqlError(env.text, given["format"].second,
                  fmt::format("not supported: COPY FROM in format {}", format));
  options.csv.delimiter = format == "csv" ? ',' : '\t';
  options.csv.header = false;
  if (format == "text") options.csv.null_text = "\\N";
  for (const auto& [key, value] : given) {
    if (key == "format") continue;
    if (key == "delimiter") {
      if (value.first.size() != 1)
        ThrowSqlError(env.text, value.second, "COPY delimiter must be a single one-byte character");
      options.csv.delimiter = value.first[0];
    } else if (key == "header") {
      options.csv.header = Truthy(value.first);
    } else if (key == "null") {
      options.csv.null_text = value.first;
    } else {
      ThrowSqlError(env.text, value.second, fmt::format("not supported: COPY option {}", key));
    }
  }
  // A trailing delimiter at the end of every line (TPC-H's .tbl files) is read as no field.
  options.csv.trailing_delimiter = true;
  if (!std::filesystem::exists(options.source))
    ThrowSqlError(env.text, at,
                  fmt::format("could not open file \"{}\" for reading: No such file or directory",
                              options.source));
  IngestResult result = IngestCsv(warehouse, options);
  return fmt::format("COPY {}", result.rows_added);
}

std::string CopyTo(const Json& copy, const StatementEnv& env) {
  int at = copy.contains("relation") ? RelationAt(copy["relation"]) : -1;
  if (!copy.contains("filename"))
    ThrowSqlError(env.text, at, "not supported: COPY TO STDOUT (give a file name)");
  std::string path = copy.value("filename", "");
  PlanPtr plan;
  if (copy.contains("query")) {
    plan = BindQuery(copy["query"], env.text, env.catalog, env.views);
  } else {
    std::string name = RelationName(copy["relation"]);
    DataSourcePtr source = env.catalog.FindTable(name);
    if (!source) ThrowSqlError(env.text, at, fmt::format("relation \"{}\" does not exist", name));
    plan = MakeScanNode(source);
  }
  auto given = CopyOptions(copy);
  std::string format = given.count("format") ? Lower(given["format"].first) : "csv";
  for (const auto& [key, value] : given)
    if (key != "format" && !(key == "header" && format == "csv"))
      ThrowSqlError(env.text, value.second, fmt::format("not supported: COPY TO option {}", key));
  Table table = Execute(Optimize(plan), env.context);
  // Every rank has the whole result; rank 0 writes the file.
  if (CommOf(env).rank() != 0) {
    CommOf(env).Barrier();
    return fmt::format("COPY {}", table.num_rows());
  }
  if (format == "csv") {
    std::string csv = RenderCsv(table);
    // PostgreSQL writes no header unless asked.
    if (!(given.count("header") && Truthy(given["header"].first))) csv.erase(0, csv.find('\n') + 1);
    WriteFileAtomically(path, csv);
  } else if (format == "json") {
    WriteFileAtomically(path, RenderJson(table));
  } else if (format == "parquet") {
    WriteParquetFileAtomically(path, table);
  } else {
    ThrowSqlError(env.text, given["format"].second,
                  fmt::format("COPY format \"{}\" not recognized (csv, json or parquet)", format));
  }
  CommOf(env).Barrier();
  return fmt::format("COPY {}", table.num_rows());
}

}  // namespace

void WriteParquetFileAtomically(const std::string& path, const Table& table) {
  // Written beside the target and renamed over it: never a half-written file.
  std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  try {
    ParquetWriter writer(temporary, table.schema());
    for (const Batch& b : table.batches()) writer.Write(b);
    writer.Close();
    std::filesystem::rename(temporary, path);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
}

std::string CreateTable(const Json& body, const StatementEnv& env) {
  int at = RelationAt(body["relation"]);
  Warehouse& warehouse = Writable(env, at);
  std::string name = RelationName(body["relation"]);
  if (warehouse.FindTable(name) || warehouse.FindView(name)) {
    if (body.value("if_not_exists", false)) return "CREATE TABLE";
    ThrowSqlError(env.text, at, fmt::format("relation \"{}\" already exists", name));
  }
  QueryBinder binder(env.text, env.catalog, env.views, &body);
  std::vector<Field> fields;
  if (!body.contains("tableElts")) ThrowSqlError(env.text, at, "a table needs columns");
  for (const auto& element : body["tableElts"]) {
    if (NodeType(element) != "ColumnDef")
      binder.NotSupported(LocationOf(element), "table constraints");
    const Json& column = NodeBody(element);
    Field field{column.value("colname", ""), binder.TypeName(column["typeName"]), true};
    for (const auto& f : fields)
      if (f.name == field.name)
        ThrowSqlError(env.text, column.value("location", -1),
                      fmt::format("column \"{}\" specified more than once", field.name));
    if (column.contains("constraints"))
      for (const auto& c : column["constraints"]) {
        std::string kind = NodeBody(c).value("contype", "");
        if (kind == "CONSTR_NOTNULL")
          field.nullable = false;
        else if (kind != "CONSTR_NULL")
          binder.NotSupported(LocationOf(c), "column constraints other than NOT NULL");
      }
    fields.push_back(std::move(field));
  }
  Warehouse::ValidateTableName(name);
  auto schema = std::make_shared<Schema>(fields);
  OnRankZero(env,
             [&] { warehouse.BeginWrite(name, schema, WriteMode::kReplace, "sql")->Commit(); });
  return "CREATE TABLE";
}

std::string CreateTableAs(const Json& body, const StatementEnv& env) {
  const Json& into = body["into"];
  int at = RelationAt(into["rel"]);
  Warehouse& warehouse = Writable(env, at);
  std::string name = RelationName(into["rel"]);
  if (body.value("objtype", "") != "OBJECT_TABLE")
    ThrowSqlError(env.text, at, "not supported: CREATE MATERIALIZED VIEW");
  if (warehouse.FindTable(name) || warehouse.FindView(name)) {
    if (body.value("if_not_exists", false)) return "CREATE TABLE AS";
    ThrowSqlError(env.text, at, fmt::format("relation \"{}\" already exists", name));
  }
  PlanPtr plan = BindQuery(body["query"], env.text, env.catalog, env.views);
  std::vector<Field> fields = plan->schema->fields();
  if (into.contains("colNames")) {
    size_t i = 0;
    for (const auto& c : into["colNames"])
      if (i < fields.size()) fields[i++].name = StringValue(c);
  }
  for (auto& f : fields) f.nullable = true;
  for (size_t i = 0; i < fields.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (fields[i].name == fields[j].name)
        ThrowSqlError(env.text, at,
                      fmt::format("column \"{}\" specified more than once", fields[i].name));
  Warehouse::ValidateTableName(name);
  Table table = Execute(Optimize(plan), env.context);
  auto schema = std::make_shared<Schema>(fields);
  int64_t rows = WriteRows(warehouse, name, schema, table, WriteMode::kReplace, env, at);
  return fmt::format("SELECT {}", rows);
}

std::string InsertInto(const Json& body, const StatementEnv& env) {
  int at = RelationAt(body["relation"]);
  Warehouse& warehouse = Writable(env, at);
  std::string name = RelationName(body["relation"]);
  auto entry = warehouse.FindTable(name);
  if (!entry) ThrowSqlError(env.text, at, fmt::format("relation \"{}\" does not exist", name));
  if (body.contains("onConflictClause")) ThrowSqlError(env.text, at, "not supported: ON CONFLICT");
  if (body.contains("returningList")) ThrowSqlError(env.text, at, "not supported: RETURNING");
  if (!body.contains("selectStmt"))
    ThrowSqlError(env.text, at, "not supported: INSERT ... DEFAULT VALUES");
  const Schema& schema = *entry->schema;
  // The target columns: the listed ones, or all in order.
  std::vector<std::pair<int, DataType>> targets;
  if (body.contains("cols")) {
    for (const auto& c : body["cols"]) {
      const Json& target = NodeBody(c);
      std::string column = target.value("name", "");
      int index = schema.IndexOf(column);
      if (index < 0)
        ThrowSqlError(env.text, target.value("location", -1),
                      fmt::format("column \"{}\" of relation \"{}\" does not exist", column, name));
      targets.push_back({index, schema.field(static_cast<size_t>(index)).type});
    }
  } else {
    for (size_t i = 0; i < schema.size(); ++i)
      targets.push_back({static_cast<int>(i), schema.field(i).type});
  }
  Table rows =
      QueryAs(body["selectStmt"], env, targets, body.contains("cols"), schema.size(), schema, at);
  int64_t added = WriteRows(warehouse, name, entry->schema, rows, WriteMode::kAppend, env, at);
  return fmt::format("INSERT 0 {}", added);
}

std::string Copy(const Json& body, const StatementEnv& env) {
  if (body.value("is_program", false))
    ThrowSqlError(env.text, -1, "not supported: COPY ... PROGRAM");
  return body.value("is_from", false) ? CopyFrom(body, env) : CopyTo(body, env);
}

std::string DropTables(const Json& body, const StatementEnv& env) {
  Warehouse& warehouse = Writable(env, -1);
  bool missing_ok = body.value("missing_ok", false);
  std::vector<std::string> names;
  for (const auto& object : body["objects"])
    names.push_back(StringValue(NodeBody(object)["items"].back()));
  // Every name is checked before any table goes.
  for (const auto& name : names)
    if (!warehouse.FindTable(name) && !missing_ok)
      ThrowSqlError(env.text, -1, fmt::format("table \"{}\" does not exist", name));
  OnRankZero(env, [&] {
    for (const auto& name : names)
      if (warehouse.FindTable(name)) warehouse.DropTable(name);
  });
  return "DROP TABLE";
}

std::string SqlTypeName(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
      return "boolean";
    case TypeId::kInt32:
      return "integer";
    case TypeId::kInt64:
      return "bigint";
    case TypeId::kDouble:
      return "double precision";
    case TypeId::kDecimal:
      return fmt::format("numeric({},{})", type.precision, type.scale);
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kString:
      return "text";
  }
  return type.ToString();
}

Table Describe(const Json& describe, const StatementEnv& env) {
  std::string name = describe.value("relname", "");
  int at = describe.value("location", -1);
  DataSourcePtr table = env.catalog.FindTable(name);
  if (!table && !env.catalog.FindView(name) && !(env.views && env.views->count(name)))
    ThrowSqlError(env.text, at, fmt::format("relation \"{}\" does not exist", name));
  // A table's columns as stored; a view's as a query of it gives them (the name quoted, with
  // its own quotes doubled).
  std::shared_ptr<const Schema> columns;
  if (table) {
    columns = table->schema();
  } else {
    std::string quoted;
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    std::string select = fmt::format("SELECT * FROM \"{}\"", quoted);
    columns = BindQuery(ParseSql(select)[0].tree, select, env.catalog, env.views)->schema;
  }
  auto schema =
      std::make_shared<Schema>(std::vector<Field>{{"column_name", DataType::String(), false},
                                                  {"column_type", DataType::String(), false},
                                                  {"nullable", DataType::String(), false}});
  auto names = Column::Make(DataType::String()), types = Column::Make(DataType::String()),
       nullable = Column::Make(DataType::String());
  for (const Field& f : columns->fields()) {
    names->AppendString(f.name);
    types->AppendString(SqlTypeName(f.type));
    nullable->AppendString(f.nullable ? "YES" : "NO");
  }
  Batch batch;
  batch.schema = schema;
  batch.columns = {names, types, nullable};
  batch.num_rows = columns->size();
  return Table(schema, {batch});
}

Table ShowTables(const StatementEnv& env) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"name", DataType::String(), false},
                                                            {"columns", DataType::Int64(), false},
                                                            {"rows", DataType::Int64(), false}});
  Batch batch;
  batch.schema = schema;
  auto names = Column::Make(DataType::String());
  auto columns = Column::Make(DataType::Int64()), rows = Column::Make(DataType::Int64());
  std::vector<std::string> tables =
      env.warehouse ? env.warehouse->ListTables() : env.catalog.TableNames();
  for (const auto& t : tables) {
    names->AppendString(t);
    if (env.warehouse) {
      TableEntry entry = env.warehouse->GetTable(t);
      columns->Append<int64_t>(static_cast<int64_t>(entry.schema->size()));
      rows->Append<int64_t>(entry.rows);
    } else {
      DataSourcePtr source = env.catalog.FindTable(t);
      columns->Append<int64_t>(static_cast<int64_t>(source->schema()->size()));
      rows->AppendNull();
    }
  }
  batch.columns = {names, columns, rows};
  batch.num_rows = tables.size();
  return Table(schema, {batch});
}

}  // namespace tally
