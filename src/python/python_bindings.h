#pragma once
// The native module `tally._tally`: the few classes the PySpark-shaped Python API
// (python/tally/*.py) is written over. Expressions, DataFrames and the session map one to one
// onto the engine's (frame/dataframe.h, sql/sql_session.h); results leave as NumPy arrays.
#include <pybind11/pybind11.h>

#include <functional>

#include "exec/query_context.h"
#include "exec/table.h"

namespace tally::python {

namespace py = pybind11;

// The module's exception types: TallyError, and below it AnalysisError (a plan or statement
// that cannot be built: unknown names, wrong types, bad SQL) and ExecutionError (a query that
// failed while running: overflow, division by zero, unreadable input), and QueryCancelled
// (stopped by interrupt_all()).
struct Exceptions {
  py::object tally_error, analysis_error, execution_error, query_cancelled;
};
const Exceptions& ModuleExceptions();

void BindExpressions(py::module_& m);
void BindFrames(py::module_& m);
void BindCharts(py::module_& m);

// Runs `query` on a thread of its own while the caller waits without the GIL, so that other
// Python threads run meanwhile; Ctrl-C (KeyboardInterrupt) cancels the query through `context`.
// Errors of the query are raised as ExecutionError (SQL errors as AnalysisError).
Table RunQuery(const QueryContextPtr& context, std::function<Table()> query);

}  // namespace tally::python
