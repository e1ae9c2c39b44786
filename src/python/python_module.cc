// The module's entry point and its exceptions.
#include <pybind11/pybind11.h>

#include "common/error.h"
#include "python/python_bindings.h"
#include "sql/sql_parse.h"

namespace tally::python {

const Exceptions& ModuleExceptions() {
  // Made by PYBIND11_MODULE below before anything can raise them; never destroyed, as the
  // interpreter may already be gone when static destructors run.
  static auto* exceptions = new Exceptions();
  return *exceptions;
}

namespace {

void RegisterExceptions(py::module_& m) {
  auto& e = const_cast<Exceptions&>(ModuleExceptions());
  py::object exception = py::module_::import("builtins").attr("Exception");
  auto make = [&](const char* name, const py::object& base, const char* doc) {
    py::object type = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
        fmt::format("tally._tally.{}", name).c_str(), doc, base.ptr(), nullptr));
    if (!type) throw py::error_already_set();
    m.attr(name) = type;
    return type;
  };
  e.tally_error = make("TallyError", exception, "An error of the tally engine.");
  e.analysis_error = make("AnalysisError", e.tally_error,
                          "A query or statement that cannot be built: an unknown column, table "
                          "or function, a wrong type, bad SQL.");
  e.execution_error = make("ExecutionError", e.tally_error,
                           "A query that failed while running: an overflow, a division by zero, "
                           "unreadable input.");
  e.query_cancelled = make("QueryCancelled", e.tally_error,
                           "A query stopped by interrupt_all() (Ctrl-C raises KeyboardInterrupt).");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& error) {
      PyErr_SetString(ModuleExceptions().analysis_error.ptr(), error.what());
    } catch (const InternalError& error) {
      PyErr_SetString(PyExc_RuntimeError,
                      fmt::format("internal error in tally: {}", error.what()).c_str());
    }
  });
}

}  // namespace

PYBIND11_MODULE(_tally, m) {
  m.doc() = "The native part of tally: the engine's expressions, DataFrames, SQL and results.";
  m.attr("__version__") = TALLY_VERSION;
  RegisterExceptions(m);
  BindExpressions(m);
  BindFrames(m);
  BindCharts(m);
}

}  // namespace tally::python
