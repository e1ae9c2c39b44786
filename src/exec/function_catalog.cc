// The built-in functions: every scalar, aggregate and window function the binder knows, one
// registration each. Kernels live in kernels_*.cc; aggregates in aggregate_function.cc.
#include "common/error.h"
#include "exec/function_catalog_internal.h"
#include "exec/function_registry.h"
#include "exec/kernels.h"
#include "exec/kernels_row_function.h"

namespace tally {
namespace {

const std::string& ConstantText(const BoundExprPtr& arg) {
  return arg->ConstantValue()->string_value();
}

// A kernel factory that passes the call's name and arguments on unchanged.
template <typename Make>
ScalarSignature Signature(std::vector<ParamSpec> params, Make make, bool variadic = false) {
  return {std::move(params), variadic, make};
}

void AddOperators(FunctionRegistry& r) {
  for (const char* op : {"+", "-", "*", "/", "%"})
    r.AddScalar(op, Signature({AnyNumeric(), AnyNumeric()}, [](const std::string& name, auto a) {
                  return MakeArithmetic(name, a[0], a[1]);
                }));
  // SQL's / and % (division by zero is an error).
  for (const char* op : {"sql_divide", "sql_modulo"})
    r.AddScalar(op, Signature({AnyNumeric(), AnyNumeric()}, [](const std::string& name, auto a) {
                  return MakeArithmetic(name == "sql_divide" ? "/" : "%", a[0], a[1], true);
                }));
  r.AddScalar("div", Signature({AnyNumeric(), AnyNumeric()}, [](const std::string& name, auto a) {
                return MakeArithmetic(name, a[0], a[1]);
              }));
  r.AddScalar("negate", Signature({AnyNumeric()}, [](const std::string&, auto a) {
                return MakeArithmetic("-", MakeLiteralExpr(Scalar::Int32(0)), a[0]);
              }));
  // Comparisons take any two types the comparison kernel can order (numbers, strings, dates
  // and timestamps, bools); a string constant takes the type of the other side, as an untyped
  // literal does in PostgreSQL.
  for (const char* op : {"==", "!=", "<", "<=", ">", ">="})
    r.AddScalar(op, Signature({AnyType(), AnyType()}, [](const std::string& name, auto a) {
                  return MakeComparison(name, a[0], a[1]);
                }));
  for (const char* op : {"and", "or"})
    r.AddScalar(op, Signature({AnyBool(), AnyBool()}, [](const std::string& name, auto a) {
                  return MakeLogical(name, std::move(a));
                }));
  r.AddScalar("not", Signature({AnyBool()}, [](const std::string& name, auto a) {
                return MakeLogical(name, std::move(a));
              }));
  for (const char* fn : {"is_null", "is_not_null"})
    r.AddScalar(fn, Signature({AnyType()}, [](const std::string& name, auto a) {
                  return MakeIsNull(a[0], name == "is_not_null");
                }));
  // Internal ('#'): made by the SQL binder for `expr IN (constants)` (kernels_in_list.cc).
  r.AddScalar("#in_list",
              Signature(
                  {AnyType()}, [](const std::string&, auto a) { return MakeInList(std::move(a)); },
                  /*variadic=*/true));
  r.AddScalar("coalesce", Signature(
                              {AnyType()},
                              [](const std::string&, auto a) { return MakeCoalesce(std::move(a)); },
                              /*variadic=*/true));
}

// fail_if(condition, message, value): the value, or an error with the message for a row whose
// condition holds (a scalar subquery's "more than one row").
void AddFailIf(FunctionRegistry& r) {
  r.AddScalar("fail_if", Signature({AnyBool(), Constant(AnyString()), AnyType()},
                                   [](const std::string&, std::vector<BoundExprPtr> a) {
                                     std::string message =
                                         a[1]->ConstantValue()->is_null()
                                             ? "failed"
                                             : a[1]->ConstantValue()->string_value();
                                     DataType type = a[2]->type();
                                     return MakeRowFunction(
                                         type, {a[0], a[2]},
                                         [message, type](const std::vector<Scalar>& v) {
                                           if (!v[0].is_null() && v[0].bool_value())
                                             ThrowError("{}", message);
                                           return v[1].is_null() ? Scalar::Null(type) : v[1];
                                         },
                                         /*strict=*/false);
                                   }));
}

// greatest / least: the largest / smallest non-NULL argument, in the arguments' common type.
void AddGreatestLeast(FunctionRegistry& r) {
  for (const char* fn : {"greatest", "least"})
    r.AddScalar(
        fn, Signature(
                {AnyType()},
                [](const std::string& name, std::vector<BoundExprPtr> a) {
                  std::vector<DataType> types;
                  // A bare NULL has no type of its own: it takes the others'.
                  for (const auto& x : a)
                    if (!(x->ConstantValue() && x->ConstantValue()->is_null()))
                      types.push_back(x->type());
                  DataType common = types.empty() ? a[0]->type() : CommonType(types);
                  for (auto& x : a) x = MakeCastExpr(x, common);
                  bool greatest = name == "greatest";
                  return MakeRowFunction(
                      common, std::move(a),
                      [greatest, common](const std::vector<Scalar>& v) {
                        Scalar best = Scalar::Null(common);
                        for (const auto& x : v)
                          if (!x.is_null() && (best.is_null() || (greatest ? best < x : x < best)))
                            best = x;
                        return best;
                      },
                      /*strict=*/false);
                },
                /*variadic=*/true));
}

void AddStringFunctions(FunctionRegistry& r) {
  for (const char* fn : {"starts_with", "ends_with", "contains", "like"})
    r.AddScalar(fn, Signature({AnyString(), Constant(AnyString())},
                              [](const std::string& name, auto a) -> BoundExprPtr {
                                if (a[1]->ConstantValue()->is_null())
                                  return MakeLiteralExpr(Scalar::Null(DataType::Bool()));
                                return MakeStringPredicate(name, a[0], ConstantText(a[1]));
                              }));
  // SQL's ||: both sides as text.
  r.AddScalar("||", Signature({AnyString(), AnyString()},
                              [](const std::string&, auto a) { return MakeConcat(std::move(a)); }));
  for (const char* fn : {"upper", "lower"})
    r.AddScalar(fn, Signature({AnyString()}, [](const std::string& name, auto a) {
                  return MakeCaseConversion(name == "upper", a[0]);
                }));
  for (const char* fn : {"length", "char_length"})
    r.AddScalar(fn, Signature({AnyString()},
                              [](const std::string&, auto a) { return MakeCharLength(a[0]); }));
  for (const char* fn : {"substring", "substr"}) {
    r.AddScalar(fn,
                Signature({AnyString(), Exact(DataType::Int64())},
                          [](const std::string&, auto a) { return MakeSubstring(a[0], a[1]); }));
    r.AddScalar(
        fn, Signature({AnyString(), Exact(DataType::Int64()), Exact(DataType::Int64())},
                      [](const std::string&, auto a) { return MakeSubstring(a[0], a[1], a[2]); }));
  }
}

void AddNumericFunctions(FunctionRegistry& r) {
  r.AddScalar("abs",
              Signature({AnyNumeric()}, [](const std::string&, auto a) { return MakeAbs(a[0]); }));
  for (const char* fn :
       {"sqrt", "cbrt", "exp", "ln", "log10", "log", "sign", "floor", "ceil", "ceiling", "trunc"})
    r.AddScalar(fn, Signature({AnyNumeric()}, [](const std::string& name, auto a) {
                  return MakeFloatFunction(name, std::move(a));
                }));
  for (const char* fn : {"power", "pow", "log"})
    r.AddScalar(fn, Signature({AnyNumeric(), AnyNumeric()}, [](const std::string& name, auto a) {
                  return MakeFloatFunction(name, std::move(a));
                }));
  r.AddScalar("round", Signature({AnyNumeric()},
                                 [](const std::string&, auto a) { return MakeRound(a[0], 0); }));
  r.AddScalar("round", Signature({AnyNumeric(), Constant(Exact(DataType::Int32()))},
                                 [](const std::string&, auto a) -> BoundExprPtr {
                                   const Scalar& digits = *a[1]->ConstantValue();
                                   if (digits.is_null())
                                     return MakeLiteralExpr(Scalar::Null(a[0]->type()));
                                   return MakeRound(a[0], static_cast<int>(digits.int_value()));
                                 }));
}

void AddDateFunctions(FunctionRegistry& r) {
  for (const char* fn : {"year", "month", "day"})
    r.AddScalar(fn, Signature({AnyDateTime()}, [](const std::string& name, auto a) {
                  return MakeDatePart(name, a[0]);
                }));
  r.AddScalar("to_date", Signature({AnyType()}, [](const std::string&, auto a) {
                return MakeCastExpr(a[0], DataType::Date());
              }));
  for (const char* fn : {"add_days", "add_months"})
    r.AddScalar(fn, Signature({AnyDateTime(), Exact(DataType::Int64())},
                              [](const std::string& name, auto a) {
                                return MakeAddInterval(a[0], a[1], name == "add_months");
                              }));
  r.AddScalar("date_diff_days",
              Signature({AnyDateTime(), AnyDateTime()},
                        [](const std::string&, auto a) { return MakeDateDiffDays(a[0], a[1]); }));
}

void AddAggregates(FunctionRegistry& r) {
  auto add = [&](const std::string& name, std::vector<ParamSpec> params, std::string function) {
    r.AddAggregate(name, {std::move(params), std::move(function)});
  };
  add("count_star", {}, "count_star");
  add("count", {}, "count_star");  // count() with no argument is count(*)
  add("count", {AnyType()}, "count");
  add("count_distinct", {AnyType()}, "count_distinct");
  add("sum", {AnyNumeric()}, "sum");
  // Over entries made by #string_agg_entry (exec/ordered_entry.h); SQL's string_agg(x, sep).
  add("#string_agg", {AnyString()}, "string_agg");
  for (const char* name : {"mean", "avg"}) add(name, {AnyNumeric()}, "mean");
  for (const char* name : {"min", "max", "first", "any_value"}) add(name, {AnyType()}, name);
  for (const char* name : {"median", "quantile_interp"}) add(name, {AnyNumeric()}, name);
  for (const char* name : {"var_samp", "var_pop", "stddev_samp", "stddev_pop"})
    add(name, {AnyNumeric()}, name);
  add("variance", {AnyNumeric()}, "var_samp");
  add("stddev", {AnyNumeric()}, "stddev_samp");
  // agg(DISTINCT x): over each group's distinct values (exec/aggregate_count_distinct.h).
  add("sum#distinct", {AnyNumeric()}, "sum#distinct");
  for (const char* name : {"mean", "avg"})
    add(std::string(name) + "#distinct", {AnyNumeric()}, "mean#distinct");
  for (const char* name : {"var_samp", "var_pop", "stddev_samp", "stddev_pop"})
    add(std::string(name) + "#distinct", {AnyNumeric()}, std::string(name) + "#distinct");
  add("variance#distinct", {AnyNumeric()}, "var_samp#distinct");
  add("stddev#distinct", {AnyNumeric()}, "stddev_samp#distinct");
  // bool_and / bool_or (every): the minimum / maximum of booleans.
  for (const char* name : {"bool_and", "every"}) add(name, {AnyBool()}, "min");
  add("bool_or", {AnyBool()}, "max");
  // Exact (element) quantiles and the mode return an input value: any ordered type but strings.
  for (const char* name : {"quantile_element", "mode"})
    for (const ParamSpec& p : {AnyNumeric(), AnyDateTime(), AnyBool()}) add(name, {p}, name);
}

// Window functions. A call's constant parameter (lag/lead offset, ntile buckets, nth_value's
// n) is the call's `param`, not an argument; lag and lead take an optional default value of the
// argument's type.
void AddWindowFunctions(FunctionRegistry& r) {
  for (const char* name : {"lag", "lead"}) {
    r.AddWindow(name, {{AnyType()}});
    r.AddWindow(name, {{AnyType(), AnyType()}});
  }
  for (const char* name :
       {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "count_star"})
    r.AddWindow(name, {{}});
  for (const char* name : {"first_value", "last_value", "nth_value", "count", "min", "max"})
    r.AddWindow(name, {{AnyType()}});
  for (const char* name : {"sum", "mean"}) r.AddWindow(name, {{AnyNumeric()}});
}

FunctionRegistry MakeBuiltins() {
  FunctionRegistry r;
  AddOperators(r);
  AddStringFunctions(r);
  AddNumericFunctions(r);
  AddDateFunctions(r);
  AddTextFunctions(r);
  AddGreatestLeast(r);
  AddFailIf(r);
  AddTimeFunctions(r);
  AddAggregates(r);
  AddWindowFunctions(r);
  return r;
}

}  // namespace

const FunctionRegistry& BuiltinFunctions() {
  static const FunctionRegistry registry = MakeBuiltins();
  return registry;
}

}  // namespace tally
