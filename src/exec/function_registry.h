#pragma once
// Functions found by name and argument types, as PostgreSQL finds them. A function has one or
// more signatures; a call takes the signature its arguments reach with the fewest implicit
// casts (int32 -> int64 -> decimal -> double, date -> timestamp; a string constant becomes the
// date, timestamp or other type a parameter asks for), the binder inserts those casts, and the
// signature's factory builds the kernel. Adding a function is one registration, one kernel and
// one test; the binder has no list of names.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"

namespace tally {

// What one parameter accepts.
enum class ParamClass : uint8_t {
  kExact,     // `type`, reached by an implicit cast if need be
  kNumeric,   // any of int32, int64, decimal, double as it is (the kernel promotes)
  kDateTime,  // date or timestamp as it is
  kString,
  kBool,
  kAny,
};

struct ParamSpec {
  ParamClass kind = ParamClass::kAny;
  DataType type;          // kExact only
  bool constant = false;  // the argument must be a constant (a LIKE pattern, a date unit)
  std::string ToString() const;
};

ParamSpec Exact(DataType type);
ParamSpec AnyNumeric();
ParamSpec AnyDateTime();
ParamSpec AnyString();
ParamSpec AnyBool();
ParamSpec AnyType();
ParamSpec Constant(ParamSpec spec);

// The cost of converting `from` to `to` implicitly (0 when equal), or -1 when no implicit cast
// exists. Lower is preferred: exact types first, then the nearest widening.
int ImplicitCastCost(const DataType& from, const DataType& to);

// Builds the kernel of a scalar call from arguments already cast to the signature.
using ScalarFactory =
    std::function<BoundExprPtr(const std::string& name, std::vector<BoundExprPtr> args)>;

struct ScalarSignature {
  std::vector<ParamSpec> params;
  bool variadic = false;  // the last parameter repeats: at least params.size() arguments
  ScalarFactory make;
};

// An aggregate signature accepts its argument (none for count(*)) and builds the aggregate.
struct AggregateSignature {
  std::vector<ParamSpec> params;
  std::string function;  // the name MakeAggregateFunction knows ("avg" is "mean")
};

struct WindowSignature {
  std::vector<ParamSpec> params;
};

class FunctionRegistry {
 public:
  void AddScalar(const std::string& name, ScalarSignature signature);
  void AddAggregate(const std::string& name, AggregateSignature signature);
  void AddWindow(const std::string& name, WindowSignature signature);

  // The kernel of name(args): resolves the signature, casts the arguments, builds the kernel.
  // Throws naming the call's argument types and the signatures that exist.
  BoundExprPtr BindScalar(const std::string& name, std::vector<BoundExprPtr> args) const;
  // The aggregate name(input) (no input for count(*)) with its parameter (a quantile's p).
  AggregateFunctionPtr MakeAggregate(const std::string& name, const DataType* input,
                                     double param) const;
  // Checks a window call's arguments; throws like BindScalar.
  void CheckWindow(const std::string& name, const std::vector<DataType>& args) const;

  bool HasScalar(const std::string& name) const { return scalars_.count(name) > 0; }
  bool HasAggregate(const std::string& name) const { return aggregates_.count(name) > 0; }
  // Every name with its signatures, one per line ("round(decimal, constant int32)"): for help
  // and documentation.
  std::vector<std::string> Describe() const;

 private:
  std::map<std::string, std::vector<ScalarSignature>> scalars_;
  std::map<std::string, std::vector<AggregateSignature>> aggregates_;
  std::map<std::string, std::vector<WindowSignature>> windows_;
};

// The built-in functions (function_catalog.cc). Immutable once made.
const FunctionRegistry& BuiltinFunctions();

}  // namespace tally
