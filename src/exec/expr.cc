#include "exec/expr.h"

#include <fmt/format.h>

namespace tally {
namespace {

bool IsInfixOperator(const std::string& name) {
  static const std::set<std::string> kInfix = {
      "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  return kInfix.count(name) > 0;
}

std::string JoinArgs(const std::vector<ExprPtr>& args) {
  std::string out;
  for (const auto& a : args) {
    if (!out.empty()) out += ", ";
    out += a->ToString();
  }
  return out;
}

std::shared_ptr<ExprNode> NewNode(ExprKind kind) {
  auto node = std::make_shared<ExprNode>();
  node->kind = kind;
  return node;
}

}  // namespace

std::string ExprNode::ToString() const {
  switch (kind) {
    case ExprKind::kColumn:
      return name;
    case ExprKind::kOuterColumn:
      return "outer." + name;
    case ExprKind::kLiteral:
      if (literal.type().id == TypeId::kString && !literal.is_null())
        return "'" + literal.string_value() + "'";
      return literal.ToString();
    case ExprKind::kCall:
      if (IsInfixOperator(name) && args.size() == 2)
        return fmt::format("({} {} {})", args[0]->ToString(), name, args[1]->ToString());
      if (name == "not" && args.size() == 1) return fmt::format("(not {})", args[0]->ToString());
      return fmt::format("{}({})", name, JoinArgs(args));
    case ExprKind::kCast:
      return fmt::format("cast({} as {})", args[0]->ToString(), cast_type.ToString());
    case ExprKind::kCase: {
      std::string out = "case";
      size_t pairs = (args.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i)
        out +=
            fmt::format(" when {} then {}", args[2 * i]->ToString(), args[2 * i + 1]->ToString());
      if (has_else) out += " else " + args.back()->ToString();
      return out + " end";
    }
    case ExprKind::kAlias:
      return fmt::format("{} as {}", args[0]->ToString(), name);
    case ExprKind::kAggregate:
    case ExprKind::kWindow:
      if (name == "quantile_element" || name == "quantile_interp")
        return fmt::format("{}({}, {})", name, JoinArgs(args), param);
      if ((name == "lag" || name == "lead") && param != 1)
        return fmt::format("{}({}, {})", name, JoinArgs(args), static_cast<int64_t>(param));
      if (name == "count_star") return "count(*)";
      return fmt::format("{}({})", name, JoinArgs(args));
  }
  return "?";
}

std::string ExprNode::OutputName() const {
  if (kind == ExprKind::kAlias || kind == ExprKind::kColumn) return name;
  return ToString();
}

ExprPtr MakeColumnRef(std::string name) {
  auto node = NewNode(ExprKind::kColumn);
  node->name = std::move(name);
  return node;
}

ExprPtr MakeColumnRef(std::string name, ColumnId id) {
  auto node = NewNode(ExprKind::kColumn);
  node->name = std::move(name);
  node->column_id = id;
  return node;
}

ExprPtr MakeOuterColumnRef(std::string name, ColumnId id, DataType type) {
  auto node = NewNode(ExprKind::kOuterColumn);
  node->name = std::move(name);
  node->column_id = id;
  node->cast_type = type;
  return node;
}

ExprPtr MakeLiteral(Scalar value) {
  auto node = NewNode(ExprKind::kLiteral);
  node->literal = std::move(value);
  return node;
}

ExprPtr MakeCall(std::string name, std::vector<ExprPtr> args) {
  auto node = NewNode(ExprKind::kCall);
  node->name = std::move(name);
  node->args = std::move(args);
  return node;
}

ExprPtr MakeCast(ExprPtr child, DataType type, bool truncate) {
  auto node = NewNode(ExprKind::kCast);
  node->cast_type = type;
  node->param = truncate ? 1 : 0;
  node->args = {std::move(child)};
  return node;
}

ExprPtr MakeAlias(ExprPtr child, std::string name) {
  auto node = NewNode(ExprKind::kAlias);
  node->name = std::move(name);
  node->args = {std::move(child)};
  return node;
}

ExprPtr MakeCase(std::vector<ExprPtr> conditions_and_values, bool has_else) {
  auto node = NewNode(ExprKind::kCase);
  node->args = std::move(conditions_and_values);
  node->has_else = has_else;
  return node;
}

ExprPtr MakeAggregateCall(std::string name, std::vector<ExprPtr> args, double param) {
  auto node = NewNode(ExprKind::kAggregate);
  node->name = std::move(name);
  node->args = std::move(args);
  node->param = param;
  return node;
}

ExprPtr MakeWindowCall(std::string name, std::vector<ExprPtr> args, double param) {
  auto node = NewNode(ExprKind::kWindow);
  node->name = std::move(name);
  node->args = std::move(args);
  node->param = param;
  return node;
}

void CollectColumnNames(const ExprNode& expr, std::set<std::string>* names) {
  if (expr.kind == ExprKind::kColumn) names->insert(expr.name);
  for (const auto& a : expr.args) CollectColumnNames(*a, names);
}

void CollectColumnIds(const ExprNode& expr, std::set<ColumnId>* ids) {
  if (expr.kind == ExprKind::kColumn && expr.column_id >= 0)
    ids->insert(static_cast<ColumnId>(expr.column_id));
  for (const auto& a : expr.args) CollectColumnIds(*a, ids);
}

void CollectOuterColumnIds(const ExprNode& expr, std::set<ColumnId>* ids) {
  if (expr.kind == ExprKind::kOuterColumn) ids->insert(static_cast<ColumnId>(expr.column_id));
  for (const auto& a : expr.args) CollectOuterColumnIds(*a, ids);
}

bool ContainsAggregate(const ExprNode& expr) {
  if (expr.kind == ExprKind::kAggregate) return true;
  for (const auto& a : expr.args)
    if (ContainsAggregate(*a)) return true;
  return false;
}

bool ContainsWindow(const ExprNode& expr) {
  if (expr.kind == ExprKind::kWindow) return true;
  for (const auto& a : expr.args)
    if (ContainsWindow(*a)) return true;
  return false;
}

const ExprNode& StripAlias(const ExprNode& expr) {
  const ExprNode* e = &expr;
  while (e->kind == ExprKind::kAlias) e = e->args[0].get();
  return *e;
}

ExprPtr StripAlias(const ExprPtr& expr) {
  ExprPtr e = expr;
  while (e->kind == ExprKind::kAlias) e = e->args[0];
  return e;
}

std::vector<ExprPtr> SplitConjuncts(const ExprPtr& predicate) {
  if (predicate->kind == ExprKind::kCall && predicate->name == "and" &&
      predicate->args.size() == 2) {
    std::vector<ExprPtr> out = SplitConjuncts(predicate->args[0]);
    for (auto& e : SplitConjuncts(predicate->args[1])) out.push_back(std::move(e));
    return out;
  }
  return {predicate};
}

ExprPtr JoinConjuncts(const std::vector<ExprPtr>& conjuncts) {
  ExprPtr out;
  for (const auto& c : conjuncts) out = out ? MakeCall("and", {out, c}) : c;
  return out;
}

ExprPtr ReplaceColumns(const ExprPtr& expr,
                       const std::function<ExprPtr(const ExprPtr& column)>& replace) {
  if (expr->kind == ExprKind::kColumn) return replace(expr);
  if (expr->args.empty()) return expr;
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const auto& a : expr->args) {
    args.push_back(ReplaceColumns(a, replace));
    changed = changed || args.back() != a;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<ExprNode>(*expr);
  copy->args = std::move(args);
  return copy;
}

std::string ExprKey(const ExprNode& e) {
  std::string key = std::to_string(static_cast<int>(e.kind)) + ":" + e.name;
  if (e.kind == ExprKind::kColumn || e.kind == ExprKind::kOuterColumn)
    key += "#" + std::to_string(e.column_id);
  if (e.kind == ExprKind::kLiteral)
    key += "=" + e.literal.type().ToString() + ":" + e.literal.ToString();
  if (e.kind == ExprKind::kCast)
    key += "::" + e.cast_type.ToString() + (e.param != 0 ? "@trunc" : "");
  if (e.kind == ExprKind::kAggregate || e.kind == ExprKind::kWindow)
    key += "@" + std::to_string(e.param);
  if (e.kind == ExprKind::kCase) key += e.has_else ? "+else" : "";
  key += "(";
  for (const auto& a : e.args) key += ExprKey(*a) + ",";
  return key + ")";
}

}  // namespace tally
