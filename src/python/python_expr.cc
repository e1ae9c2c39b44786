// Expressions for Python: tally.Column wraps one of these.
#include <pybind11/stl.h>

#include "exec/expr.h"
#include "frame/functions.h"
#include "python/python_bindings.h"
#include "python/python_values.h"

namespace tally::python {
namespace {

std::vector<ExprPtr> Nodes(const std::vector<Expr>& exprs) {
  std::vector<ExprPtr> nodes;
  for (const Expr& e : exprs) nodes.push_back(e.node());
  return nodes;
}

}  // namespace

void BindExpressions(py::module_& m) {
  py::class_<Expr>(m, "Expr", "An unbound expression of the engine.")
      .def("alias", &Expr::alias, py::arg("name"))
      .def("output_name", [](const Expr& e) { return e.node()->OutputName(); })
      .def("contains_aggregate", [](const Expr& e) { return ContainsAggregate(*e.node()); })
      // An aggregate or window call (under any aliases) as ("aggregate" or "window", name,
      // args, param); None for other expressions.
      .def("call_parts",
           [](const Expr& e) -> py::object {
             const ExprNode& node = StripAlias(*e.node());
             if (node.kind != ExprKind::kAggregate && node.kind != ExprKind::kWindow)
               return py::none();
             std::vector<Expr> args;
             for (const auto& a : node.args) args.emplace_back(a);
             return py::make_tuple(node.kind == ExprKind::kAggregate ? "aggregate" : "window",
                                   node.name, args, node.param);
           })
      .def("__str__", &Expr::ToString)
      .def("__repr__", [](const Expr& e) { return "Expr(" + e.ToString() + ")"; });

  m.def(
      "col", [](std::string name) { return col(std::move(name)); }, py::arg("name"));
  m.def(
      "lit", [](const py::handle& value) { return lit(ScalarFromPython(value)); },
      py::arg("value"));
  m.def(
      "cast",
      [](const Expr& e, const std::string& type, bool truncate) {
        return Expr(MakeCast(e.node(), DataType::Parse(type), truncate));
      },
      py::arg("expr"), py::arg("type"), py::arg("truncate") = false,
      "A cast; with truncate, doubles and decimals become integers toward zero (Spark's rule) "
      "instead of rounded (PostgreSQL's).");
  m.def(
      "call",
      [](std::string name, const std::vector<Expr>& args) {
        return Expr(MakeCall(std::move(name), Nodes(args)));
      },
      py::arg("name"), py::arg("args"), "A scalar function or operator of the registry.");
  m.def(
      "aggregate",
      [](std::string name, const std::vector<Expr>& args, double param) {
        return Expr(MakeAggregateCall(std::move(name), Nodes(args), param));
      },
      py::arg("name"), py::arg("args"), py::arg("param") = 0.0);
  m.def(
      "window_call",
      [](std::string name, const std::vector<Expr>& args, double param) {
        return Expr(MakeWindowCall(std::move(name), Nodes(args), param));
      },
      py::arg("name"), py::arg("args"), py::arg("param") = 0.0);
  m.def(
      "case_when",
      [](const std::vector<Expr>& conditions_and_values, bool has_else) {
        return Expr(MakeCase(Nodes(conditions_and_values), has_else));
      },
      py::arg("conditions_and_values"), py::arg("has_else"));
}

}  // namespace tally::python
