#pragma once
// Values between Python and the engine: Python objects as literals, result rows as Python
// tuples, and result columns as NumPy arrays built column by column (no Python object per
// number or timestamp).
#include <pybind11/pybind11.h>

#include "common/scalar.h"
#include "exec/table.h"

namespace tally::python {

namespace py = pybind11;

// None, bool, int, float, str, datetime.date, datetime.datetime (naive), decimal.Decimal, and
// NumPy's integer, floating and bool scalars. Throws tally::Error for anything else.
Scalar ScalarFromPython(const py::handle& value);

// One Python value: int, float, decimal.Decimal (exact), str, bool, datetime.date,
// datetime.datetime or None.
py::object ScalarToPython(const Scalar& value);

// Rows [begin, end) of `table` as a list of tuples.
py::list RowsToPython(const Table& table, size_t begin, size_t end);

// Every column of `table` as a tuple (name, kind, values, mask) where `values` is a NumPy array
// and `mask` a bool array of the NULL rows (or None when there are none). kind is the engine's
// type name. Decimals become float64 unless `exact_decimals` (then objects of decimal.Decimal).
py::list ColumnsToNumpy(const Table& table, bool exact_decimals);

}  // namespace tally::python
