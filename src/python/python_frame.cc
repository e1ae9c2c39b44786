// DataFrames, results and the session for Python.
#include <pybind11/stl.h>

#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>

#include "catalog/warehouse.h"
#include "common/error.h"
#include "exec/column_util.h"
#include "exec/data_source.h"
#include "frame/dataframe.h"
#include "ingest/csv_ingest.h"
#include "ingest/table_sink.h"
#include "io/csv/csv_schema.h"
#include "io/file_writer.h"
#include "python/python_bindings.h"
#include "python/python_values.h"
#include "report/table_output.h"
#include "sql/sql_parse.h"
#include "sql/sql_session.h"
#include "sql/sql_statements.h"
#include "sql/warehouse_catalog.h"

namespace tally::python {
namespace {

JoinType JoinTypeNamed(const std::string& how) {
  static const std::map<std::string, JoinType> kTypes = {
      {"inner", JoinType::kInner}, {"left", JoinType::kLeft}, {"right", JoinType::kRight},
      {"full", JoinType::kFull},   {"semi", JoinType::kSemi}, {"anti", JoinType::kAnti}};
  auto it = kTypes.find(how);
  if (it == kTypes.end()) ThrowError("unknown join type \"{}\"", how);
  return it->second;
}

FrameBoundKind BoundKindNamed(const std::string& kind) {
  if (kind == "unbounded_preceding") return FrameBoundKind::kUnboundedPreceding;
  if (kind == "preceding") return FrameBoundKind::kPreceding;
  if (kind == "current_row") return FrameBoundKind::kCurrentRow;
  if (kind == "following") return FrameBoundKind::kFollowing;
  if (kind == "unbounded_following") return FrameBoundKind::kUnboundedFollowing;
  ThrowError("unknown window frame bound \"{}\"", kind);
}

// (expression, ascending, nulls_first) from Python.
using SortTuple = std::tuple<Expr, bool, bool>;

std::vector<SortSpec> SortSpecs(const std::vector<SortTuple>& keys) {
  std::vector<SortSpec> specs;
  for (const auto& [e, ascending, nulls_first] : keys)
    specs.push_back({e.node(), ascending, nulls_first});
  return specs;
}

std::vector<ExprPtr> Nodes(const std::vector<Expr>& exprs) {
  std::vector<ExprPtr> nodes;
  for (const Expr& e : exprs) nodes.push_back(e.node());
  return nodes;
}

py::list SchemaToPython(const Schema& schema) {
  py::list fields;
  for (const Field& f : schema.fields())
    fields.append(py::make_tuple(f.name, f.type.ToString(), f.nullable));
  return fields;
}

// The warehouse's tables and views, and the session's temporary views (DataFrames by name,
// which hide a table of the same name, as in Spark).
class SessionCatalog : public SqlCatalog {
 public:
  explicit SessionCatalog(const std::string& dir) : warehouse_(dir) {}

  Warehouse& warehouse() { return warehouse_.warehouse(); }
  DataSourcePtr FindTable(const std::string& name) const override {
    return warehouse_.FindTable(name);
  }
  std::vector<std::string> TableNames() const override {
    std::vector<std::string> names = warehouse_.TableNames();
    std::lock_guard lock(mutex_);
    for (const auto& [name, plan] : temp_views_) names.push_back(name);
    return names;
  }
  std::optional<std::string> FindView(const std::string& name) const override {
    return warehouse_.FindView(name);
  }
  PlanPtr FindPlan(const std::string& name) const override {
    std::lock_guard lock(mutex_);
    auto it = temp_views_.find(name);
    if (it == temp_views_.end()) return nullptr;
    std::map<ColumnId, ColumnId> remap;
    return Reinstantiate(it->second, &remap);
  }
  std::vector<std::string> TempViewNames() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, plan] : temp_views_) names.push_back(name);
    return names;
  }
  void SetTempView(const std::string& name, PlanPtr plan) {
    std::lock_guard lock(mutex_);
    temp_views_[name] = std::move(plan);
  }
  bool DropTempView(const std::string& name) {
    std::lock_guard lock(mutex_);
    return temp_views_.erase(name) > 0;
  }

 private:
  WarehouseCatalog warehouse_;
  mutable std::mutex mutex_;
  std::map<std::string, PlanPtr> temp_views_;
};

// SQL over one DataFrame, called __input__ in the text, with the DataFrame's own columns: what
// SQL text given to a DataFrame (filter("quantity > 0"), selectExpr, expr) is bound against.
class InputCatalog : public SqlCatalog {
 public:
  explicit InputCatalog(PlanPtr input) : input_(std::move(input)) {}
  DataSourcePtr FindTable(const std::string&) const override { return nullptr; }
  std::vector<std::string> TableNames() const override { return {"__input__"}; }
  PlanPtr FindPlan(const std::string& name) const override {
    return name == "__input__" ? input_ : nullptr;
  }

 private:
  PlanPtr input_;
};

DataFrame QueryOn(const DataFrame& frame, const std::string& text) {
  InputCatalog catalog(frame.plan());
  PlanPtr plan = PlanSingleQuery(text, catalog);
  if (!plan) ThrowError("not a query: {}", text);
  return DataFrame::FromPlan(plan);
}

// One SQL expression over the DataFrame's columns (no aggregates, no subqueries).
Expr ExpressionOn(const DataFrame& frame, const std::string& text) {
  PlanPtr plan = QueryOn(frame, "SELECT " + text + " FROM __input__").plan();
  if (plan->kind != PlanKind::kProject || plan->children.size() != 1 ||
      plan->children[0] != frame.plan() || plan->As<ProjectNode>().exprs.size() != 1)
    ThrowError(
        "expr(\"{}\"): only one expression over the columns, without aggregates or "
        "subqueries, is supported here (selectExpr() and spark.sql() take any)",
        text);
  return Expr(plan->As<ProjectNode>().exprs[0]);
}

// What one tally.Session holds: its catalog. Queries take a context of their own each.
class Session {
 public:
  explicit Session(const std::string& warehouse_dir)
      : catalog_(std::make_shared<SessionCatalog>(warehouse_dir)) {}

  const std::string& warehouse_dir() { return catalog_->warehouse().root(); }

  DataFrame Table(const std::string& name) const {
    if (PlanPtr plan = catalog_->FindPlan(name)) return DataFrame::FromPlan(plan);
    if (DataSourcePtr source = catalog_->FindTable(name))
      return DataFrame::FromPlan(MakeScanNode(source));
    if (catalog_->FindView(name)) {
      // A stored view is bound as SQL binds it.
      std::string quoted = "\"";
      for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      return DataFrame::FromPlan(PlanSingleQuery("SELECT * FROM " + quoted + "\"", *catalog_));
    }
    std::string closest = ClosestName(name, catalog_->TableNames());
    if (!closest.empty())
      ThrowError("table or view \"{}\" does not exist in warehouse {}; did you mean \"{}\"?", name,
                 catalog_->warehouse().root(), closest);
    ThrowError(
        "table or view \"{}\" does not exist in warehouse {}; create it with: tally "
        "ingest FILE --table {} (or DataFrame.write.saveAsTable)",
        name, catalog_->warehouse().root(), name);
  }

  // A single query stays a lazy DataFrame; other statements run now, and the DataFrame holds
  // the last one's rows (EXPLAIN: its lines; statements without rows: no rows).
  DataFrame Sql(const std::string& text) {
    if (PlanPtr plan = PlanSingleQuery(text, *catalog_)) return DataFrame::FromPlan(plan);
    auto context = QueryContext::Default();
    std::vector<SqlResult> results;
    auto catalog = catalog_;
    RunQuery(context, [&] {
      results = RunSql(text, *catalog, context, &catalog->warehouse());
      return tally::Table();
    });
    if (results.empty()) return DataFrame::FromTable(tally::Table());
    const SqlResult& last = results.back();
    if (last.is_text) {
      auto schema =
          std::make_shared<Schema>(std::vector<Field>{{"QUERY PLAN", DataType::String()}});
      Batch batch = Batch::Empty(schema);
      size_t rows = 0;
      for (size_t begin = 0; begin < last.text.size();) {
        size_t end = last.text.find('\n', begin);
        if (end == std::string::npos) end = last.text.size();
        batch.columns[0]->AppendString(std::string_view(last.text).substr(begin, end - begin));
        ++rows;
        begin = end + 1;
      }
      batch.num_rows = rows;
      return DataFrame::FromTable(tally::Table(schema, {batch}));
    }
    if (!last.tag.empty()) {
      auto schema = std::make_shared<Schema>(std::vector<Field>{{"status", DataType::String()}});
      Batch batch = Batch::Empty(schema);
      batch.columns[0]->AppendString(last.tag);
      batch.num_rows = 1;
      return DataFrame::FromTable(tally::Table(schema, {batch}));
    }
    return DataFrame::FromTable(last.table);
  }

  py::list ListTables() const {
    py::list out;
    Warehouse& w = catalog_->warehouse();
    for (const auto& name : w.ListTables()) out.append(py::make_tuple(name, "table"));
    for (const auto& name : w.ListViews()) out.append(py::make_tuple(name, "view"));
    for (const auto& name : catalog_->TempViewNames())
      out.append(py::make_tuple(name, "temporary"));
    return out;
  }

  void CreateTempView(const std::string& name, const DataFrame& frame, bool replace) {
    if (!replace && catalog_->FindPlan(name))
      ThrowError("temporary view \"{}\" already exists", name);
    catalog_->SetTempView(name, frame.plan());
  }
  bool DropTempView(const std::string& name) { return catalog_->DropTempView(name); }

  // Writes the DataFrame's rows as the warehouse table `name`: mode "overwrite", "append",
  // "error" (fail when it exists) or "ignore" (do nothing when it exists). Atomic as an ingest.
  int64_t SaveTable(const DataFrame& frame, const std::string& name, const std::string& mode) {
    Warehouse& w = catalog_->warehouse();
    Warehouse::ValidateTableName(name);
    bool exists = w.FindTable(name).has_value();
    if (mode != "overwrite" && mode != "append" && mode != "error" && mode != "ignore")
      ThrowError("unknown save mode \"{}\" (overwrite, append, error or ignore)", mode);
    if (exists && mode == "error")
      ThrowError(
          "table \"{}\" already exists (mode \"overwrite\" replaces it, \"append\" adds "
          "to it)",
          name);
    if (exists && mode == "ignore") return 0;
    if (w.FindView(name)) ThrowError("\"{}\" is a view", name);
    SinkOptions options;
    options.mode = exists && mode == "append" ? WriteMode::kAppend : WriteMode::kReplace;
    auto context = QueryContext::Default();
    int64_t rows = 0;
    RunQuery(context, [&] {
      tally::Table table = frame.collect(context);
      TableSink sink(w, name, table.schema(), options, "python");
      for (const Batch& b : table.batches()) sink.Write(b);
      rows = sink.Commit().rows_added;
      return tally::Table();
    });
    return rows;
  }

 private:
  std::shared_ptr<SessionCatalog> catalog_;
};

// Rows of Python values as a DataFrame of the given (name, engine type) columns. A value of
// another type converts through its text ("3" into a double, "2011-01-05" into a date).
DataFrame FromRows(const std::vector<std::tuple<std::string, std::string>>& columns,
                   const py::iterable& rows) {
  auto schema = std::make_shared<Schema>();
  for (const auto& [name, type] : columns) schema->Add({name, DataType::Parse(type)});
  Batch batch = Batch::Empty(schema);
  size_t count = 0;
  for (const py::handle& row : rows) {
    py::sequence values = py::reinterpret_borrow<py::sequence>(row);
    if (values.size() != schema->size())
      ThrowError("row {} has {} values for {} columns", count + 1, values.size(), schema->size());
    for (size_t c = 0; c < schema->size(); ++c) {
      const DataType& type = schema->field(c).type;
      Scalar value = ScalarFromPython(values[c]);
      if (value.is_null()) {
        batch.columns[c]->AppendNull();
        continue;
      }
      if (value.type() != type) {
        try {
          value = Scalar::Parse(type, value.ToString());
        } catch (const Error&) {
          ThrowError("row {}, column \"{}\": {} is not a value of type {}", count + 1,
                     schema->field(c).name, value.ToString(), type.ToString());
        }
      }
      batch.columns[c]->AppendFrom(*BroadcastScalar(value, 1), 0);
    }
    ++count;
  }
  batch.num_rows = count;
  return DataFrame::FromTable(tally::Table(schema, {batch}));
}

tally::Table Collect(const DataFrame& frame) {
  auto context = QueryContext::Default();
  return RunQuery(context, [&] { return frame.collect(context); });
}

// The queries running in this process, so that interrupt_all() can stop them from any thread
// (a notebook's interrupt button, a test), and how many have started.
struct RunningQueries {
  std::mutex mutex;
  std::set<QueryContext*> contexts;
  uint64_t started = 0;
};

RunningQueries& Running() {
  static auto* running = new RunningQueries();  // never destroyed: see ModuleExceptions
  return *running;
}

size_t InterruptAll() {
  RunningQueries& r = Running();
  std::lock_guard lock(r.mutex);
  for (QueryContext* context : r.contexts) context->Cancel();
  return r.contexts.size();
}

}  // namespace

Table RunQuery(const QueryContextPtr& context, std::function<Table()> query) {
  RunningQueries& running = Running();
  {
    std::lock_guard lock(running.mutex);
    running.contexts.insert(context.get());
    ++running.started;
  }
  struct Unregister {
    RunningQueries& running;
    QueryContext* context;
    ~Unregister() {
      std::lock_guard lock(running.mutex);
      running.contexts.erase(context);
    }
  } unregister{running, context.get()};
  std::future<Table> result = std::async(std::launch::async, std::move(query));
  std::optional<py::error_already_set> interrupt;
  {
    py::gil_scoped_release release;
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (interrupt) continue;
      // Python runs signal handlers on the main thread only, and only with the GIL.
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupt.emplace();  // takes the pending exception (KeyboardInterrupt)
        context->Cancel();
      }
    }
  }
  try {
    Table table = result.get();
    if (interrupt) throw std::move(*interrupt);  // finished before it saw the cancellation
    return table;
  } catch (const QueryCancelled&) {
    if (interrupt) throw std::move(*interrupt);
    PyErr_SetString(ModuleExceptions().query_cancelled.ptr(), "query cancelled");
    throw py::error_already_set();
  } catch (const SqlError&) {
    throw;  // AnalysisError, by the module's translator
  } catch (const Error& error) {
    if (interrupt) throw std::move(*interrupt);
    PyErr_SetString(ModuleExceptions().execution_error.ptr(), error.what());
    throw py::error_already_set();
  }
}

void BindFrames(py::module_& m) {
  py::class_<tally::Table>(m, "Result", "The rows of a query, held by the engine.")
      .def_property_readonly("num_rows", &tally::Table::num_rows)
      .def("schema", [](const tally::Table& t) { return SchemaToPython(*t.schema()); })
      .def(
          "rows",
          [](const tally::Table& t, size_t begin, size_t end) {
            return RowsToPython(t, begin, std::min(end, t.num_rows()));
          },
          py::arg("begin") = 0, py::arg("end") = SIZE_MAX)
      .def("columns", &ColumnsToNumpy, py::arg("exact_decimals") = false)
      .def("text", [](const tally::Table& t, size_t width,
                      size_t max_rows) { return RenderFittedTable(t, width, max_rows); })
      .def("csv", &RenderCsv)
      .def("json", &RenderJson)
      .def("write_csv",
           [](const tally::Table& t, const std::string& path, bool header) {
             std::string csv = RenderCsv(t);
             if (!header) csv.erase(0, csv.find('\n') + 1);
             WriteFileAtomically(path, csv);
           })
      .def("write_parquet", [](const tally::Table& t, const std::string& path) {
        WriteParquetFileAtomically(path, t);
      });

  py::class_<DataFrame>(m, "DataFrame", "A lazy query plan of the engine.")
      .def("filter", &DataFrame::filter)
      .def("select", &DataFrame::select)
      .def("with_column", &DataFrame::with_column)
      .def("group_agg",
           [](const DataFrame& f, std::vector<Expr> keys, std::vector<Expr> aggregates) {
             return f.group_by(std::move(keys)).agg(std::move(aggregates));
           })
      .def("agg", &DataFrame::agg)
      .def("order_by",
           [](const DataFrame& f, const std::vector<SortTuple>& keys) {
             return DataFrame::FromPlan(MakeSortNode(f.plan(), SortSpecs(keys)));
           })
      .def(
          "limit",
          [](const DataFrame& f, int64_t n, int64_t offset) {
            if (n < 0) ThrowError("limit must not be negative (got {})", n);
            return DataFrame::FromPlan(MakeLimitNode(f.plan(), n, offset));
          },
          py::arg("n"), py::arg("offset") = 0)
      .def("distinct", &DataFrame::distinct)
      .def(
          "join_keys",
          [](const DataFrame& f, const DataFrame& right, std::vector<std::string> keys,
             const std::string& how) { return f.join(right, std::move(keys), JoinTypeNamed(how)); })
      .def("join_on",
           [](const DataFrame& f, const DataFrame& right, const Expr& condition,
              const std::string& how) { return f.join_on(right, condition, JoinTypeNamed(how)); })
      .def("cross_join", &DataFrame::cross_join)
      .def("with_window",
           [](const DataFrame& f, std::string name, const Expr& function,
              const std::vector<Expr>& partition_by, const std::vector<SortTuple>& order_by,
              const std::optional<std::tuple<bool, std::string, int64_t, std::string, int64_t>>&
                  frame) {
             WindowFrame window_frame;
             if (frame) {
               auto [rows, start, start_offset, end, end_offset] = *frame;
               window_frame.rows = rows;
               window_frame.start = {BoundKindNamed(start), start_offset};
               window_frame.end = {BoundKindNamed(end), end_offset};
             }
             return DataFrame::FromPlan(MakeWindowNode(f.plan(), std::move(name), function.node(),
                                                       Nodes(partition_by), SortSpecs(order_by),
                                                       window_frame));
           })
      .def("union_all", &DataFrame::union_all)
      .def("column", &DataFrame::column)
      .def("schema", [](const DataFrame& f) { return SchemaToPython(*f.schema()); })
      .def("explain", &DataFrame::explain)
      .def("collect", &Collect)
      .def("cache", [](const DataFrame& f) { return DataFrame::FromTable(Collect(f)); });

  m.def("interrupt_all", &InterruptAll,
        "Cancels every query running in this process (from any thread); returns how many.");
  m.def(
      "queries_started",
      [] {
        std::lock_guard lock(Running().mutex);
        return Running().started;
      },
      "How many queries this process has started (they may have ended).");
  m.def("from_rows", &FromRows, py::arg("columns"), py::arg("rows"));
  m.def("query_on", &QueryOn, py::arg("frame"), py::arg("text"),
        "A query over the DataFrame, called __input__ in the SQL text.");
  m.def("expression_on", &ExpressionOn, py::arg("frame"), py::arg("text"),
        "One SQL expression over the DataFrame's columns.");
  m.def(
      "read_parquet",
      [](std::vector<std::string> paths) { return DataFrame::ReadParquet(std::move(paths)); },
      py::arg("paths"));
  m.def(
      "read_csv",
      [](std::string path,
         const std::optional<std::vector<std::tuple<std::string, std::string>>>& schema,
         const std::optional<std::string>& delimiter, bool header, std::string null_text) {
        // The delimiter detected from the first line when not given, as `tally ingest` does.
        CsvOptions format;
        if (!delimiter)
          format.delimiter = DetectCsvDelimiter(path);
        else if (delimiter->size() == 1 && (*delimiter)[0] != '"' && (*delimiter)[0] != '\n')
          format.delimiter = (*delimiter)[0];
        else
          throw py::value_error("sep must be one character");
        format.header = header;
        format.null_text = std::move(null_text);
        // Without a schema, as `tally ingest` reads it (types inferred; the retail layout's
        // own types when the header names its columns).
        if (!schema) return DataFrame::ReadCsv(path, ResolveCsvSchema(path, format), format);
        auto fields = std::make_shared<Schema>();
        for (const auto& [name, type] : *schema) fields->Add({name, DataType::Parse(type)});
        return DataFrame::ReadCsv(std::move(path), fields, format);
      },
      py::arg("path"), py::arg("schema") = std::nullopt, py::arg("delimiter") = std::nullopt,
      py::arg("header") = true, py::arg("null_text") = "");

  py::class_<Session>(m, "Session", "A warehouse and the temporary views of one session.")
      .def(py::init<std::string>(), py::arg("warehouse"))
      .def_property_readonly("warehouse", &Session::warehouse_dir)
      .def("table", &Session::Table)
      .def("sql", &Session::Sql)
      .def("list_tables", &Session::ListTables)
      .def("create_temp_view", &Session::CreateTempView)
      .def("drop_temp_view", &Session::DropTempView)
      .def("save_table", &Session::SaveTable);
}

}  // namespace tally::python
