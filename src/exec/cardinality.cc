#include "exec/cardinality.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "exec/shared_plan.h"

namespace tally {
namespace {

// A CSV row of the retail layout takes about 90 bytes; other files are guessed alike.
constexpr double kCsvBytesPerRow = 90;
constexpr double kUnknownRows = 1000;

double ScanRows(const ScanNode& scan) {
  int64_t known = scan.source->KnownRows();
  if (known >= 0) return static_cast<double>(known);
  size_t bytes = scan.source->EstimatedBytes();
  return bytes > 0 ? static_cast<double>(bytes) / kCsvBytesPerRow : kUnknownRows;
}

void Explain(const LogicalNode& node, int indent, const NodeNote& note, std::string* out) {
  std::string text = node.ToString(indent);
  std::string first_line = text.substr(0, text.find('\n'));
  std::string rows = WithThousands(EstimateRows(node));
  *out += fmt::format("{}  (~{} {})", first_line, rows, rows == "1" ? "row" : "rows");
  if (note) *out += "  " + note(node);
  *out += "\n";
  for (const auto& c : node.children) Explain(*c, indent + 1, note, out);
}

// Distinct values of a scan column: an integer or date column holds at most max - min + 1.
double ScanDistinct(const ScanNode& scan, size_t index, double rows) {
  Scalar min, max;
  int column = scan.columns[index];
  if (const SharedPlanSource* shared = SharedSourceOf(scan)) {
    const LogicalNode& inner = *shared->plan();  // produces the bound plan's columns
    ColumnId id = shared->bound()->ids[static_cast<size_t>(column)];
    return std::min(rows, EstimateDistinct(inner, id));
  }
  const DataType& type = scan.schema->field(index).type;
  bool integral =
      type.id == TypeId::kInt32 || type.id == TypeId::kInt64 || type.id == TypeId::kDate;
  if (integral && scan.source->KnownRange(column, &min, &max) && !min.is_null() && !max.is_null()) {
    double span = static_cast<double>(max.int_value()) - static_cast<double>(min.int_value()) + 1;
    return std::max(1.0, std::min(rows, span));
  }
  return rows;
}

// Where a value lies on one line for numbers, dates and timestamps (both in days, so a date
// column compares with a timestamp bound); nothing for strings, booleans and NULL.
std::optional<double> Position(const Scalar& v) {
  if (v.is_null() || v.type().id == TypeId::kString || v.type().id == TypeId::kBool)
    return std::nullopt;
  if (v.type().id == TypeId::kTimestamp) return static_cast<double>(v.int_value()) / 86400e6;
  return v.ToDouble();
}

// The fraction of a scan's rows its filter keeps: comparisons of a column with constants bound
// an interval of the column, measured against its known range (Parquet statistics), as if its
// values were spread evenly; other conjuncts as Selectivity guesses.
double ScanSelectivity(const ScanNode& scan, const ExprPtr& filter) {
  struct Interval {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    int bounds = 0;
  };
  std::map<size_t, Interval> intervals;  // by the scan's output index
  double selectivity = 1.0;
  for (const auto& c : SplitConjuncts(filter)) {
    const ExprNode& e = StripAlias(*c);
    bool comparison = e.kind == ExprKind::kCall && e.args.size() == 2 &&
                      (e.name == "<" || e.name == "<=" || e.name == ">" || e.name == ">=");
    if (comparison) {
      const ExprNode* column = &StripAlias(*e.args[0]);
      const ExprNode* constant = &StripAlias(*e.args[1]);
      bool upper = e.name[0] == '<';  // column < constant bounds it from above
      if (column->kind != ExprKind::kColumn && column->kind != ExprKind::kCast) {
        std::swap(column, constant);
        upper = !upper;
      }
      if (column->kind == ExprKind::kCast) column = &StripAlias(*column->args[0]);
      int index = column->kind == ExprKind::kColumn ? scan.IndexOf(column->column_id) : -1;
      std::optional<double> at =
          constant->kind == ExprKind::kLiteral ? Position(constant->literal) : std::nullopt;
      if (index >= 0 && at) {
        Interval& interval = intervals[static_cast<size_t>(index)];
        if (upper)
          interval.high = std::min(interval.high, *at);
        else
          interval.low = std::max(interval.low, *at);
        ++interval.bounds;
        continue;
      }
    }
    selectivity *= Selectivity(*c);
  }
  for (const auto& [index, interval] : intervals) {
    Scalar min, max;
    std::optional<double> low, high;
    if (scan.source->KnownRange(scan.columns[index], &min, &max)) {
      low = Position(min);
      high = Position(max);
    }
    if (low && high && *high > *low) {
      double kept = std::min(interval.high, *high) - std::max(interval.low, *low);
      selectivity *= std::clamp(kept / (*high - *low), 0.0, 1.0);
    } else {
      selectivity *= std::pow(1.0 / 3, interval.bounds);
    }
  }
  return selectivity;
}

// The key pair of a join whose distinct counts shrink its result most: |L| x |R| / max(ndv).
double KeyedJoinRows(const JoinNode& join, double left, double right) {
  double best = std::max(left, right);
  for (size_t k = 0; k < join.left_keys.size(); ++k) {
    const ExprNode& l = StripAlias(*join.left_keys[k]);
    const ExprNode& r = StripAlias(*join.right_keys[k]);
    if (l.kind != ExprKind::kColumn || r.kind != ExprKind::kColumn) continue;
    double dl = EstimateDistinct(*join.children[0], static_cast<ColumnId>(l.column_id));
    double dr = EstimateDistinct(*join.children[1], static_cast<ColumnId>(r.column_id));
    best = std::min(best, left * right / std::max({dl, dr, 1.0}));
  }
  return best;
}

// The fraction of side `kept`'s rows that find a match on the other side of a semi or anti
// join: the other side's distinct keys over this side's (as if the fewer keys were among the
// more), a half when a key is not a plain column.
double KeyMatchFraction(const JoinNode& join, size_t kept) {
  if (join.left_keys.empty()) return 0.5;
  const auto& kept_keys = kept == 0 ? join.left_keys : join.right_keys;
  const auto& other_keys = kept == 0 ? join.right_keys : join.left_keys;
  double fraction = 1.0;
  for (size_t k = 0; k < kept_keys.size(); ++k) {
    const ExprNode& a = StripAlias(*kept_keys[k]);
    const ExprNode& b = StripAlias(*other_keys[k]);
    if (a.kind != ExprKind::kColumn || b.kind != ExprKind::kColumn) return 0.5;
    double mine = EstimateDistinct(*join.children[kept], static_cast<ColumnId>(a.column_id));
    double theirs = EstimateDistinct(*join.children[1 - kept], static_cast<ColumnId>(b.column_id));
    fraction = std::min(fraction, std::clamp(theirs / std::max(mine, 1.0), 0.0, 1.0));
  }
  // Never all or none: keys seen as contained may still miss (anti joins keep those rows).
  return std::clamp(fraction, 0.01, 0.99);
}

}  // namespace

double EstimateDistinct(const LogicalNode& node, ColumnId id) {
  double rows = EstimateRows(node);
  int index = node.IndexOf(id);
  if (index < 0) return rows;
  switch (node.kind) {
    case PlanKind::kScan:
      return ScanDistinct(node.As<ScanNode>(), static_cast<size_t>(index), rows);
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
    case PlanKind::kWindow:
    case PlanKind::kDistinct:
      if (node.children[0]->IndexOf(id) < 0) return rows;
      return std::min(rows, EstimateDistinct(*node.children[0], id));
    case PlanKind::kProject: {
      const ExprNode& e = StripAlias(*node.As<ProjectNode>().exprs[static_cast<size_t>(index)]);
      if (e.kind != ExprKind::kColumn) return rows;
      return std::min(rows,
                      EstimateDistinct(*node.children[0], static_cast<ColumnId>(e.column_id)));
    }
    case PlanKind::kJoin:
      for (const auto& child : node.children)
        if (child->IndexOf(id) >= 0) return std::min(rows, EstimateDistinct(*child, id));
      return rows;
    case PlanKind::kAggregate:
    case PlanKind::kUnion:
    case PlanKind::kDependentJoin:
      return rows;
  }
  return rows;
}

double Selectivity(const ExprNode& predicate) {
  const ExprNode& e = StripAlias(predicate);
  if (e.kind == ExprKind::kLiteral)
    return !e.literal.is_null() && e.literal.type().id == TypeId::kBool && e.literal.bool_value()
               ? 1.0
               : 0.0;
  if (e.kind != ExprKind::kCall) return 0.5;
  if (e.name == "and") return Selectivity(*e.args[0]) * Selectivity(*e.args[1]);
  if (e.name == "or") {
    double a = Selectivity(*e.args[0]), b = Selectivity(*e.args[1]);
    return a + b - a * b;
  }
  if (e.name == "not") return 1.0 - Selectivity(*e.args[0]);
  if (e.name == "==") return 0.1;
  if (e.name == "#in_list")  // as the OR of its equalities
    return 1.0 - std::pow(0.9, static_cast<double>(e.args.size() - 1));
  if (e.name == "<" || e.name == "<=" || e.name == ">" || e.name == ">=") return 1.0 / 3;
  if (e.name == "is_null") return 0.1;
  // A pattern match keeps few rows as a rule (TPC-H: '%green%' 5% of parts, 'forest%' 1%).
  if (e.name == "like" || e.name == "starts_with" || e.name == "ends_with" ||
      e.name == "contains" || e.name == "regexp_like")
    return 0.1;
  if (e.name == "is_not_null" || e.name == "!=") return 0.9;
  return 0.5;
}

namespace {

// Estimates already made in the current outermost call, by node: a join's estimate asks its
// inputs' rows and distinct counts again and again, which without memory grows exponentially
// with the depth of the join tree.
thread_local std::unordered_map<const LogicalNode*, double>* t_rows = nullptr;

double EstimateRowsUncached(const LogicalNode& node);

}  // namespace

EstimateCache::EstimateCache() : owner_(t_rows == nullptr) {
  if (owner_) t_rows = &rows_;
}

EstimateCache::~EstimateCache() {
  if (owner_) t_rows = nullptr;
}

double EstimateRows(const LogicalNode& node) {
  EstimateCache memory;
  auto found = t_rows->find(&node);
  if (found != t_rows->end()) return found->second;
  double rows = EstimateRowsUncached(node);
  (*t_rows)[&node] = rows;
  return rows;
}

namespace {

double EstimateRowsUncached(const LogicalNode& node) {
  auto child = [&](size_t i) { return EstimateRows(*node.children[i]); };
  switch (node.kind) {
    case PlanKind::kScan: {
      const auto& scan = node.As<ScanNode>();
      return ScanRows(scan) * (scan.filter ? ScanSelectivity(scan, scan.filter) : 1.0);
    }
    case PlanKind::kFilter:
      return child(0) * Selectivity(*node.As<FilterNode>().predicate);
    case PlanKind::kProject:
    case PlanKind::kSort:
    case PlanKind::kWindow:
    case PlanKind::kDependentJoin:
      return child(0);
    case PlanKind::kLimit: {
      const auto& limit = node.As<LimitNode>();
      return limit.limit < 0 ? std::max(0.0, child(0) - static_cast<double>(limit.offset))
                             : std::min(child(0), static_cast<double>(limit.limit));
    }
    case PlanKind::kAggregate:
      return node.As<AggregateNode>().keys.empty() ? 1.0 : std::max(1.0, std::ceil(child(0) * 0.1));
    case PlanKind::kDistinct:
      return std::max(1.0, std::ceil(child(0) * 0.5));
    case PlanKind::kUnion:
      return child(0) + child(1);
    case PlanKind::kJoin: {
      const auto& join = node.As<JoinNode>();
      double left = child(0), right = child(1);
      double condition = join.condition ? Selectivity(*join.condition) : 1.0;
      double pairs = join.left_keys.empty() ? left * right : KeyedJoinRows(join, left, right);
      pairs *= condition;
      switch (join.type) {
        case JoinType::kInner:
          return pairs;
        case JoinType::kLeft:
          return std::max(pairs, left);
        case JoinType::kRight:
          return std::max(pairs, right);
        case JoinType::kFull:
          return std::max(pairs, left + right);
        case JoinType::kSemi:
          return left * KeyMatchFraction(join, 0);
        case JoinType::kAnti:
          return left * (1 - KeyMatchFraction(join, 0));
        case JoinType::kMark:
          return left;
        case JoinType::kRightSemi:
          return right * KeyMatchFraction(join, 1);
        case JoinType::kRightAnti:
          return right * (1 - KeyMatchFraction(join, 1));
      }
      return pairs;
    }
  }
  return kUnknownRows;
}

}  // namespace

std::string WithThousands(double rows) {
  std::string digits = fmt::format("{:.0f}", std::max(rows, 0.0));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ExplainWithEstimates(const PlanPtr& plan, const NodeNote& note) {
  EstimateCache memory;
  std::string out;
  Explain(*plan, 0, note, &out);
  for (const SharedPlanSource* shared : SharedSourcesIn(*plan)) {
    out += fmt::format("Shared result {}, computed once:\n", shared->name());
    Explain(*shared->plan(), 1, note, &out);
  }
  return out;
}

}  // namespace tally
