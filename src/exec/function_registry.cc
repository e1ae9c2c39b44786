#include "exec/function_registry.h"

#include <fmt/format.h>

#include <climits>

#include "common/error.h"
#include "exec/column_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

// The rank of a numeric type on the widening path int32 -> int64 -> decimal -> double.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt32:
      return 0;
    case TypeId::kInt64:
      return 1;
    case TypeId::kDecimal:
      return 2;
    case TypeId::kDouble:
      return 3;
    default:
      return -1;
  }
}

// An argument as resolution sees it: its type, and its value when it is a constant.
struct ArgInfo {
  DataType type;
  const Scalar* constant = nullptr;
};

bool IsStringConstant(const ArgInfo& arg) {
  return arg.constant && !arg.constant->is_null() && arg.type.id == TypeId::kString;
}
bool IsNullConstant(const ArgInfo& arg) {
  return arg.constant && arg.constant->is_null();
}

// A string constant given for a date/time parameter: a date when it has no time part.
DataType DateTimeTypeOf(const std::string& text) {
  return text.size() <= 10 ? DataType::Date() : DataType::Timestamp();
}

// The cost of passing `arg` for `param` (-1: it cannot be passed), and the type it must be cast
// to first (left unchanged when no cast is needed).
int MatchCost(const ArgInfo& arg, const ParamSpec& param, DataType* cast_to, bool* needs_cast) {
  *needs_cast = false;
  if (param.constant && !arg.constant) return -1;
  const DataType& t = arg.type;
  auto cast = [&](DataType to, int cost) {
    *cast_to = to;
    *needs_cast = true;
    return cost;
  };
  switch (param.kind) {
    case ParamClass::kAny:
      return 0;
    case ParamClass::kNumeric:
      if (t.IsNumeric()) return 0;
      return IsNullConstant(arg) ? cast(DataType::Int32(), 1) : -1;
    case ParamClass::kString:
      if (t.id == TypeId::kString) return 0;
      return IsNullConstant(arg) ? cast(DataType::String(), 1) : -1;
    case ParamClass::kBool:
      if (t.id == TypeId::kBool) return 0;
      return IsNullConstant(arg) ? cast(DataType::Bool(), 1) : -1;
    case ParamClass::kDateTime:
      if (t.id == TypeId::kDate || t.id == TypeId::kTimestamp) return 0;
      if (IsStringConstant(arg)) return cast(DateTimeTypeOf(arg.constant->string_value()), 1);
      return IsNullConstant(arg) ? cast(DataType::Timestamp(), 1) : -1;
    case ParamClass::kExact: {
      int cost = ImplicitCastCost(t, param.type);
      if (cost < 0 && (IsStringConstant(arg) || IsNullConstant(arg))) cost = 1;
      if (cost > 0) cast(param.type, cost);
      return cost;
    }
  }
  return -1;
}

bool ArityFits(size_t params, bool variadic, size_t args) {
  return variadic ? args >= params : args == params;
}

const ParamSpec& ParamAt(const std::vector<ParamSpec>& params, size_t i) {
  return i < params.size() ? params[i] : params.back();
}

// The signature with the lowest total cost, or nullptr when none fits; throws when two fit
// equally well.
template <typename Signature>
const Signature* Resolve(const std::string& name, const std::vector<Signature>& candidates,
                         const std::vector<ArgInfo>& args) {
  const Signature* best = nullptr;
  int best_cost = INT_MAX;
  bool tie = false;
  for (const auto& s : candidates) {
    bool variadic = false;
    if constexpr (std::is_same_v<Signature, ScalarSignature>) variadic = s.variadic;
    if (!ArityFits(s.params.size(), variadic, args.size())) continue;
    int total = 0;
    for (size_t i = 0; i < args.size() && total >= 0; ++i) {
      DataType to;
      bool needs_cast = false;
      int cost = MatchCost(args[i], ParamAt(s.params, i), &to, &needs_cast);
      total = cost < 0 ? -1 : total + cost;
    }
    if (total < 0) continue;
    if (total < best_cost) {
      best = &s;
      best_cost = total;
      tie = false;
    } else if (total == best_cost) {
      tie = true;
    }
  }
  if (best && tie) ThrowError("function {}() is ambiguous for these argument types", name);
  return best;
}

bool IsOperatorName(const std::string& name) {
  return !name.empty() && name.find_first_not_of("+-*/%<>=!") == std::string::npos;
}

std::string ArgTypesText(const std::vector<ArgInfo>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : ", ") + a.type.ToString();
  return out;
}

std::string SignatureText(const std::string& name, const std::vector<ParamSpec>& params,
                          bool variadic) {
  std::string out;
  for (const auto& p : params) out += (out.empty() ? "" : ", ") + p.ToString();
  if (variadic) out += ", ...";
  return fmt::format("{}({})", name, out);
}

template <typename Signature>
[[noreturn]] void ThrowNoMatch(const std::string& name, const std::vector<Signature>& candidates,
                               const std::vector<ArgInfo>& args) {
  std::string known;
  for (const auto& s : candidates) {
    bool variadic = false;
    if constexpr (std::is_same_v<Signature, ScalarSignature>) variadic = s.variadic;
    known += (known.empty() ? "" : "; ") + SignatureText(name, s.params, variadic);
  }
  if (IsOperatorName(name) && args.size() == 2)
    ThrowError("operator does not exist: {} {} {} (there is {})", args[0].type.ToString(), name,
               args[1].type.ToString(), known);
  ThrowError("function {}({}) does not exist (there is {})", name, ArgTypesText(args), known);
}

// Casts a constant once, here, rather than for every batch.
BoundExprPtr CastArgument(BoundExprPtr arg, const DataType& to) {
  bool constant = arg->ConstantValue() != nullptr;
  BoundExprPtr cast = MakeCastExpr(std::move(arg), to);
  if (!constant) return cast;
  Batch one;
  one.num_rows = 1;
  try {
    Datum value = cast->Evaluate(one);
    return MakeLiteralExpr(value.is_scalar() ? value.scalar : ColumnScalar(*value.column, 0));
  } catch (const Error&) {
    return cast;  // fails at run time if a row reaches it (it may be behind a guard)
  }
}

}  // namespace

std::string ParamSpec::ToString() const {
  std::string text;
  switch (kind) {
    case ParamClass::kExact:
      text = type.ToString();
      break;
    case ParamClass::kNumeric:
      text = "number";
      break;
    case ParamClass::kDateTime:
      text = "date or timestamp";
      break;
    case ParamClass::kString:
      text = "string";
      break;
    case ParamClass::kBool:
      text = "bool";
      break;
    case ParamClass::kAny:
      text = "any";
      break;
  }
  return constant ? "constant " + text : text;
}

ParamSpec Exact(DataType type) {
  return {ParamClass::kExact, type, false};
}
ParamSpec AnyNumeric() {
  return {ParamClass::kNumeric, {}, false};
}
ParamSpec AnyDateTime() {
  return {ParamClass::kDateTime, {}, false};
}
ParamSpec AnyString() {
  return {ParamClass::kString, {}, false};
}
ParamSpec AnyBool() {
  return {ParamClass::kBool, {}, false};
}
ParamSpec AnyType() {
  return {ParamClass::kAny, {}, false};
}
ParamSpec Constant(ParamSpec spec) {
  spec.constant = true;
  return spec;
}

int ImplicitCastCost(const DataType& from, const DataType& to) {
  if (from == to) return 0;
  int f = NumericRank(from.id), t = NumericRank(to.id);
  if (f >= 0 && t >= 0) {
    if (from.id == TypeId::kDecimal && to.id == TypeId::kDecimal)
      return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale ? 1
                                                                                              : -1;
    return t > f ? t - f : -1;
  }
  if (from.id == TypeId::kDate && to.id == TypeId::kTimestamp) return 1;
  return -1;
}

void FunctionRegistry::AddScalar(const std::string& name, ScalarSignature signature) {
  TALLY_ASSERT(signature.make != nullptr);
  TALLY_ASSERT(!signature.variadic || !signature.params.empty());
  scalars_[name].push_back(std::move(signature));
}

void FunctionRegistry::AddAggregate(const std::string& name, AggregateSignature signature) {
  aggregates_[name].push_back(std::move(signature));
}

void FunctionRegistry::AddWindow(const std::string& name, WindowSignature signature) {
  windows_[name].push_back(std::move(signature));
}

BoundExprPtr FunctionRegistry::BindScalar(const std::string& name,
                                          std::vector<BoundExprPtr> args) const {
  auto found = scalars_.find(name);
  if (found == scalars_.end()) {
    if (aggregates_.count(name))
      ThrowError("aggregate {}() is not allowed here (only in an aggregation)", name);
    if (windows_.count(name)) ThrowError("window function {}() is only allowed in a window", name);
    ThrowError("unknown function {}()", name);
  }
  std::vector<ArgInfo> infos;
  for (const auto& a : args) infos.push_back({a->type(), a->ConstantValue()});
  const ScalarSignature* s = Resolve(name, found->second, infos);
  if (!s) ThrowNoMatch(name, found->second, infos);
  for (size_t i = 0; i < args.size(); ++i) {
    DataType to;
    bool needs_cast = false;
    MatchCost(infos[i], ParamAt(s->params, i), &to, &needs_cast);
    if (needs_cast) args[i] = CastArgument(args[i], to);
  }
  return s->make(name, std::move(args));
}

AggregateFunctionPtr FunctionRegistry::MakeAggregate(const std::string& name, const DataType* input,
                                                     double param) const {
  auto found = aggregates_.find(name);
  if (found == aggregates_.end()) {
    if (scalars_.count(name)) ThrowError("{}() is not an aggregate function", name);
    ThrowError("unknown aggregate function {}()", name);
  }
  std::vector<ArgInfo> infos;
  if (input) infos.push_back({*input, nullptr});
  const AggregateSignature* s = Resolve(name, found->second, infos);
  if (!s) ThrowNoMatch(name, found->second, infos);
  return MakeAggregateFunction(s->function, input ? *input : DataType::Int64(), param);
}

void FunctionRegistry::CheckWindow(const std::string& name,
                                   const std::vector<DataType>& args) const {
  auto found = windows_.find(name);
  if (found == windows_.end()) ThrowError("unknown window function {}()", name);
  std::vector<ArgInfo> infos;
  for (const auto& t : args) infos.push_back({t, nullptr});
  if (!Resolve(name, found->second, infos)) ThrowNoMatch(name, found->second, infos);
}

std::vector<std::string> FunctionRegistry::Describe() const {
  std::vector<std::string> lines;
  for (const auto& [name, signatures] : scalars_)
    for (const auto& s : signatures) lines.push_back(SignatureText(name, s.params, s.variadic));
  for (const auto& [name, signatures] : aggregates_)
    for (const auto& s : signatures)
      lines.push_back(SignatureText(name, s.params, false) + " aggregate");
  for (const auto& [name, signatures] : windows_)
    for (const auto& s : signatures)
      lines.push_back(SignatureText(name, s.params, false) + " window");
  return lines;
}

}  // namespace tally
