// Window functions in SQL: `f(...) OVER (PARTITION BY ... ORDER BY ... frame)` and named
// windows (`OVER w ... WINDOW w AS (...)`). Each call becomes a window node over the query's
// rows after grouping and HAVING, and the call's place in the select list reads its column.
#include <fmt/format.h>

#include <set>

#include "common/error.h"
#include "exec/function_registry.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

// PostgreSQL's frame option bits (parsenodes.h).
enum FrameOption : int {
  kNonDefault = 0x1,
  kRange = 0x2,
  kRows = 0x4,
  kGroups = 0x8,
  kStartUnboundedPreceding = 0x20,
  kEndUnboundedPreceding = 0x40,
  kStartUnboundedFollowing = 0x80,
  kEndUnboundedFollowing = 0x100,
  kStartCurrentRow = 0x200,
  kEndCurrentRow = 0x400,
  kStartOffsetPreceding = 0x800,
  kEndOffsetPreceding = 0x1000,
  kStartOffsetFollowing = 0x2000,
  kEndOffsetFollowing = 0x4000,
  kExclude = 0x8000 | 0x10000 | 0x20000,
};

const std::set<std::string>& RankingFunctions() {
  static const std::set<std::string> kNames = {"row_number",   "rank",      "dense_rank",
                                               "percent_rank", "cume_dist", "ntile"};
  return kNames;
}

}  // namespace

void SortDirection(const Json& sort, bool* ascending, bool* nulls_first) {
  std::string dir = sort.value("sortby_dir", "SORTBY_DEFAULT");
  std::string nulls = sort.value("sortby_nulls", "SORTBY_NULLS_DEFAULT");
  if (dir == "SORTBY_USING") ThrowError("not supported: ORDER BY ... USING");
  *ascending = dir != "SORTBY_DESC";
  *nulls_first = nulls == "SORTBY_NULLS_DEFAULT" ? !*ascending : nulls == "SORTBY_NULLS_FIRST";
}

SortSpec QueryBinder::SortKey(const Json& sort_by, const ExprContext& ctx) {
  const Json& sort = NodeBody(sort_by);
  SortSpec spec;
  SortDirection(sort, &spec.ascending, &spec.nulls_first);
  spec.expr = Expr(sort["node"], ctx);
  return spec;
}

WindowFrame QueryBinder::Frame(const Json& def) {
  int options = def.value("frameOptions", 0);
  int at = def.value("location", -1);
  WindowFrame frame;
  if (!(options & kNonDefault)) return frame;
  if (options & kGroups) NotSupported(at, "GROUPS frames");
  if (options & kExclude) NotSupported(at, "EXCLUDE in window frames");
  frame.rows = (options & kRows) != 0;
  auto offset = [&](const char* field) -> int64_t {
    const Json& node = def[field];
    if (NodeType(node) != "A_Const" || !NodeBody(node).contains("ival"))
      NotSupported(LocationOf(node), "frame offsets other than integer constants");
    int64_t v = IntegerValue(node, text_);
    if (v < 0) Fail(LocationOf(node), "frame starting offset must not be negative");
    return v;
  };
  if (!frame.rows && (options & (kStartOffsetPreceding | kStartOffsetFollowing |
                                 kEndOffsetPreceding | kEndOffsetFollowing)))
    NotSupported(at, "RANGE frames with offsets (use ROWS)");
  if (options & kStartUnboundedPreceding) frame.start = {FrameBoundKind::kUnboundedPreceding, 0};
  if (options & kStartCurrentRow) frame.start = {FrameBoundKind::kCurrentRow, 0};
  if (options & kStartOffsetPreceding)
    frame.start = {FrameBoundKind::kPreceding, offset("startOffset")};
  if (options & kStartOffsetFollowing)
    frame.start = {FrameBoundKind::kFollowing, offset("startOffset")};
  if (options & kStartUnboundedFollowing) Fail(at, "frame start cannot be UNBOUNDED FOLLOWING");
  frame.end = {FrameBoundKind::kCurrentRow, 0};
  if (options & kEndUnboundedFollowing) frame.end = {FrameBoundKind::kUnboundedFollowing, 0};
  if (options & kEndOffsetPreceding) frame.end = {FrameBoundKind::kPreceding, offset("endOffset")};
  if (options & kEndOffsetFollowing) frame.end = {FrameBoundKind::kFollowing, offset("endOffset")};
  if (options & kEndUnboundedPreceding) Fail(at, "frame end cannot be UNBOUNDED PRECEDING");
  return frame;
}

ExprPtr QueryBinder::WindowFunction(const Json& node, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  std::string name = Lower(StringValue(body["funcname"].back()));
  if (!ctx.windows_allowed || !windows_)
    Fail(at, fmt::format("window functions are not allowed in {}", ctx.clause));
  if (body.value("agg_distinct", false))
    NotSupported(at, "DISTINCT is not implemented for window functions");
  if (body.contains("agg_filter")) NotSupported(at, "FILTER in window functions");
  if (body.contains("agg_order")) NotSupported(at, "ordered aggregates over windows");
  // The window: inline, or named in the WINDOW clause.
  const Json* def = &body["over"];
  if (def->contains("name")) {
    std::string window = (*def)["name"];
    const Json* found = nullptr;
    if (window_clause_)
      for (const auto& w : *window_clause_)
        if (NodeBody(w).value("name", "") == window) found = &NodeBody(w);
    if (!found) Fail(at, fmt::format("window \"{}\" does not exist", window));
    def = found;
  }
  if (def->contains("refname")) NotSupported(at, "windows that refine another window");

  // Arguments may use aggregates (when the query groups), not other window calls.
  ExprContext inner = ctx;
  inner.windows_allowed = false;
  inner.clause = "window function calls";
  std::vector<ExprPtr> args;
  if (body.contains("args"))
    for (const auto& a : body["args"]) args.push_back(Expr(a, inner));
  auto constant_int = [&](size_t i, const char* what) -> int64_t {
    if (args.size() <= i) return 1;
    const Json& arg = body["args"][i];
    if (!(NodeType(arg) == "A_Const" && NodeBody(arg).contains("ival")))
      NotSupported(LocationOf(arg), fmt::format("{} other than an integer constant", what));
    return IntegerValue(arg, text_);
  };
  std::string function = name;
  double param = 0;
  std::vector<ExprPtr> call_args;
  bool star = body.value("agg_star", false);
  if (RankingFunctions().count(name)) {
    if (name == "ntile") {
      if (args.size() != 1) Fail(at, "ntile needs one argument");
      param = static_cast<double>(constant_int(0, "the number of ntile buckets"));
    } else if (!args.empty()) {
      Fail(at, fmt::format("function {}() takes no arguments", name));
    }
  } else if (name == "lag" || name == "lead") {
    if (args.empty() || args.size() > 3) Fail(at, fmt::format("{} needs 1 to 3 arguments", name));
    param = static_cast<double>(constant_int(1, "the offset of lag and lead"));
    call_args.push_back(args[0]);
    if (args.size() == 3) {
      DataType type = TypeOf(args[0], inner, at);
      call_args.push_back(MakeCast(args[2], type));
      TypeOf(call_args.back(), inner, at);
    }
  } else if (name == "first_value" || name == "last_value" || name == "nth_value") {
    if (args.size() != (name == "nth_value" ? 2u : 1u))
      Fail(at, fmt::format("wrong number of arguments for {}", name));
    if (name == "nth_value") param = static_cast<double>(constant_int(1, "nth_value's n"));
    call_args.push_back(args[0]);
  } else if (name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max") {
    if (star || args.empty()) {
      function = "count_star";
    } else {
      if (args.size() != 1) Fail(at, fmt::format("{} takes one argument", name));
      function = name == "avg" ? "mean" : name;
      call_args.push_back(args[0]);
    }
  } else if (BuiltinFunctions().HasAggregate(name)) {
    NotSupported(at, fmt::format("{}() as a window function", name));
  } else {
    Fail(at, fmt::format("function {}() is not a window function", name));
  }
  WindowCall call;
  call.function = MakeWindowCall(function, call_args, param);
  if (def->contains("partitionClause"))
    for (const auto& p : (*def)["partitionClause"]) call.partition.push_back(Expr(p, inner));
  if (def->contains("orderClause"))
    for (const auto& o : (*def)["orderClause"]) call.order.push_back(SortKey(o, inner));
  call.frame = Frame(*def);
  // The result's type, for the expressions around the call.
  std::vector<DataType> types;
  for (const auto& a : call_args) types.push_back(TypeOf(a, inner, at));
  DataType type;
  try {
    BuiltinFunctions().CheckWindow(function, types);
    type = WindowResultType(function, types);
  } catch (const Error& e) {
    Fail(at, e.message());
  }
  call.placeholder = NewColumnId();
  std::string column = fmt::format("#window{}", windows_->size());
  ctx.scope->columns.push_back({"", column, call.placeholder, type, true});
  windows_->push_back(std::move(call));
  return MakeColumnRef(column, windows_->back().placeholder);
}

PlanPtr QueryBinder::PlanWindows(PlanPtr plan, const std::vector<WindowCall>& calls,
                                 std::map<ColumnId, ColumnId>* placeholders) {
  for (size_t i = 0; i < calls.size(); ++i) {
    const WindowCall& c = calls[i];
    plan = MakeWindowNode(plan, fmt::format("#window{}", i), c.function, c.partition, c.order,
                          c.frame);
    (*placeholders)[c.placeholder] = plan->ids.back();
  }
  return plan;
}

}  // namespace tally
