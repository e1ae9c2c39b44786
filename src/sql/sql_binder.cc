// Binding queries: WITH, FROM (tables, subqueries, joins), WHERE, GROUP BY and aggregates,
// HAVING, the select list, DISTINCT, ORDER BY and LIMIT, in the order SQL evaluates them, into
// plan nodes of the engine.
#include <fmt/format.h>

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/data_source.h"
#include "exec/shared_plan.h"
#include "ingest/csv_ingest.h"
#include "io/csv/csv_schema.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

// One row without columns: the input of a SELECT without FROM.
PlanPtr OneRow() {
  auto schema = std::make_shared<Schema>();
  Batch row;
  row.schema = schema;
  row.num_rows = 1;
  return MakeScanNode(MakeMemorySource(schema, {row}));
}

// How often `tree` reads a relation called `name` (ignoring what a nearer CTE may shadow: the
// count only decides whether to compute it once).
int RelationReferences(const Json& tree, const std::string& name) {
  int count = 0;
  if (tree.is_object()) {
    auto range_var = tree.find("RangeVar");
    if (range_var != tree.end() && range_var->is_object() && !range_var->contains("schemaname") &&
        range_var->value("relname", "") == name)
      ++count;
    for (const auto& [key, value] : tree.items()) count += RelationReferences(value, name);
  } else if (tree.is_array()) {
    for (const auto& value : tree) count += RelationReferences(value, name);
  }
  return count;
}

// Whether a plan aggregates (groups, DISTINCT or windows): what makes computing it once pay.
bool Aggregates(const LogicalNode& plan) {
  if (plan.kind == PlanKind::kAggregate || plan.kind == PlanKind::kDistinct ||
      plan.kind == PlanKind::kWindow)
    return true;
  for (const auto& c : plan.children)
    if (Aggregates(*c)) return true;
  return false;
}

bool UniqueNames(const Schema& schema) {
  std::set<std::string> seen;
  for (const auto& f : schema.fields())
    if (!seen.insert(f.name).second) return false;
  return true;
}

void AddRelation(const PlanPtr& plan, const std::string& relation,
                 const std::vector<std::string>& names, Scope* scope) {
  for (size_t i = 0; i < plan->ids.size(); ++i)
    scope->columns.push_back(
        {relation, names[i], plan->ids[i], plan->schema->field(i).type, false});
}

std::vector<std::string> FieldNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const auto& f : schema.fields()) names.push_back(f.name);
  return names;
}

// The column aliases of an {"alias": {"aliasname", "colnames"}} node over `names`.
std::vector<std::string> Aliased(const Json& alias, std::vector<std::string> names) {
  if (!alias.contains("colnames")) return names;
  size_t i = 0;
  for (const auto& c : alias["colnames"]) {
    if (i < names.size()) names[i] = StringValue(c);
    ++i;
  }
  return names;
}

std::set<ColumnId> ColumnsOf(const ExprPtr& e) {
  std::set<ColumnId> ids;
  CollectColumnIds(*e, &ids);
  return ids;
}

bool Within(const std::set<ColumnId>& used, const std::vector<ColumnId>& ids) {
  for (ColumnId id : used)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) return false;
  return true;
}

// Whether column i of `plan` is a NULL constant of no declared type (SELECT NULL).
bool IsBareNull(const LogicalNode& plan, size_t i) {
  if (plan.kind != PlanKind::kProject || i >= plan.As<ProjectNode>().exprs.size()) return false;
  const ExprNode& e = StripAlias(*plan.As<ProjectNode>().exprs[i]);
  return e.kind == ExprKind::kLiteral && e.literal.is_null() &&
         e.literal.type().id == TypeId::kString;
}

// The Parquet files of a path: the file itself, every *.parquet file under a directory, or the
// files matching a glob pattern; in name order. Throws when there are none.
std::vector<std::string> ParquetFilesOf(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, error))
      if (entry.is_regular_file() && entry.path().extension() == ".parquet")
        files.push_back(entry.path().string());
  } else if (path.find_first_of("*?[") != std::string::npos) {
    glob_t matches{};
    if (::glob(path.c_str(), 0, nullptr, &matches) == 0)
      for (size_t i = 0; i < matches.gl_pathc; ++i) files.push_back(matches.gl_pathv[i]);
    globfree(&matches);
  } else if (fs::exists(path, error)) {
    files.push_back(path);
  }
  if (files.empty()) ThrowError("no Parquet files at \"{}\"", path);
  std::sort(files.begin(), files.end());
  return files;
}

bool IsIntegerConstant(const Json& node) {
  return NodeType(node) == "A_Const" && NodeBody(node).contains("ival");
}

// INTERSECT and EXCEPT compare whole rows with NULLs equal, which is what grouping does: the
// rows of both sides, each tagged with its side, are grouped by every column, and a group is
// kept when both sides (INTERSECT) or only the left side (EXCEPT) have it. With ALL, each row is
// also numbered among its equal rows (row_number over a partition by every column), so the
// n-th copy on the left meets the n-th copy on the right: INTERSECT ALL keeps min(l, r) copies,
// EXCEPT ALL max(l - r, 0).
PlanPtr IntersectOrExcept(const PlanPtr& left, const PlanPtr& right, bool intersect, bool all) {
  auto tagged = [&](const PlanPtr& side, int64_t tag) {
    std::vector<ExprPtr> columns, outputs;
    for (size_t i = 0; i < side->ids.size(); ++i) {
      columns.push_back(MakeColumnRef(side->schema->field(i).name, side->ids[i]));
      outputs.push_back(MakeAlias(columns.back(), "#c" + std::to_string(i)));
    }
    outputs.push_back(MakeAlias(MakeLiteral(Scalar::Int64(tag)), "#tag"));
    PlanPtr plan = side;
    if (all) {
      plan = MakeWindowNode(plan, "#copy", MakeWindowCall("row_number", {}), columns, {});
      outputs.push_back(MakeAlias(MakeColumnRef("#copy", plan->ids.back()), "#copy"));
    }
    return MakeProjectNode(plan, outputs);
  };
  PlanPtr both = MakeUnionNode(tagged(left, 1), tagged(right, 0));
  size_t width = left->ids.size();
  std::vector<ExprPtr> keys;
  for (size_t i = 0; i < both->ids.size(); ++i)
    if (i != width) keys.push_back(MakeColumnRef(both->schema->field(i).name, both->ids[i]));
  ExprPtr tag = MakeColumnRef("#tag", both->ids[width]);
  PlanPtr grouped = MakeAggregateNode(both, keys,
                                      {MakeAlias(MakeAggregateCall("max", {tag}), "#left"),
                                       MakeAlias(MakeAggregateCall("min", {tag}), "#right")});
  size_t n = keys.size();
  ExprPtr has_left =
      MakeCall("==", {MakeColumnRef("#left", grouped->ids[n]), MakeLiteral(Scalar::Int64(1))});
  ExprPtr has_right =
      MakeCall("==", {MakeColumnRef("#right", grouped->ids[n + 1]), MakeLiteral(Scalar::Int64(0))});
  PlanPtr kept = MakeFilterNode(
      grouped, intersect ? MakeCall("and", {has_left, has_right}) : MakeCall("not", {has_right}));
  std::vector<ExprPtr> outputs;
  for (size_t i = 0; i < width; ++i)
    outputs.push_back(MakeAlias(MakeColumnRef(kept->schema->field(i).name, kept->ids[i]),
                                left->schema->field(i).name));
  return MakeProjectNode(kept, outputs, false);
}

}  // namespace

PlanPtr QueryBinder::Query(const Json& stmt, const Scope* outer) {
  const Json& s = NodeType(stmt) == "SelectStmt" ? NodeBody(stmt) : stmt;
  bool with = s.contains("withClause");
  if (with) {
    const Json& clause = s["withClause"];
    if (clause.value("recursive", false))
      NotSupported(clause.value("location", -1), "WITH RECURSIVE");
    std::vector<Cte> ctes;
    for (const auto& c : clause["ctes"]) {
      const Json& cte = NodeBody(c);
      if (cte.contains("aliascolnames"))
        NotSupported(cte.value("location", -1), "CTE column names");
      std::string materialized = cte.value("ctematerialized", "");
      materialized = materialized == "CTEMaterializeAlways"  ? "Always"
                     : materialized == "CTEMaterializeNever" ? "Never"
                                                             : "";
      ctes.push_back({cte.value("ctename", ""), &cte["ctequery"], &s, materialized});
    }
    ctes_.push_back(std::move(ctes));
  }
  bool set_operation = s.value("op", "SETOP_NONE") != "SETOP_NONE";
  PlanPtr plan = set_operation ? SetOperation(s, outer) : Select(s, outer);
  if (with) ctes_.pop_back();
  return plan;
}

PlanPtr QueryBinder::SetOperation(const Json& s, const Scope* outer) {
  std::string op = s.value("op", "");
  std::string op_name = op == "SETOP_UNION"       ? "UNION"
                        : op == "SETOP_INTERSECT" ? "INTERSECT"
                                                  : "EXCEPT";
  int at = -1;
  PlanPtr left = Query(s["larg"], outer);
  PlanPtr right = Query(s["rarg"], outer);
  if (left->schema->size() != right->schema->size())
    Fail(at, fmt::format("each {} query must have the same number of columns", op_name));
  // Columns of different types meet in their common type.
  std::vector<ExprPtr> left_cast, right_cast;
  bool cast = false;
  for (size_t i = 0; i < left->schema->size(); ++i) {
    DataType a = left->schema->field(i).type, b = right->schema->field(i).type;
    // A bare NULL has no type of its own: it takes the other side's.
    bool bare_null = IsBareNull(*left, i) || IsBareNull(*right, i);
    if (IsBareNull(*left, i)) a = b;
    if (IsBareNull(*right, i)) b = a;
    cast = cast || bare_null;
    DataType common;
    try {
      common = CommonType({a, b});
    } catch (const Error& e) {
      Fail(at, fmt::format("{} types {} and {} cannot be matched", op_name, a.ToString(),
                           b.ToString()));
    }
    cast = cast || common != a || common != b;
    const std::string& name = left->schema->field(i).name;
    left_cast.push_back(MakeAlias(MakeCast(MakeColumnRef(name, left->ids[i]), common), name));
    right_cast.push_back(MakeAlias(
        MakeCast(MakeColumnRef(right->schema->field(i).name, right->ids[i]), common), name));
  }
  if (cast) {
    left = MakeProjectNode(left, left_cast, false);
    right = MakeProjectNode(right, right_cast, false);
  }
  bool all = s.value("all", false);
  PlanPtr plan;
  if (op == "SETOP_UNION") {
    plan = MakeUnionNode(left, right);
    if (!all) plan = MakeDistinctNode(plan);
  } else {
    plan = IntersectOrExcept(left, right, op == "SETOP_INTERSECT", all);
  }
  // ORDER BY and LIMIT of the whole set operation: by output name or position.
  if (s.contains("sortClause")) {
    std::vector<SortSpec> keys;
    for (const auto& item : s["sortClause"]) {
      const Json& sort = NodeBody(item);
      const Json& key = sort["node"];
      int index = -1;
      if (IsIntegerConstant(key)) {
        index = static_cast<int>(IntegerValue(key, text_)) - 1;
      } else if (NodeType(key) == "ColumnRef" && NodeBody(key)["fields"].size() == 1) {
        index = plan->schema->IndexOf(StringValue(NodeBody(key)["fields"][0]));
      }
      if (index < 0 || index >= static_cast<int>(plan->ids.size()))
        NotSupported(LocationOf(key), "ORDER BY expressions on a UNION other than its columns");
      std::string dir = sort.value("sortby_dir", "SORTBY_DEFAULT");
      std::string nulls = sort.value("sortby_nulls", "SORTBY_NULLS_DEFAULT");
      bool ascending = dir != "SORTBY_DESC";
      bool nulls_first =
          nulls == "SORTBY_NULLS_DEFAULT" ? !ascending : nulls == "SORTBY_NULLS_FIRST";
      keys.push_back({MakeColumnRef(plan->schema->field(static_cast<size_t>(index)).name,
                                    plan->ids[static_cast<size_t>(index)]),
                      ascending, nulls_first});
    }
    plan = MakeSortNode(plan, keys);
  }
  return LimitOffset(s, plan);
}

PlanPtr QueryBinder::Values(const Json& s) {
  if (s.contains("sortClause")) NotSupported(-1, "ORDER BY on VALUES (select from it instead)");
  Scope none;
  ExprContext ctx{&none, false, "VALUES", nullptr};
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<int> places;
  for (const auto& list : s["valuesLists"]) {
    std::vector<ExprPtr> row;
    for (const auto& item : NodeBody(list)["items"]) {
      row.push_back(Expr(item, ctx));
      places.push_back(LocationOf(item));
    }
    if (!rows.empty() && row.size() != rows[0].size())
      Fail(places.back(), "VALUES lists must all be the same length");
    rows.push_back(std::move(row));
  }
  // Each column's type: the common type of its values (a bare NULL has none of its own).
  size_t width = rows[0].size();
  std::vector<Field> fields;
  for (size_t c = 0; c < width; ++c) {
    std::vector<DataType> types;
    for (const auto& row : rows)
      if (!(row[c]->kind == ExprKind::kLiteral && row[c]->literal.is_null()))
        types.push_back(TypeOf(row[c], ctx, -1));
    DataType type = DataType::String();
    if (!types.empty()) {
      try {
        type = CommonType(types);
      } catch (const Error& e) {
        Fail(-1,
             fmt::format("VALUES types cannot be matched in column {}: {}", c + 1, e.message()));
      }
    }
    fields.push_back({fmt::format("column{}", c + 1), type, true});
  }
  auto schema = std::make_shared<Schema>(fields);
  // The values, computed now: they are constants.
  Batch one;
  one.num_rows = 1;
  Batch batch;
  batch.schema = schema;
  batch.num_rows = rows.size();
  for (size_t c = 0; c < width; ++c) {
    std::vector<ColumnPtr> parts;
    for (const auto& row : rows) {
      ExprPtr value = MakeCast(row[c], fields[c].type);
      if (!ColumnsOf(value).empty() || ContainsAggregate(*value))
        NotSupported(-1, "VALUES that read columns");
      parts.push_back(Bind(*value, Schema())->EvaluateColumn(one));
    }
    batch.columns.push_back(ConcatColumns(parts, fields[c].type));
  }
  return MakeScanNode(MakeMemorySource(schema, {batch}));
}

PlanPtr QueryBinder::LimitOffset(const Json& s, PlanPtr plan) {
  // A count: an integer constant, or NULL / ALL for none.
  auto count = [&](const char* field, const char* what) -> int64_t {
    const Json& node = s[field];
    if (NodeType(node) == "A_Const" && NodeBody(node).value("isnull", false)) return -1;
    if (!IsIntegerConstant(node))
      NotSupported(LocationOf(node), fmt::format("{} other than a number", what));
    int64_t n = IntegerValue(node, text_);
    if (n < 0) Fail(LocationOf(node), fmt::format("{} must not be negative", what));
    return n;
  };
  int64_t limit = s.contains("limitCount") ? count("limitCount", "LIMIT") : -1;
  int64_t offset =
      s.contains("limitOffset") ? std::max<int64_t>(0, count("limitOffset", "OFFSET")) : 0;
  if (limit < 0 && offset == 0) return plan;
  return MakeLimitNode(plan, limit, offset);
}

PlanPtr QueryBinder::NamedRelation(const Json& range_var, Scope* scope) {
  const Json& r = NodeBody(range_var);
  std::string name = r.value("relname", "");
  int at = r.value("location", -1);
  std::string relation = r.contains("alias") ? r["alias"].value("aliasname", name) : name;
  for (size_t level = ctes_.size(); level-- > 0;) {
    auto& list = ctes_[level];
    auto found =
        std::find_if(list.begin(), list.end(), [&](const auto& c) { return c.name == name; });
    if (found == list.end()) continue;
    const Cte cte = *found;
    auto bind = [&] {
      // A (non-recursive) CTE sees the CTEs before it, not itself or later ones.
      auto saved = ctes_;
      ctes_.resize(level + 1);
      ctes_[level].resize(static_cast<size_t>(found - list.begin()));
      PlanPtr plan;
      try {
        plan = Query(*cte.query, nullptr);
      } catch (...) {
        ctes_ = saved;
        throw;
      }
      ctes_ = saved;
      return plan;
    };
    PlanPtr plan = Relation(fmt::format("cte {}", static_cast<const void*>(cte.query)), name,
                            RelationReferences(*cte.owner, name), cte.materialized, bind);
    std::vector<std::string> names = FieldNames(*plan->schema);
    if (r.contains("alias")) names = Aliased(r["alias"], names);
    AddRelation(plan, relation, names, scope);
    return plan;
  }
  if (views_) {
    auto view = views_->find(name);
    if (view != views_->end()) {
      auto bind = [&] {
        // A view sees the catalog and the views, not the CTEs of the query that reads it.
        auto saved = ctes_;
        ctes_.clear();
        PlanPtr plan;
        try {
          plan = Query(view->second.query, nullptr);
        } catch (...) {
          ctes_ = saved;
          throw;
        }
        ctes_ = saved;
        return plan;
      };
      PlanPtr plan =
          Relation("view " + name, name, RelationReferences(*statement_, name), "", bind);
      std::vector<std::string> names = FieldNames(*plan->schema);
      for (size_t i = 0; i < view->second.columns.size() && i < names.size(); ++i)
        names[i] = view->second.columns[i];
      if (r.contains("alias")) names = Aliased(r["alias"], names);
      AddRelation(plan, relation, names, scope);
      return plan;
    }
  }
  if (PlanPtr plan = catalog_.FindPlan(name)) {
    std::vector<std::string> names = FieldNames(*plan->schema);
    if (r.contains("alias")) names = Aliased(r["alias"], names);
    AddRelation(plan, relation, names, scope);
    return plan;
  }
  if (auto stored = catalog_.FindView(name)) {
    // A view of the warehouse: its statement is parsed and bound here, on its own text (its
    // errors point into the view's statement).
    if (++view_depth_ > kMaxViewDepth)
      Fail(at, fmt::format("views nested deeper than {}", kMaxViewDepth));
    std::vector<SqlStatement> statements = ParseSql(*stored);
    if (statements.size() != 1 || NodeType(statements[0].tree) != "ViewStmt")
      Fail(at, fmt::format("view \"{}\" is stored without its CREATE VIEW statement", name));
    const Json& view = NodeBody(statements[0].tree);
    auto bind = [&] {
      QueryBinder inner(*stored, catalog_, nullptr, &view["query"]);
      inner.view_depth_ = view_depth_;
      return inner.Query(view["query"], nullptr);
    };
    PlanPtr plan =
        Relation("stored view " + name, name, RelationReferences(*statement_, name), "", bind);
    --view_depth_;
    std::vector<std::string> names = FieldNames(*plan->schema);
    if (view.contains("aliases")) {
      size_t i = 0;
      for (const auto& a : view["aliases"])
        if (i < names.size()) names[i++] = StringValue(a);
    }
    if (r.contains("alias")) names = Aliased(r["alias"], names);
    AddRelation(plan, relation, names, scope);
    return plan;
  }
  DataSourcePtr source = catalog_.FindTable(name);
  if (!source) {
    std::string closest = ClosestName(name, catalog_.TableNames());
    Fail(at, fmt::format("relation \"{}\" does not exist", name),
         closest.empty() ? "" : fmt::format("perhaps you meant \"{}\"", closest));
  }
  PlanPtr plan = MakeScanNode(source);
  std::vector<std::string> names = FieldNames(*plan->schema);
  if (r.contains("alias")) names = Aliased(r["alias"], names);
  AddRelation(plan, relation, names, scope);
  return plan;
}

CsvOptions QueryBinder::ReadCsvOptions(const std::string& function, const Json& args,
                                       const std::string& path) {
  // After the file: options as name => value (PostgreSQL's named arguments) or name = value
  // (DuckDB's spelling): delim / delimiter / sep, header, nullstr / null.
  CsvOptions format;
  bool delimiter_given = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const Json& arg = args[i];
    int at = LocationOf(arg);
    std::string option;
    const Json* value = nullptr;
    if (NodeType(arg) == "NamedArgExpr") {
      option = NodeBody(arg).value("name", "");
      value = &NodeBody(arg)["arg"];
    } else if (NodeType(arg) == "A_Expr" && NodeBody(arg).value("kind", "") == "AEXPR_OP" &&
               StringValue(NodeBody(arg)["name"].back()) == "=" &&
               NodeType(NodeBody(arg)["lexpr"]) == "ColumnRef") {
      option = StringValue(NodeBody(NodeBody(arg)["lexpr"])["fields"].back());
      value = &NodeBody(arg)["rexpr"];
    } else {
      Fail(at, fmt::format("{}() takes options as name => value", function));
    }
    option = Lower(option);
    if (function != "read_csv")
      Fail(at, fmt::format("{}() takes no option \"{}\"", function, option));
    const Json& constant = NodeBody(*value);
    bool is_text = NodeType(*value) == "A_Const" && constant.contains("sval");
    bool is_bool = NodeType(*value) == "A_Const" && constant.contains("boolval");
    if (option == "delim" || option == "delimiter" || option == "sep") {
      std::string text = is_text ? constant["sval"].value("sval", "") : "";
      if (text == "\\t") text = "\t";
      if (text.size() != 1 || text[0] == '"' || text[0] == '\n' || text[0] == '\r')
        Fail(LocationOf(*value), "the delimiter must be one character");
      format.delimiter = text[0];
      delimiter_given = true;
    } else if (option == "header") {
      if (!is_bool) Fail(LocationOf(*value), "header takes true or false");
      format.header = constant["boolval"].value("boolval", false);
    } else if (option == "nullstr" || option == "null") {
      if (!is_text) Fail(LocationOf(*value), fmt::format("{} takes a string", option));
      format.null_text = constant["sval"].value("sval", "");
    } else {
      Fail(at, fmt::format("read_csv() has no option \"{}\"", option),
           "its options are delim, header and nullstr");
    }
  }
  if (function == "read_csv" && !delimiter_given) {
    try {
      format.delimiter = DetectCsvDelimiter(path);
    } catch (const Error& e) {
      Fail(LocationOf(args[0]), e.message());
    }
  }
  return format;
}

PlanPtr QueryBinder::TableFunction(const Json& range_function, Scope* scope) {
  const Json& r = NodeBody(range_function);
  if (r.value("lateral", false) || r.value("ordinality", false) || r["functions"].size() != 1)
    NotSupported(-1, "this form of function in FROM");
  const Json& call = NodeBody(r["functions"][0])["items"][0];
  if (NodeType(call) != "FuncCall") NotSupported(LocationOf(call), "this function in FROM");
  const Json& body = NodeBody(call);
  int at = body.value("location", -1);
  std::string name = StringValue(body["funcname"].back());
  if (name != "read_csv" && name != "read_parquet")
    Fail(at, fmt::format("function {}() does not exist as a table (read_csv, read_parquet)", name));
  if (!body.contains("args") || NodeType(body["args"][0]) != "A_Const" ||
      !NodeBody(body["args"][0]).contains("sval"))
    Fail(at, fmt::format("{}() takes a file name or pattern first", name));
  std::string path = NodeBody(body["args"][0])["sval"].value("sval", "");
  CsvOptions format = ReadCsvOptions(name, body["args"], path);
  DataSourcePtr source;
  try {
    source = name == "read_parquet" ? MakeParquetSource(ParquetFilesOf(path))
                                    : MakeCsvSource(path, ResolveCsvSchema(path, format), format);
  } catch (const Error& e) {
    Fail(at, e.message());
  }
  PlanPtr plan = MakeScanNode(source);
  std::vector<std::string> names = FieldNames(*plan->schema);
  std::string relation = name;
  if (r.contains("alias")) {
    relation = r["alias"].value("aliasname", name);
    names = Aliased(r["alias"], names);
  }
  AddRelation(plan, relation, names, scope);
  return plan;
}

PlanPtr QueryBinder::FromSubquery(const Json& range_subselect, const Scope* outer, Scope* scope) {
  const Json& r = NodeBody(range_subselect);
  if (r.value("lateral", false)) NotSupported(LocationOf(r["subquery"]), "LATERAL");
  PlanPtr plan = Query(r["subquery"], outer);
  std::vector<std::string> names = FieldNames(*plan->schema);
  std::string relation;
  if (r.contains("alias")) {
    relation = r["alias"].value("aliasname", "");
    names = Aliased(r["alias"], names);
  }
  AddRelation(plan, relation, names, scope);
  return plan;
}

PlanPtr QueryBinder::Join(const Json& join, const Scope* outer, Scope* scope) {
  const Json& j = NodeBody(join);
  int at = -1;
  if (j.value("isNatural", false)) NotSupported(at, "NATURAL joins");
  if (j.contains("alias")) NotSupported(at, "an alias for a join");
  std::string type = j.value("jointype", "JOIN_INNER");
  JoinType join_type = type == "JOIN_LEFT"    ? JoinType::kLeft
                       : type == "JOIN_RIGHT" ? JoinType::kRight
                       : type == "JOIN_FULL"  ? JoinType::kFull
                                              : JoinType::kInner;
  Scope left_scope, right_scope;
  PlanPtr left = FromItem(j["larg"], outer, &left_scope);
  PlanPtr right = FromItem(j["rarg"], outer, &right_scope);
  Scope both;
  both.outer = outer;  // an ON condition of a correlated subquery may read the enclosing query
  both.columns = left_scope.columns;
  for (const auto& c : right_scope.columns) both.columns.push_back(c);
  std::vector<ExprPtr> left_keys, right_keys, condition;
  if (j.contains("usingClause")) {
    if (join_type == JoinType::kFull) NotSupported(at, "FULL JOIN ... USING");
    for (const auto& u : j["usingClause"]) {
      std::string name = StringValue(u);
      auto find = [&](const Scope& side, const char* which) -> const ScopeColumn& {
        const ScopeColumn* found = nullptr;
        for (const auto& c : side.columns)
          if (!c.hidden && c.name == name) {
            if (found)
              Fail(at, fmt::format("common column name \"{}\" appears more than once in {} table",
                                   name, which));
            found = &c;
          }
        if (!found)
          Fail(at, fmt::format("column \"{}\" specified in USING clause does not exist in {} table",
                               name, which));
        return *found;
      };
      const ScopeColumn& l = find(left_scope, "left");
      const ScopeColumn& r = find(right_scope, "right");
      left_keys.push_back(MakeColumnRef(name, l.id));
      right_keys.push_back(MakeColumnRef(name, r.id));
      // The shared column is the kept side's; the other copy needs its table's name.
      for (size_t i = 0; i < both.columns.size(); ++i) {
        ColumnId hide = join_type == JoinType::kRight ? l.id : r.id;
        if (both.columns[i].id == hide) both.columns[i].hidden = true;
      }
    }
  } else if (j.contains("quals")) {
    ExprContext ctx{&both, false, "JOIN conditions", nullptr};
    ExprPtr on = Expr(j["quals"], ctx);
    if (TypeOf(on, ctx, LocationOf(j["quals"])).id != TypeId::kBool)
      Fail(LocationOf(j["quals"]), "argument of JOIN/ON must be type boolean");
    // Equalities between a left and a right expression are the join's keys.
    for (const auto& c : SplitConjuncts(on)) {
      if (c->kind == ExprKind::kCall && c->name == "==") {
        auto a = ColumnsOf(c->args[0]), b = ColumnsOf(c->args[1]);
        if (!a.empty() && !b.empty()) {
          if (Within(a, left->ids) && Within(b, right->ids)) {
            left_keys.push_back(c->args[0]);
            right_keys.push_back(c->args[1]);
            continue;
          }
          if (Within(b, left->ids) && Within(a, right->ids)) {
            left_keys.push_back(c->args[1]);
            right_keys.push_back(c->args[0]);
            continue;
          }
        }
      }
      condition.push_back(c);
    }
  }
  PlanPtr plan =
      MakeJoinNode(left, right, left_keys, right_keys, join_type, JoinConjuncts(condition));
  // With USING, the shared columns come first (in the USING list's order), as in PostgreSQL.
  if (j.contains("usingClause")) {
    std::vector<ScopeColumn> ordered;
    for (const auto& k : join_type == JoinType::kRight ? right_keys : left_keys)
      for (const auto& c : both.columns)
        if (c.id == static_cast<ColumnId>(k->column_id)) ordered.push_back(c);
    for (const auto& c : both.columns)
      if (std::none_of(ordered.begin(), ordered.end(),
                       [&](const ScopeColumn& o) { return o.id == c.id; }))
        ordered.push_back(c);
    both.columns = std::move(ordered);
  }
  for (auto& c : both.columns) scope->columns.push_back(c);
  return plan;
}

PlanPtr QueryBinder::FromItem(const Json& item, const Scope* outer, Scope* scope) {
  const std::string& type = NodeType(item);
  if (type == "RangeVar") return NamedRelation(item, scope);
  if (type == "RangeSubselect") return FromSubquery(item, outer, scope);
  if (type == "JoinExpr") return Join(item, outer, scope);
  if (type == "RangeFunction") return TableFunction(item, scope);
  NotSupported(LocationOf(item), type + " in FROM");
}

PlanPtr QueryBinder::From(const Json& from_clause, const Scope* outer, Scope* scope) {
  PlanPtr plan;
  for (const auto& item : from_clause) {
    PlanPtr next = FromItem(item, outer, scope);
    plan = plan ? MakeJoinNode(plan, next, {}, {}, JoinType::kInner) : next;
  }
  return plan;
}

namespace {
// Whether a parse tree node holds a subquery anywhere (iterative: expressions nest deeply).
bool ContainsSubLink(const Json& root) {
  std::vector<const Json*> pending = {&root};
  while (!pending.empty()) {
    const Json& node = *pending.back();
    pending.pop_back();
    if (node.is_object() && node.contains("SubLink")) return true;
    if (node.is_object() || node.is_array())
      for (const auto& value : node) pending.push_back(&value);
  }
  return false;
}
}  // namespace

PlanPtr QueryBinder::Select(const Json& s, const Scope* outer) {
  if (s.contains("valuesLists")) return LimitOffset(s, Values(s));
  if (s.contains("intoClause")) NotSupported(-1, "SELECT INTO");
  Scope scope;
  scope.outer = outer;
  PlanPtr plan = s.contains("fromClause") ? From(s["fromClause"], outer, &scope) : OneRow();
  // This SELECT's window calls (subqueries in it have their own).
  std::vector<WindowCall> windows;
  auto saved_windows = windows_;
  auto saved_clause = window_clause_;
  windows_ = &windows;
  window_clause_ = s.contains("windowClause") ? &s["windowClause"] : nullptr;
  struct Restore {
    QueryBinder* b;
    std::vector<WindowCall>* w;
    const Json* c;
    ~Restore() {
      b->windows_ = w;
      b->window_clause_ = c;
    }
  } restore{this, saved_windows, saved_clause};

  // WHERE: [NOT] EXISTS and IN subqueries among its conjuncts filter by joins; the other
  // conjuncts make a filter (in a correlated subquery, references to the enclosing query
  // included: the decorrelation pass takes them from there).
  if (s.contains("whereClause")) {
    std::vector<const Json*> parts;
    const Json& where_json = s["whereClause"];
    if (NodeType(where_json) == "BoolExpr" &&
        NodeBody(where_json).value("boolop", "") == "AND_EXPR")
      for (const auto& a : NodeBody(where_json)["args"]) parts.push_back(&a);
    else
      parts.push_back(&where_json);
    std::vector<ExprPtr> conjuncts;
    // The conjuncts without subqueries filter first: a correlated subquery is then computed
    // only for the rows they keep (`c.id <> 0 AND (SELECT ... 100 / c.id ...)` divides by no 0).
    std::vector<const Json*> with_subqueries;
    for (const Json* part : parts)
      if (ContainsSubLink(*part)) with_subqueries.push_back(part);
    for (int pass = 0; pass < 2; ++pass) {
      for (const Json* part : parts) {
        bool has_subquery = std::find(with_subqueries.begin(), with_subqueries.end(), part) !=
                            with_subqueries.end();
        if (has_subquery != (pass == 1)) continue;
        if (FilterBySubquery(*part, &scope, &plan)) continue;
        ExprContext ctx{&scope, false, "WHERE", &plan};
        ExprPtr e = Expr(*part, ctx);
        int at = LocationOf(*part);
        if (TypeOf(e, ctx, at).id != TypeId::kBool)
          Fail(at, "argument of WHERE must be type boolean");
        for (const auto& c : SplitConjuncts(e)) conjuncts.push_back(c);
      }
      if (!conjuncts.empty()) plan = MakeFilterNode(plan, JoinConjuncts(conjuncts));
      conjuncts.clear();
    }
  }

  // The select list, with * expanded.
  struct Item {
    ExprPtr expr;
    std::string name;
    int location;
  };
  std::vector<Item> items;
  // Subqueries in the select list join onto the FROM clause's plan (before any grouping).
  ExprContext select_ctx{&scope, true, "the select list", &plan, true};
  if (!s.contains("targetList")) NotSupported(-1, "SELECT without columns");
  for (const auto& target : s["targetList"]) {
    const Json& t = NodeBody(target);
    const Json& val = t["val"];
    int at = t.value("location", -1);
    if (NodeType(val) == "ColumnRef" && NodeBody(val)["fields"].back().contains("A_Star")) {
      const Json& fields = NodeBody(val)["fields"];
      std::string relation = fields.size() >= 2 ? StringValue(fields[fields.size() - 2]) : "";
      bool any = false;
      for (const auto& c : scope.columns) {
        if (relation.empty() ? c.hidden : c.relation != relation) continue;
        items.push_back({MakeColumnRef(c.name, c.id), c.name, at});
        any = true;
      }
      if (!any && !relation.empty())
        Fail(at, fmt::format("missing FROM-clause entry for table \"{}\"", relation));
      if (!any) Fail(at, "SELECT * with no tables specified is not valid");
      continue;
    }
    ExprPtr e = Expr(val, select_ctx);
    items.push_back(
        {e, t.contains("name") ? t["name"].get<std::string>() : FigureColumnName(val), at});
  }

  // GROUP BY keys: positions, input columns, output names, or expressions; and the grouping
  // sets over them (ROLLUP, CUBE, GROUPING SETS), as lists of key indices. Plain keys are in
  // every set; several clause items multiply their sets.
  std::vector<ExprPtr> keys;
  std::vector<std::vector<size_t>> sets = {{}};
  if (s.contains("groupClause")) {
    ExprContext ctx{&scope, false, "GROUP BY", nullptr};
    auto bind_key = [&](const Json& g) -> size_t {
      ExprPtr key;
      if (IsIntegerConstant(g)) {
        int64_t n = IntegerValue(g, text_);
        if (n < 1 || n > static_cast<int64_t>(items.size()))
          Fail(LocationOf(g), fmt::format("GROUP BY position {} is not in select list", n));
        key = items[static_cast<size_t>(n - 1)].expr;
      } else if (NodeType(g) == "ColumnRef" && NodeBody(g)["fields"].size() == 1) {
        std::string name = StringValue(NodeBody(g)["fields"][0]);
        bool input = std::any_of(scope.columns.begin(), scope.columns.end(),
                                 [&](const ScopeColumn& c) { return !c.hidden && c.name == name; });
        auto item =
            std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
        if (!input && item != items.end()) key = item->expr;
      }
      if (!key) key = Expr(g, ctx);
      if (ContainsAggregate(*key))
        Fail(LocationOf(g), "aggregate functions are not allowed in GROUP BY");
      for (size_t k = 0; k < keys.size(); ++k)
        if (ExprKey(*keys[k]) == ExprKey(*key)) return k;
      keys.push_back(key);
      return keys.size() - 1;
    };
    // The keys of one element: (a, b) is two keys, a is one.
    auto element = [&](const Json& e) {
      std::vector<size_t> out;
      if (NodeType(e) == "RowExpr") {
        for (const auto& a : NodeBody(e)["args"]) out.push_back(bind_key(a));
      } else {
        out.push_back(bind_key(e));
      }
      return out;
    };
    std::function<std::vector<std::vector<size_t>>(const Json&)> sets_of =
        [&](const Json& g) -> std::vector<std::vector<size_t>> {
      if (NodeType(g) != "GroupingSet") return {element(g)};
      const Json& body = NodeBody(g);
      std::string kind = body.value("kind", "");
      std::vector<std::vector<size_t>> elements, out;
      if (body.contains("content"))
        for (const auto& c : body["content"]) {
          if (kind == "GROUPING_SET_SETS") {
            for (auto& set : sets_of(c)) out.push_back(set);
          } else {
            elements.push_back(element(c));
          }
        }
      if (kind == "GROUPING_SET_EMPTY") return {{}};
      if (kind == "GROUPING_SET_SETS") return out;
      if (kind == "GROUPING_SET_ROLLUP") {
        for (size_t n = elements.size() + 1; n-- > 0;) {
          std::vector<size_t> set;
          for (size_t e = 0; e < n; ++e)
            set.insert(set.end(), elements[e].begin(), elements[e].end());
          out.push_back(set);
        }
        return out;
      }
      if (kind == "GROUPING_SET_CUBE") {
        if (elements.size() > 12) NotSupported(LocationOf(g), "CUBE of more than 12 elements");
        for (size_t mask = (size_t{1} << elements.size()); mask-- > 0;) {
          std::vector<size_t> set;
          for (size_t e = 0; e < elements.size(); ++e)
            if (mask & (size_t{1} << (elements.size() - 1 - e)))
              set.insert(set.end(), elements[e].begin(), elements[e].end());
          out.push_back(set);
        }
        return out;
      }
      NotSupported(LocationOf(g), kind);
    };
    for (const auto& g : s["groupClause"]) {
      std::vector<std::vector<size_t>> product;
      for (const auto& left : sets)
        for (const auto& right : sets_of(g)) {
          std::vector<size_t> set = left;
          for (size_t k : right)
            if (std::find(set.begin(), set.end(), k) == set.end()) set.push_back(k);
          product.push_back(set);
        }
      sets = std::move(product);
    }
  }
  // Several grouping sets (or one that leaves keys out): one aggregation per set.
  bool grouping_sets = sets.size() > 1 || sets[0].size() != keys.size();

  ExprContext having_ctx{&scope, true, "HAVING", nullptr};
  ExprPtr having = s.contains("havingClause") ? Expr(s["havingClause"], having_ctx) : nullptr;

  // ORDER BY items are bound before the projection (they may read input columns).
  struct Order {
    int output = -1;  // a select item
    ExprPtr expr;     // else an expression
    bool ascending = true, nulls_first = false;
  };
  std::vector<Order> orders;
  if (s.contains("sortClause")) {
    for (const auto& o : s["sortClause"]) {
      const Json& sort = NodeBody(o);
      const Json& key = sort["node"];
      Order order;
      std::string dir = sort.value("sortby_dir", "SORTBY_DEFAULT");
      std::string nulls = sort.value("sortby_nulls", "SORTBY_NULLS_DEFAULT");
      order.ascending = dir != "SORTBY_DESC";
      order.nulls_first =
          nulls == "SORTBY_NULLS_DEFAULT" ? !order.ascending : nulls == "SORTBY_NULLS_FIRST";
      if (IsIntegerConstant(key)) {
        int64_t n = IntegerValue(key, text_);
        if (n < 1 || n > static_cast<int64_t>(items.size()))
          Fail(LocationOf(key), fmt::format("ORDER BY position {} is not in select list", n));
        order.output = static_cast<int>(n - 1);
      } else if (NodeType(key) == "ColumnRef" && NodeBody(key)["fields"].size() == 1) {
        std::string name = StringValue(NodeBody(key)["fields"][0]);
        int matches = 0;
        for (size_t i = 0; i < items.size(); ++i)
          if (items[i].name == name) {
            if (matches++ == 0) order.output = static_cast<int>(i);
          }
        if (matches > 1) Fail(LocationOf(key), fmt::format("ORDER BY \"{}\" is ambiguous", name));
      }
      if (order.output < 0)
        order.expr = Expr(key, ExprContext{&scope, true, "ORDER BY", nullptr, true});
      orders.push_back(order);
    }
  }

  bool aggregating = !keys.empty() || grouping_sets || (having && ContainsAggregate(*having));
  for (const auto& i : items) aggregating = aggregating || ContainsAggregate(*i.expr);
  for (const auto& w : windows) {
    aggregating = aggregating || ContainsAggregate(*w.function);
    for (const auto& p : w.partition) aggregating = aggregating || ContainsAggregate(*p);
    for (const auto& o : w.order) aggregating = aggregating || ContainsAggregate(*o.expr);
  }
  for (const auto& o : orders) aggregating = aggregating || (o.expr && ContainsAggregate(*o.expr));
  if (having && !aggregating) aggregating = true;

  // After aggregation, group keys and aggregate calls are replaced by the columns the
  // aggregation makes (expression key -> (id, name)); any other input column is an error.
  std::map<std::string, std::pair<ColumnId, std::string>> replacements;
  if (aggregating) {
    std::vector<ExprPtr> key_exprs, calls;
    std::vector<std::string> key_keys, call_keys;
    for (const auto& k : keys) {
      std::string key = ExprKey(*k);
      if (std::find(key_keys.begin(), key_keys.end(), key) != key_keys.end()) continue;
      key_keys.push_back(key);
      key_exprs.push_back(MakeAlias(k, "#key" + std::to_string(key_exprs.size())));
    }
    std::function<void(const ExprPtr&)> collect = [&](const ExprPtr& e) {
      if (e->kind == ExprKind::kAggregate && e->name == "grouping") return;  // not computed
      if (e->kind == ExprKind::kAggregate) {
        std::string key = ExprKey(*e);
        if (std::find(call_keys.begin(), call_keys.end(), key) == call_keys.end()) {
          call_keys.push_back(key);
          calls.push_back(MakeAlias(e, "#agg" + std::to_string(calls.size())));
        }
        return;
      }
      for (const auto& a : e->args) collect(a);
    };
    for (const auto& i : items) collect(i.expr);
    for (const auto& w : windows) {
      collect(w.function);
      for (const auto& p : w.partition) collect(p);
      for (const auto& o : w.order) collect(o.expr);
    }
    if (having) collect(having);
    for (const auto& o : orders)
      if (o.expr) collect(o.expr);
    // GROUPING(...) reads a mask of the keys each row's set leaves out (bit k: key k).
    ExprPtr grouping_mask = MakeLiteral(Scalar::Int64(0));
    if (!grouping_sets) {
      plan = MakeAggregateNode(plan, key_exprs, calls);
    } else {
      // One aggregation per set, each with every key (NULL where the set leaves it out) and
      // its mask, all in one union.
      PlanPtr input = plan, all;
      for (const auto& set : sets) {
        std::vector<ExprPtr> set_keys;
        for (size_t k : set) set_keys.push_back(key_exprs[k]);
        PlanPtr part = MakeAggregateNode(input, set_keys, calls);
        std::vector<ExprPtr> outputs;
        int64_t mask = 0;
        for (size_t k = 0; k < key_exprs.size(); ++k) {
          std::string name = "#key" + std::to_string(k);
          auto at = std::find(set.begin(), set.end(), k);
          if (at != set.end()) {
            size_t i = static_cast<size_t>(at - set.begin());
            outputs.push_back(MakeAlias(MakeColumnRef(name, part->ids[i]), name));
          } else {
            DataType type = ResultTypeIn(keys[k], *input);
            outputs.push_back(MakeAlias(MakeLiteral(Scalar::Null(type)), name));
            mask |= int64_t{1} << k;
          }
        }
        for (size_t a = 0; a < calls.size(); ++a)
          outputs.push_back(MakeAlias(MakeColumnRef("#agg", part->ids[set.size() + a]),
                                      "#agg" + std::to_string(a)));
        outputs.push_back(MakeAlias(MakeLiteral(Scalar::Int64(mask)), "#grouping"));
        part = MakeProjectNode(part, outputs);
        all = all ? MakeUnionNode(all, part) : part;
      }
      plan = all;
      grouping_mask = MakeColumnRef("#grouping", plan->ids.back());
    }
    for (size_t k = 0; k < key_keys.size(); ++k)
      replacements[key_keys[k]] = {plan->ids[k], "#key" + std::to_string(k)};
    for (size_t a = 0; a < call_keys.size(); ++a)
      replacements[call_keys[a]] = {plan->ids[key_keys.size() + a], "#agg" + std::to_string(a)};
    std::function<ExprPtr(const ExprPtr&, int)> replace = [&](const ExprPtr& e, int at) -> ExprPtr {
      if (e->kind == ExprKind::kAggregate && e->name == "grouping") {
        // GROUPING(a, b) = (a left out) * 2 + (b left out), from the mask.
        ExprPtr out = MakeLiteral(Scalar::Int64(0));
        for (const auto& arg : e->args) {
          auto k = std::find(key_keys.begin(), key_keys.end(), ExprKey(*arg));
          if (k == key_keys.end())
            Fail(at,
                 "arguments to GROUPING must be grouping expressions of the associated query "
                 "level");
          auto power = int64_t{1} << (k - key_keys.begin());
          ExprPtr bit =
              MakeCall("%", {MakeCall("div", {grouping_mask, MakeLiteral(Scalar::Int64(power))}),
                             MakeLiteral(Scalar::Int64(2))});
          out = MakeCall("+", {MakeCall("*", {out, MakeLiteral(Scalar::Int64(2))}), bit});
        }
        return MakeCast(out, DataType::Int32());
      }
      auto found = replacements.find(ExprKey(*e));
      if (found != replacements.end()) {
        // Keep the display name of a plain column.
        std::string name = e->kind == ExprKind::kColumn ? e->name : found->second.second;
        return MakeColumnRef(name, found->second.first);
      }
      bool window_column = std::any_of(windows.begin(), windows.end(), [&](const WindowCall& w) {
        return e->kind == ExprKind::kColumn && static_cast<ColumnId>(e->column_id) == w.placeholder;
      });
      if (window_column) return e;
      if (e->kind == ExprKind::kColumn)
        Fail(at, fmt::format("column \"{}\" must appear in the GROUP BY clause or be used in an "
                             "aggregate function",
                             e->name));
      if (e->args.empty()) return e;
      auto copy = std::make_shared<ExprNode>(*e);
      for (auto& a : copy->args) a = replace(a, at);
      return copy;
    };
    for (auto& i : items) i.expr = replace(i.expr, i.location);
    for (auto& w : windows) {
      w.function = replace(w.function, -1);
      for (auto& p : w.partition) p = replace(p, -1);
      for (auto& o : w.order) o.expr = replace(o.expr, -1);
    }
    if (having) having = replace(having, LocationOf(s["havingClause"]));
    for (auto& o : orders)
      if (o.expr) o.expr = replace(o.expr, -1);
  }

  if (having) plan = MakeFilterNode(plan, having);
  if (!windows.empty()) {
    std::map<ColumnId, ColumnId> placeholders;
    plan = PlanWindows(plan, windows, &placeholders);
    for (auto& i : items) i.expr = RemapColumns(i.expr, placeholders);
    for (auto& o : orders)
      if (o.expr) o.expr = RemapColumns(o.expr, placeholders);
  }

  // The projection: the select items, then ORDER BY expressions that are not among them.
  bool distinct = s.contains("distinctClause");
  // DISTINCT ON (exprs): the first row of each group of equal exprs, in ORDER BY's order.
  std::vector<size_t> distinct_on;
  if (distinct && !s["distinctClause"].empty() && !s["distinctClause"][0].is_null() &&
      !s["distinctClause"][0].empty()) {
    for (const auto& d : s["distinctClause"]) {
      int index = -1;
      if (IsIntegerConstant(d)) {
        index = static_cast<int>(IntegerValue(d, text_)) - 1;
      } else if (NodeType(d) == "ColumnRef" && NodeBody(d)["fields"].size() == 1) {
        std::string name = StringValue(NodeBody(d)["fields"][0]);
        for (size_t i = 0; i < items.size() && index < 0; ++i)
          if (items[i].name == name) index = static_cast<int>(i);
      }
      if (index < 0) {
        std::string key = ExprKey(*Expr(d, ExprContext{&scope, true, "DISTINCT ON", nullptr}));
        for (size_t i = 0; i < items.size() && index < 0; ++i)
          if (ExprKey(*items[i].expr) == key) index = static_cast<int>(i);
      }
      if (index < 0 || index >= static_cast<int>(items.size()))
        NotSupported(LocationOf(d), "DISTINCT ON expressions that are not in the select list");
      distinct_on.push_back(static_cast<size_t>(index));
    }
    distinct = false;
  }
  std::vector<ExprPtr> outputs;
  for (const auto& i : items) outputs.push_back(MakeAlias(i.expr, i.name));
  const size_t visible_outputs = outputs.size();
  size_t hidden = 0;
  for (auto& o : orders) {
    if (o.output >= 0) continue;
    std::string key = ExprKey(*o.expr);
    for (size_t i = 0; i < items.size(); ++i)
      if (ExprKey(*items[i].expr) == key) {
        o.output = static_cast<int>(i);
        break;
      }
    if (o.output >= 0) continue;
    if (distinct) Fail(-1, "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    o.output = static_cast<int>(outputs.size());
    outputs.push_back(MakeAlias(o.expr, "#order" + std::to_string(hidden++)));
  }
  plan = MakeProjectNode(plan, outputs, false);
  if (distinct) plan = MakeDistinctNode(plan);
  if (!distinct_on.empty()) {
    std::vector<ExprPtr> partition;
    for (size_t i : distinct_on)
      partition.push_back(MakeColumnRef(plan->schema->field(i).name, plan->ids[i]));
    std::vector<SortSpec> order;
    for (const auto& o : orders) {
      size_t i = static_cast<size_t>(o.output);
      order.push_back(
          {MakeColumnRef(plan->schema->field(i).name, plan->ids[i]), o.ascending, o.nulls_first});
    }
    plan = MakeWindowNode(plan, "#first", MakeWindowCall("row_number", {}), partition, order);
    plan = MakeFilterNode(plan, MakeCall("==", {MakeColumnRef("#first", plan->ids.back()),
                                                MakeLiteral(Scalar::Int64(1))}));
    ++hidden;
  }
  if (!orders.empty()) {
    std::vector<SortSpec> specs;
    for (const auto& o : orders) {
      size_t i = static_cast<size_t>(o.output);
      specs.push_back(
          {MakeColumnRef(plan->schema->field(i).name, plan->ids[i]), o.ascending, o.nulls_first});
    }
    plan = MakeSortNode(plan, specs);
  }
  plan = LimitOffset(s, plan);
  if (hidden > 0) {
    std::vector<ExprPtr> visible;
    for (size_t i = 0; i < visible_outputs; ++i)
      visible.push_back(MakeColumnRef(plan->schema->field(i).name, plan->ids[i]));
    plan = MakeProjectNode(plan, visible, false);
  }
  return plan;
}

PlanPtr QueryBinder::Relation(const std::string& key, const std::string& name, int references,
                              const std::string& materialized,
                              const std::function<PlanPtr()>& bind) {
  if (references < 2 || materialized == "Never") return bind();
  auto found = shared_.find(key);
  if (found == shared_.end()) {
    // Computed once when it aggregates (as PostgreSQL, a CTE marked MATERIALIZED always):
    // a plain selection read in two places is better read twice, each place's filters pushed
    // into its own scan.
    PlanPtr plan = bind();
    bool share = (materialized == "Always" || Aggregates(*plan)) && UniqueNames(*plan->schema);
    found = shared_.emplace(key, share ? std::make_shared<SharedPlanSource>(name, plan) : nullptr)
                .first;
    if (!share) return plan;
  }
  return found->second ? MakeScanNode(found->second) : bind();
}

PlanPtr BindQuery(const Json& select_stmt, const std::string& text, const SqlCatalog& catalog,
                  const SqlViews* views) {
  QueryBinder binder(text, catalog, views, &select_stmt);
  return binder.Query(select_stmt, nullptr);
}

}  // namespace tally
