// Binding SQL expressions: column references resolved in scopes, constants typed as PostgreSQL
// types them, operators and functions mapped onto the engine's function registry (every call is
// type-checked here, so an error points at its place in the statement).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/aggregate_string_agg.h"
#include "exec/bound_expr.h"
#include "exec/function_registry.h"
#include "sql/sql_binder_internal.h"

namespace tally {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {

bool IsInteger(const DataType& t) {
  return t.id == TypeId::kInt32 || t.id == TypeId::kInt64;
}

ExprPtr Call(const char* name, std::vector<ExprPtr> args) {
  return MakeCall(name, std::move(args));
}

// A plan node whose output is the scope's columns (and those of the scopes around it, which
// correlated references read), for typing expressions over them.
PlanPtr ScopeNode(const Scope& scope) {
  auto node = std::make_shared<ProjectNode>();
  std::vector<Field> fields;
  for (const Scope* s = &scope; s; s = s->outer)
    for (const auto& c : s->columns) {
      fields.push_back({c.name, c.type, true});
      node->ids.push_back(c.id);
    }
  node->schema = std::make_shared<Schema>(fields);
  return node;
}

}  // namespace

int64_t IntegerAt(const std::string& text, int at) {
  if (at < 0 || static_cast<size_t>(at) >= text.size()) return 0;
  size_t i = static_cast<size_t>(at);
  bool negative = text[i] == '-';
  if (negative) {
    ++i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  }
  int64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    value = value * 10 + (text[i++] - '0');
  return negative ? -value : value;
}

int64_t IntegerValue(const Json& node, const std::string& text) {
  const Json& c = NodeBody(node);
  if (c["ival"].contains("ival")) return c["ival"]["ival"].get<int64_t>();
  return IntegerAt(text, c.value("location", -1));
}

const std::string& NodeType(const Json& node) {
  return node.begin().key();
}
const Json& NodeBody(const Json& node) {
  return node.begin().value();
}

int LocationOf(const Json& node) {
  if (!node.is_object() || node.empty()) return -1;
  const Json& body = NodeBody(node);
  if (body.is_object() && body.contains("location")) return body["location"].get<int>();
  return -1;
}

std::string StringValue(const Json& node) {
  if (node.contains("String")) return node["String"].value("sval", "");
  return "";
}

std::string FigureColumnName(const Json& node) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  if (type == "ColumnRef") {
    const Json& fields = body["fields"];
    if (!fields.empty() && fields.back().contains("String")) return StringValue(fields.back());
    return "?column?";
  }
  if (type == "FuncCall") return Lower(StringValue(body["funcname"].back()));
  if (type == "TypeCast") {
    // The inner expression's name when it is a strong one (a column, a call), else the type's.
    const std::string& inner_type = NodeType(body["arg"]);
    std::string inner = FigureColumnName(body["arg"]);
    bool strong = inner != "?column?" && inner_type != "TypeCast" && inner_type != "CaseExpr" &&
                  inner_type != "A_Const";
    if (strong) return inner;
    return Lower(StringValue(body["typeName"]["names"].back()));
  }
  if (type == "SubLink" && body.value("subLinkType", "") == "EXPR_SUBLINK") {
    // A scalar subquery is named after its one column.
    const Json& select = NodeBody(body["subselect"]);
    if (select.contains("targetList") && !select["targetList"].empty()) {
      const Json& target = NodeBody(select["targetList"][0]);
      if (target.contains("name")) return target["name"].get<std::string>();
      return FigureColumnName(target["val"]);
    }
  }
  if (type == "CaseExpr") {
    // Named after its ELSE value when that is a column or a call, as PostgreSQL names it.
    if (body.contains("defresult")) {
      const std::string& else_type = NodeType(body["defresult"]);
      std::string name = FigureColumnName(body["defresult"]);
      if (name != "?column?" && (else_type == "ColumnRef" || else_type == "FuncCall")) return name;
    }
    return "case";
  }
  if (type == "A_Expr" && body.value("kind", "") == "AEXPR_NULLIF") return "nullif";
  if (type == "CoalesceExpr") return "coalesce";
  if (type == "GroupingFunc") return "grouping";
  if (type == "MinMaxExpr") return body.value("op", "") == "IS_GREATEST" ? "greatest" : "least";
  if (type == "SubLink" && body.value("subLinkType", "") == "EXISTS_SUBLINK") return "exists";
  return "?column?";
}

void QueryBinder::Fail(int location, const std::string& message, const std::string& hint) {
  ThrowSqlError(text_, location, message, hint);
}

void QueryBinder::NotSupported(int location, const std::string& what) {
  Fail(location, "not supported: " + what);
}

DataType QueryBinder::TypeOf(const ExprPtr& expr, const ExprContext& ctx, int location) {
  // Aggregate calls are typed by the registry from their argument's type.
  if (expr->kind == ExprKind::kAggregate) {
    if (expr->name == "grouping") return DataType::Int32();
    if (expr->args.empty()) return DataType::Int64();
    DataType input = TypeOf(expr->args[0], ctx, location);
    try {
      return BuiltinFunctions().MakeAggregate(expr->name, &input, expr->param)->result_type();
    } catch (const Error& e) {
      Fail(location, e.message());
    }
  }
  if (ContainsAggregate(*expr)) {
    // Type the expression with each aggregate replaced by a constant NULL of its type.
    std::function<ExprPtr(const ExprPtr&)> replace = [&](const ExprPtr& e) -> ExprPtr {
      if (e->kind == ExprKind::kAggregate)
        return MakeLiteral(Scalar::Null(TypeOf(e, ctx, location)));
      if (e->args.empty()) return e;
      auto copy = std::make_shared<ExprNode>(*e);
      for (auto& a : copy->args) a = replace(a);
      return copy;
    };
    return TypeOf(replace(expr), ctx, location);
  }
  try {
    return ResultTypeIn(expr, *ScopeNode(*ctx.scope));
  } catch (const Error& e) {
    Fail(location, e.message());
  }
}

ExprPtr QueryBinder::Expr(const Json& node, const ExprContext& ctx) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  // The stack grows down: its use is the base minus where this call is.
  if (static_cast<std::ptrdiff_t>(stack_base_ - StackPosition()) > kMaxStackBytes)
    Fail(at, "stack depth limit exceeded", "the statement nests expressions too deeply");
  if (type == "ColumnRef") return Column(node, ctx);
  if (type == "A_Const") return Constant(body);
  if (type == "TypeCast") return Cast(node, ctx);
  if (type == "A_Expr") return Operator(node, ctx);
  if (type == "FuncCall") return Function(node, ctx);
  if (type == "CaseExpr") return Case(node, ctx);
  if (type == "BoolExpr") {
    std::string op = body.value("boolop", "");
    std::vector<ExprPtr> args;
    for (const auto& a : body["args"]) args.push_back(Expr(a, ctx));
    ExprPtr out;
    if (op == "NOT_EXPR") {
      out = Call("not", {args[0]});
    } else {
      const char* name = op == "AND_EXPR" ? "and" : "or";
      out = args[0];
      for (size_t i = 1; i < args.size(); ++i) out = Call(name, {out, args[i]});
    }
    TypeOf(out, ctx, at);
    return out;
  }
  if (type == "BooleanTest") {
    // x IS [NOT] TRUE / FALSE / UNKNOWN: never NULL.
    ExprPtr arg = Expr(body["arg"], ctx);
    if (TypeOf(arg, ctx, at).id != TypeId::kBool)
      Fail(at, "argument of IS TRUE / IS FALSE must be type boolean");
    std::string test = body.value("booltesttype", "");
    ExprPtr f = MakeLiteral(Scalar::Bool(false));
    if (test == "IS_TRUE") return Call("coalesce", {arg, f});
    if (test == "IS_NOT_TRUE") return Call("not", {Call("coalesce", {arg, f})});
    if (test == "IS_FALSE") return Call("coalesce", {Call("not", {arg}), f});
    if (test == "IS_NOT_FALSE") return Call("not", {Call("coalesce", {Call("not", {arg}), f})});
    if (test == "IS_UNKNOWN") return Call("is_null", {arg});
    return Call("is_not_null", {arg});
  }
  if (type == "NullTest") {
    ExprPtr arg = Expr(body["arg"], ctx);
    return Call(body.value("nulltesttype", "") == "IS_NULL" ? "is_null" : "is_not_null", {arg});
  }
  if (type == "CoalesceExpr") {
    std::vector<ExprPtr> args;
    for (const auto& a : body["args"]) args.push_back(Expr(a, ctx));
    ExprPtr out = MakeCall("coalesce", args);
    TypeOf(out, ctx, at);
    return out;
  }
  if (type == "SubLink") return SubqueryExpr(node, ctx);
  if (type == "GroupingFunc") {
    if (!ctx.aggregates_allowed)
      Fail(at, fmt::format("grouping operations are not allowed in {}", ctx.clause));
    ExprContext inner = ctx;
    inner.aggregates_allowed = false;
    inner.windows_allowed = false;
    std::vector<ExprPtr> args;
    for (const auto& a : body["args"]) args.push_back(Expr(a, inner));
    // Computed from the grouping set of each row once the query's aggregation is planned.
    return MakeAggregateCall("grouping", args);
  }
  if (type == "MinMaxExpr") {
    std::vector<ExprPtr> args;
    for (const auto& a : body["args"]) args.push_back(Expr(a, ctx));
    ExprPtr out = MakeCall(body.value("op", "") == "IS_GREATEST" ? "greatest" : "least", args);
    TypeOf(out, ctx, at);
    return out;
  }
  if (type == "ParamRef") NotSupported(at, "parameters ($1)");
  NotSupported(at, type);
}

namespace {
// Whether an expression reads no column (literals, casts and calls of them).
bool IsConstantExpr(const ExprNode& e) {
  if (e.kind == ExprKind::kColumn || e.kind == ExprKind::kOuterColumn ||
      e.kind == ExprKind::kAggregate || e.kind == ExprKind::kWindow)
    return false;
  for (const auto& a : e.args)
    if (!IsConstantExpr(*a)) return false;
  return true;
}
}  // namespace

ExprPtr QueryBinder::Column(const Json& node, const ExprContext& ctx) {
  const Json& fields = NodeBody(node)["fields"];
  int at = LocationOf(node);
  std::vector<std::string> names;
  for (const auto& f : fields) {
    if (f.contains("A_Star")) Fail(at, "a * is allowed only in the select list");
    names.push_back(StringValue(f));
  }
  std::string name = names.back();
  std::string relation = names.size() >= 2 ? names[names.size() - 2] : "";
  for (const Scope* scope = ctx.scope; scope; scope = scope->outer) {
    const ScopeColumn* found = nullptr;
    bool relation_seen = false;
    for (const auto& c : scope->columns) {
      if (!relation.empty()) {
        if (c.relation != relation) continue;
        relation_seen = true;
      } else if (c.hidden) {
        continue;
      }
      if (c.name != name) continue;
      if (found) Fail(at, fmt::format("column reference \"{}\" is ambiguous", name));
      found = &c;
    }
    if (found) {
      // A correlated reference: allowed from the subquery being bound into the query around it.
      if (scope != ctx.scope) {
        if (frames_.empty()) NotSupported(at, "references to an enclosing query here");
        return MakeOuterColumnRef(name, found->id, found->type);
      }
      return MakeColumnRef(name, found->id);
    }
    if (!relation.empty() && relation_seen) break;
  }
  if (!relation.empty()) {
    bool known = false;
    for (const auto& c : ctx.scope->columns) known = known || c.relation == relation;
    if (!known) Fail(at, fmt::format("missing FROM-clause entry for table \"{}\"", relation));
  }
  std::vector<std::string> candidates;
  for (const auto& c : ctx.scope->columns)
    if (relation.empty() || c.relation == relation) candidates.push_back(c.name);
  std::string closest = ClosestName(name, candidates);
  Fail(at,
       fmt::format("column \"{}\" does not exist", relation.empty() ? name : relation + "." + name),
       closest.empty() ? "" : fmt::format("perhaps you meant \"{}\"", closest));
}

ExprPtr QueryBinder::Constant(const Json& c) {
  if (c.value("isnull", false)) return MakeLiteral(Scalar::Null(DataType::String()));
  if (c.contains("ival")) {
    int64_t v = c["ival"].value("ival", int64_t{0});
    // libpg_query's JSON leaves out the value of a negative integer constant (and of 0): read
    // it from the statement at the constant's place.
    if (!c["ival"].contains("ival")) v = IntegerAt(text_, c.value("location", -1));
    if (v >= INT32_MIN && v <= INT32_MAX)
      return MakeLiteral(Scalar::Int32(static_cast<int32_t>(v)));
    return MakeLiteral(Scalar::Int64(v));
  }
  if (c.contains("fval")) {
    // PostgreSQL types 1.5 as numeric: a decimal while it fits 18 digits, else a double.
    std::string text = c["fval"].value("fval", "0");
    bool exponent = text.find_first_of("eE") != std::string::npos;
    bool whole_number = !exponent && text.find('.') == std::string::npos;
    // The scale is the significant fractional digits (0.0001000000 is 0.0001): decimals have
    // 18 digits here, and a product's scale adds its factors' scales.
    if (!exponent && text.find('.') != std::string::npos) {
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
    }
    size_t dot = text.find('.');
    if (whole_number) {
      // An integer past int4 is a bigint (int8), as in PostgreSQL.
      int64_t whole;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole);
      if (error == std::errc() && end == text.data() + text.size())
        return MakeLiteral(Scalar::Int64(whole));
    }
    int scale = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    size_t digits =
        std::count_if(text.begin(), text.end(), [](char ch) { return std::isdigit(ch); });
    int64_t unscaled;
    if (!exponent && digits <= 18 && ParseDecimal(text, 18, scale, &unscaled))
      return MakeLiteral(Scalar::Decimal(unscaled, 18, scale));
    double value;
    if (!ParseDouble(text, &value) || !std::isfinite(value))
      Fail(c.value("location", -1),
           fmt::format("\"{}\" is out of range for type double precision", text));
    return MakeLiteral(Scalar::Double(value));
  }
  if (c.contains("sval")) return MakeLiteral(Scalar::String(c["sval"].value("sval", "")));
  if (c.contains("boolval")) return MakeLiteral(Scalar::Bool(c["boolval"].value("boolval", false)));
  return MakeLiteral(Scalar::Null(DataType::String()));
}

DataType QueryBinder::TypeName(const Json& type_name) {
  std::string name = Lower(StringValue(type_name["names"].back()));
  int at = type_name.value("location", -1);
  if (type_name.contains("arrayBounds")) NotSupported(at, "arrays");
  if (name == "int2" || name == "int4" || name == "integer" || name == "int" || name == "smallint")
    return DataType::Int32();
  if (name == "int8" || name == "bigint") return DataType::Int64();
  if (name == "float4" || name == "float8" || name == "real" || name == "double precision")
    return DataType::Double();
  if (name == "numeric" || name == "decimal") {
    std::vector<int64_t> mods;
    if (type_name.contains("typmods"))
      for (const auto& m : type_name["typmods"])
        mods.push_back(NodeBody(m).contains("ival") ? NodeBody(m)["ival"].value("ival", 0) : 0);
    int precision = mods.empty() ? 18 : static_cast<int>(mods[0]);
    int scale = mods.size() > 1 ? static_cast<int>(mods[1]) : 0;
    if (mods.empty()) return DataType::Double();  // unconstrained numeric
    if (precision > 18) NotSupported(at, "numeric precision above 18");
    if (scale < 0 || scale > precision)
      Fail(at, fmt::format("numeric scale {} is out of range", scale));
    return DataType::Decimal(precision, scale);
  }
  if (name == "text" || name == "varchar" || name == "bpchar" || name == "char" ||
      name == "character varying")
    return DataType::String();
  if (name == "date") return DataType::Date();
  if (name == "timestamp") return DataType::Timestamp();
  if (name == "bool" || name == "boolean") return DataType::Bool();
  NotSupported(at, fmt::format("type {}", name));
}

std::optional<IntervalValue> QueryBinder::Interval(const Json& node) {
  if (NodeType(node) != "TypeCast") return std::nullopt;
  const Json& body = NodeBody(node);
  if (Lower(StringValue(body["typeName"]["names"].back())) != "interval") return std::nullopt;
  int at = LocationOf(node);
  const Json& arg = body["arg"];
  if (NodeType(arg) != "A_Const" || !NodeBody(arg).contains("sval"))
    NotSupported(at, "intervals other than constants");
  std::string text = Lower(NodeBody(arg)["sval"].value("sval", ""));
  // interval '90' day: the unit is the type modifier (PostgreSQL's field mask).
  int64_t mask = 0;
  if (body["typeName"].contains("typmods")) {
    const Json& mod = NodeBody(body["typeName"]["typmods"][0]);
    mask = mod.contains("ival") ? mod["ival"].value("ival", 0) : 0;
  }
  IntervalValue value;
  auto add = [&](int64_t n, const std::string& unit) {
    if (unit.starts_with("year"))
      value.months += 12 * n;
    else if (unit.starts_with("mon"))
      value.months += n;
    else if (unit.starts_with("week"))
      value.days += 7 * n;
    else if (unit.starts_with("day"))
      value.days += n;
    else
      NotSupported(at, fmt::format("interval unit \"{}\"", unit));
  };
  std::vector<std::string> words;
  std::string word;
  for (char ch : text + " ") {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += ch;
    }
  }
  auto number = [&](const std::string& w) -> int64_t {
    try {
      size_t used = 0;
      int64_t n = std::stoll(w, &used);
      if (used != w.size()) throw std::invalid_argument(w);
      return n;
    } catch (const std::exception&) {
      Fail(at, fmt::format("invalid input syntax for type interval: \"{}\"", text));
    }
  };
  if (words.size() == 1 && mask != 0) {
    const char* unit = mask == 4 ? "year" : mask == 2 ? "month" : mask == 8 ? "day" : "";
    if (!*unit) NotSupported(at, "this interval unit");
    add(number(words[0]), unit);
    return value;
  }
  if (words.empty() || words.size() % 2 != 0)
    Fail(at, fmt::format("invalid input syntax for type interval: \"{}\"", text));
  for (size_t i = 0; i < words.size(); i += 2) add(number(words[i]), words[i + 1]);
  return value;
}

ExprPtr QueryBinder::DateArithmetic(const ExprPtr& base, const IntervalValue& interval,
                                    bool subtract, const ExprContext& ctx, int location) {
  DataType type = TypeOf(base, ctx, location);
  if (type.id != TypeId::kDate && type.id != TypeId::kTimestamp)
    Fail(location, fmt::format("operator does not exist: {} {} interval", type.ToString(),
                               subtract ? "-" : "+"));
  // date +/- interval is a timestamp in PostgreSQL.
  ExprPtr out = type.id == TypeId::kDate ? MakeCast(base, DataType::Timestamp()) : base;
  int64_t sign = subtract ? -1 : 1;
  if (interval.months != 0)
    out = Call("add_months", {out, MakeLiteral(Scalar::Int64(sign * interval.months))});
  if (interval.days != 0)
    out = Call("add_days", {out, MakeLiteral(Scalar::Int64(sign * interval.days))});
  return out;
}

ExprPtr QueryBinder::Cast(const Json& node, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  if (Interval(node)) NotSupported(at, "interval values outside date arithmetic");
  DataType target = TypeName(body["typeName"]);
  ExprPtr arg = Expr(body["arg"], ctx);
  // A fraction cast to an integer rounds (half away from zero), as PostgreSQL's does.
  TypeId from = TypeOf(arg, ctx, at).id;
  if (IsInteger(target) && (from == TypeId::kDecimal || from == TypeId::kDouble))
    arg = Call("round", {arg});
  ExprPtr out = MakeCast(arg, target);
  TypeOf(out, ctx, at);
  return out;
}

ExprPtr QueryBinder::Operator(const Json& node, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  std::string kind = body.value("kind", "");
  std::string op = body.contains("name") ? StringValue(body["name"].back()) : "";
  auto bind = [&](const char* side) { return Expr(body[side], ctx); };
  auto checked = [&](ExprPtr e) {
    TypeOf(e, ctx, at);
    return e;
  };
  if (kind == "AEXPR_OP") {
    if (!body.contains("lexpr")) {  // prefix operator
      ExprPtr arg = bind("rexpr");
      if (op == "-") {
        ExprPtr negated = checked(Call("negate", {arg}));
        if (TypeOf(arg, ctx, at).id == TypeId::kInt32)
          negated = MakeCast(negated, DataType::Int32());
        return negated;
      }
      if (op == "+") return arg;
      NotSupported(at, fmt::format("prefix operator {}", op));
    }
    if (op == "+" || op == "-") {
      auto right_interval = Interval(body["rexpr"]);
      if (right_interval) return DateArithmetic(bind("lexpr"), *right_interval, op == "-", ctx, at);
      auto left_interval = Interval(body["lexpr"]);
      if (left_interval && op == "+")
        return DateArithmetic(bind("rexpr"), *left_interval, false, ctx, at);
    }
    ExprPtr left = bind("lexpr"), right = bind("rexpr");
    if (op == "=") return checked(Call("==", {left, right}));
    // Dates: date + integer and date - integer move by days, date - date counts them.
    if (op == "+" || op == "-") {
      DataType lt = TypeOf(left, ctx, at), rt = TypeOf(right, ctx, at);
      if (lt.id == TypeId::kDate && IsInteger(rt))
        return checked(Call("add_days", {left, op == "+" ? right : Call("negate", {right})}));
      if (op == "+" && IsInteger(lt) && rt.id == TypeId::kDate)
        return checked(Call("add_days", {right, left}));
      if (op == "-" && lt.id == TypeId::kDate && rt.id == TypeId::kDate)
        return checked(MakeCast(Call("date_diff_days", {left, right}), DataType::Int32()));
    }
    // integer op integer stays integer (int4), and fails past its range, as in PostgreSQL.
    auto both_int32 = [&] {
      return TypeOf(left, ctx, at).id == TypeId::kInt32 &&
             TypeOf(right, ctx, at).id == TypeId::kInt32;
    };
    if (op == "+" || op == "-" || op == "*") {
      ExprPtr out = checked(MakeCall(op, {left, right}));
      return both_int32() ? MakeCast(out, DataType::Int32()) : out;
    }
    if (op == "%") {
      ExprPtr out = checked(Call("sql_modulo", {left, right}));
      return both_int32() ? MakeCast(out, DataType::Int32()) : out;
    }
    if (op == "<>" || op == "!=") return checked(Call("!=", {left, right}));
    if (op == "||") {
      // text || anything: the other side as text.
      bool left_text = TypeOf(left, ctx, at).id == TypeId::kString;
      bool right_text = TypeOf(right, ctx, at).id == TypeId::kString;
      if (left_text && !right_text) right = MakeCast(right, DataType::String());
      if (right_text && !left_text) left = MakeCast(left, DataType::String());
      return checked(MakeCall(op, {left, right}));
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=")
      return checked(MakeCall(op, {left, right}));
    if (op == "/") {
      // Integer division of integers, as in PostgreSQL; division by zero fails.
      if (IsInteger(TypeOf(left, ctx, at)) && IsInteger(TypeOf(right, ctx, at))) {
        ExprPtr out = checked(Call("div", {left, right}));
        return both_int32() ? MakeCast(out, DataType::Int32()) : out;
      }
      return checked(Call("sql_divide", {left, right}));
    }
    if (op == "~~" || op == "!~~") {
      ExprPtr like = checked(Call("like", {left, right}));
      return op == "~~" ? like : Call("not", {like});
    }
    if (op == "^") return checked(Call("power", {left, right}));
    if (op == "~" || op == "!~" || op == "~*" || op == "!~*") {
      // POSIX regular expression matches.
      std::vector<ExprPtr> args{left, right};
      if (op.back() == '*') args.push_back(MakeLiteral(Scalar::String("i")));
      ExprPtr match = checked(Call("regexp_like", args));
      return op[0] == '!' ? Call("not", {match}) : match;
    }
    if (op == "~~*" || op == "!~~*") {
      ExprPtr like = checked(Call("like", {Call("lower", {left}), Call("lower", {right})}));
      return op == "~~*" ? like : Call("not", {like});
    }
    NotSupported(at, fmt::format("operator {}", op));
  }
  if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
    ExprPtr text = bind("lexpr");
    ExprPtr pattern = LikePattern(body["rexpr"], ctx);
    if (kind == "AEXPR_ILIKE") {
      text = Call("lower", {text});
      pattern = Call("lower", {pattern});
    }
    ExprPtr like = checked(Call("like", {text, pattern}));
    return op == "~~" || op == "~~*" ? like : Call("not", {like});
  }
  if (kind == "AEXPR_IN") {
    ExprPtr left = bind("lexpr");
    bool negated = op == "<>";
    std::vector<ExprPtr> items;
    bool constant = true;
    for (const auto& item : NodeBody(body["rexpr"])["items"]) {
      items.push_back(Expr(item, ctx));
      constant = constant && IsConstantExpr(*items.back());
    }
    // An expression that reads columns, against constants, is computed once (#in_list); a
    // plain column keeps the equalities, which the optimizer reads (row-group pruning,
    // estimates), and a constant on the left is typed against each item as before.
    if (constant && items.size() > 1 && StripAlias(*left).kind != ExprKind::kColumn &&
        !IsConstantExpr(*left)) {
      items.insert(items.begin(), left);
      ExprPtr in = checked(Call("#in_list", items));
      return negated ? Call("not", {in}) : in;
    }
    ExprPtr out;
    for (const auto& item : items) {
      ExprPtr test = Call(negated ? "!=" : "==", {left, item});
      out = out ? Call(negated ? "and" : "or", {out, test}) : test;
    }
    return checked(out);
  }
  if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_BETWEEN_SYM" ||
      kind == "AEXPR_NOT_BETWEEN_SYM") {
    ExprPtr value = bind("lexpr");
    const Json& bounds = NodeBody(body["rexpr"])["items"];
    ExprPtr low = Expr(bounds[0], ctx), high = Expr(bounds[1], ctx);
    ExprPtr between = Call("and", {Call(">=", {value, low}), Call("<=", {value, high})});
    // SYMMETRIC: either order of the bounds.
    if (kind.ends_with("_SYM"))
      between =
          Call("or", {between, Call("and", {Call(">=", {value, high}), Call("<=", {value, low})})});
    bool negated = kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_NOT_BETWEEN_SYM";
    return checked(negated ? Call("not", {between}) : between);
  }
  if (kind == "AEXPR_NULLIF") {
    ExprPtr a = bind("lexpr"), b = bind("rexpr");
    DataType type = TypeOf(a, ctx, at);
    return checked(MakeCase({Call("==", {a, b}), MakeLiteral(Scalar::Null(type)), a}, true));
  }
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
    ExprPtr a = bind("lexpr"), b = bind("rexpr");
    ExprPtr same = Call("coalesce", {Call("==", {a, b}),
                                     Call("and", {Call("is_null", {a}), Call("is_null", {b})})});
    return checked(kind == "AEXPR_NOT_DISTINCT" ? same : Call("not", {same}));
  }
  NotSupported(at, fmt::format("the {} expression", kind));
}

ExprPtr QueryBinder::LikePattern(const Json& node, const ExprContext& ctx) {
  // `x LIKE p ESCAPE e` arrives as like_escape(p, e): the pattern is rewritten to the engine's
  // escape, a backslash.
  if (NodeType(node) != "FuncCall" ||
      StringValue(NodeBody(node)["funcname"].back()) != "like_escape")
    return Expr(node, ctx);
  const Json& args = NodeBody(node)["args"];
  auto constant_text = [&](const Json& a) {
    if (NodeType(a) != "A_Const" || !NodeBody(a).contains("sval"))
      NotSupported(LocationOf(a), "LIKE ... ESCAPE with a pattern other than a constant");
    return NodeBody(a)["sval"].value("sval", "");
  };
  std::string pattern = constant_text(args[0]), escape = constant_text(args[1]);
  if (escape.size() > 1) Fail(LocationOf(args[1]), "invalid escape string");
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (!escape.empty() && c == escape[0] && i + 1 < pattern.size()) {
      out += '\\';
      out += pattern[++i];
    } else if (c == '\\' && (escape.empty() || escape[0] != '\\')) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return MakeLiteral(Scalar::String(out));
}

ExprPtr QueryBinder::OrderedSetAggregate(const Json& node, const std::vector<ExprPtr>& args,
                                         const ExprContext& inner, const ExprContext& ctx) {
  // percentile_cont(p) / percentile_disc(p) / mode() WITHIN GROUP (ORDER BY x).
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  std::string name = Lower(StringValue(body["funcname"].back()));
  const Json& order = body["agg_order"];
  if (order.size() != 1) NotSupported(at, "WITHIN GROUP with several ORDER BY keys");
  SortSpec key = SortKey(order[0], inner);
  if (body.contains("agg_filter")) NotSupported(at, "FILTER with WITHIN GROUP");
  double p = 0;
  if (name == "percentile_cont" || name == "percentile_disc") {
    if (args.size() != 1 || args[0]->kind != ExprKind::kLiteral || args[0]->literal.is_null())
      NotSupported(at, fmt::format("{} with a fraction other than a constant", name));
    const Scalar& v = args[0]->literal;
    p = v.type().id == TypeId::kDouble ? v.double_value()
        : v.type().id == TypeId::kDecimal
            ? static_cast<double>(v.int_value()) / static_cast<double>(kPowersOfTen[v.type().scale])
            : static_cast<double>(v.int_value());
    if (p < 0 || p > 1) Fail(at, fmt::format("percentile value {} is not between 0 and 1", p));
    if (!key.ascending) p = 1 - p;
  } else if (name == "mode") {
    if (!args.empty()) Fail(at, "mode() takes no arguments");
  } else {
    NotSupported(at, fmt::format("{}() WITHIN GROUP", name));
  }
  std::string function = name == "percentile_cont"   ? "quantile_interp"
                         : name == "percentile_disc" ? "quantile_element"
                                                     : "mode";
  ExprPtr out = MakeAggregateCall(function, {key.expr}, p);
  TypeOf(out, ctx, at);
  return out;
}

ExprPtr QueryBinder::Case(const Json& node, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  ExprPtr subject = body.contains("arg") ? Expr(body["arg"], ctx) : nullptr;
  std::vector<ExprPtr> args;
  for (const auto& w : body["args"]) {
    const Json& when = NodeBody(w);
    ExprPtr condition = Expr(when["expr"], ctx);
    if (subject) condition = Call("==", {subject, condition});
    args.push_back(condition);
    args.push_back(Expr(when["result"], ctx));
  }
  bool has_else = body.contains("defresult");
  if (has_else) args.push_back(Expr(body["defresult"], ctx));
  ExprPtr out = MakeCase(args, has_else);
  TypeOf(out, ctx, LocationOf(node));
  return out;
}

// Aggregates whose result does not depend on the order of their input: ORDER BY inside
// them changes nothing.
static bool OrderInsensitiveAggregate(const std::string& name) {
  static const std::set<std::string> kNames = {
      "count",  "sum",      "avg",     "min",      "max",        "bool_and",    "bool_or",  "every",
      "stddev", "variance", "var_pop", "var_samp", "stddev_pop", "stddev_samp", "any_value"};
  return kNames.count(name) > 0;
}

// string_agg(value, separator [ORDER BY key [ASC|DESC] [NULLS FIRST|LAST], ...]), also with
// DISTINCT: each row becomes an entry of its encoded keys, separator and value
// (exec/ordered_entry.h) that the aggregate sorts and joins.
ExprPtr QueryBinder::StringAgg(const Json& node, std::vector<ExprPtr> args,
                               const ExprContext& inner, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  bool distinct = body.value("agg_distinct", false);
  if (args.size() != 2)
    Fail(at, fmt::format("function string_agg() takes 2 arguments, not {}", args.size()));
  // (Under FILTER the value is CASE WHEN filter THEN value END.)
  const ExprPtr& value = body.contains("agg_filter") ? args[0]->args[1] : args[0];
  std::string flags;
  std::vector<ExprPtr> keys;
  if (body.contains("agg_order")) {
    for (const auto& item : body["agg_order"]) {
      const Json& sort = NodeBody(item);
      bool ascending = true, nulls_first = false;
      try {
        SortDirection(sort, &ascending, &nulls_first);
      } catch (const Error& e) {
        Fail(at, e.message());
      }
      ExprPtr key = Expr(sort["node"], inner);
      TypeOf(key, inner, at);
      if (distinct && key->ToString() != value->ToString())
        Fail(LocationOf(sort["node"]),
             "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list");
      keys.push_back(key);
      flags += ascending ? 'a' : 'd';
      flags += nulls_first ? 'f' : 'l';
    }
  }
  std::vector<ExprPtr> entry_args = {args[0], args[1], MakeLiteral(Scalar::String(flags))};
  for (auto& k : keys) entry_args.push_back(k);
  ExprPtr entry = MakeCall("#string_agg_entry", entry_args);
  TypeOf(entry, inner, at);
  int mode = (keys.empty() ? 0 : kStringAggOrdered) | (distinct ? kStringAggDistinct : 0);
  ExprPtr out = MakeAggregateCall("#string_agg", {entry}, mode);
  TypeOf(out, ctx, at);
  return out;
}

ExprPtr QueryBinder::Function(const Json& node, const ExprContext& ctx) {
  const Json& body = NodeBody(node);
  int at = LocationOf(node);
  std::string name = Lower(StringValue(body["funcname"].back()));
  if (body.contains("over")) return WindowFunction(node, ctx);
  bool distinct = body.value("agg_distinct", false);
  bool star = body.value("agg_star", false);
  bool within_group = body.value("agg_within_group", false);
  bool aggregate =
      star || within_group || name == "string_agg" || BuiltinFunctions().HasAggregate(name);
  if (body.contains("agg_order") && !within_group && name != "string_agg" &&
      !OrderInsensitiveAggregate(name))
    NotSupported(at, fmt::format("ORDER BY inside {}()", name));
  ExprContext inner = ctx;
  if (aggregate) {
    if (!ctx.aggregates_allowed)
      Fail(at, fmt::format("aggregate functions are not allowed in {}", ctx.clause));
    inner.aggregates_allowed = false;
    inner.clause = "aggregate function calls";
  }
  std::vector<ExprPtr> args;
  if (body.contains("args"))
    for (const auto& a : body["args"]) args.push_back(Expr(a, inner));
  if (aggregate) {
    // PostgreSQL gives an aggregate whose arguments read only the enclosing query's columns to
    // that query (one value over all of its rows), not to the subquery it is written in.
    std::set<ColumnId> local, outer;
    for (const auto& a : args) {
      CollectColumnIds(*a, &local);
      CollectOuterColumnIds(*a, &outer);
    }
    if (local.empty() && !outer.empty())
      NotSupported(at, "an aggregate of only the enclosing query's columns inside a subquery");
  }
  if (aggregate && within_group) return OrderedSetAggregate(node, args, inner, ctx);
  if (aggregate && body.contains("agg_filter")) {
    // agg(x) FILTER (WHERE c) is agg over the rows where c holds: x where c, else NULL.
    ExprContext filter_ctx = inner;
    filter_ctx.clause = "FILTER";
    ExprPtr condition = Expr(body["agg_filter"], filter_ctx);
    if (TypeOf(condition, filter_ctx, at).id != TypeId::kBool)
      Fail(LocationOf(body["agg_filter"]), "argument of FILTER must be type boolean");
    if (star) {
      star = false;
      name = "count";
      args = {MakeLiteral(Scalar::Int32(1))};
    }
    for (auto& a : args) a = MakeCase({condition, a}, false);
  }
  if (aggregate && name == "string_agg") return StringAgg(node, args, inner, ctx);
  if (aggregate) {
    std::string function = name;
    if (star) function = "count_star";
    if (distinct) {
      // The extremes ignore repeats; the others run over each group's distinct values.
      static const std::set<std::string> extremes = {"min", "max", "bool_and", "bool_or", "every"};
      if (name == "count")
        function = "count_distinct";
      else if (!extremes.count(name) && BuiltinFunctions().HasAggregate(name + "#distinct"))
        function = name + "#distinct";
      else if (!extremes.count(name))
        NotSupported(at, fmt::format("{}(DISTINCT ...)", name));
    }
    if (args.size() > 1) NotSupported(at, fmt::format("{} with {} arguments", name, args.size()));
    ExprPtr out = MakeAggregateCall(function, args);
    TypeOf(out, ctx, at);
    return out;
  }
  if (name == "substring" || name == "substr") name = "substring";
  if (!BuiltinFunctions().HasScalar(name)) {
    Fail(at, fmt::format("function {}() does not exist", name));
  }
  ExprPtr out = MakeCall(name, args);
  TypeOf(out, ctx, at);
  return out;
}

}  // namespace tally
