#include "python/python_values.h"

#include <datetime.h>  // Python's C API for datetime objects
#include <pybind11/numpy.h>

#include <climits>
#include <map>

#include "common/datetime.h"
#include "common/error.h"
#include "common/number_parse.h"

namespace tally::python {
namespace {

// The datetime C API is loaded once per process, on first use (it needs the GIL).
void EnsureDateTimeApi() {
  if (!PyDateTimeAPI) PyDateTime_IMPORT;
  if (!PyDateTimeAPI) throw py::error_already_set();
}

py::object DecimalType() {
  return py::module_::import("decimal").attr("Decimal");
}

Scalar DecimalFromPython(const py::handle& value) {
  // Positional notation ("12.500", never "1.25E+1"), then the engine's exact parser.
  std::string text = py::str(py::module_::import("builtins").attr("format")(value, "f"));
  size_t point = text.find('.');
  int scale = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
  int64_t unscaled;
  if (scale > 18 || !ParseDecimal(text, 18, scale, &unscaled))
    ThrowError("decimal literal {} does not fit decimal(18,{})", text, scale);
  return Scalar::Decimal(unscaled, 18, scale);
}

py::object DateToPython(int32_t days) {
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  return py::reinterpret_steal<py::object>(
      PyDate_FromDate(year, static_cast<int>(month), static_cast<int>(day)));
}

py::object TimestampToPython(int64_t micros) {
  int32_t days = TimestampToDays(micros);
  int64_t in_day = micros - int64_t{days} * kMicrosPerDay;
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  int64_t seconds = in_day / 1000000;
  return py::reinterpret_steal<py::object>(PyDateTime_FromDateAndTime(
      year, static_cast<int>(month), static_cast<int>(day), static_cast<int>(seconds / 3600),
      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
      static_cast<int>(in_day % 1000000)));
}

py::object CheckedObject(PyObject* object) {
  if (!object) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

// Converts the values of one column, batch by batch, without a Python object per value for
// fixed-width types.
class NumpyColumnBuilder {
 public:
  NumpyColumnBuilder(const Table& table, size_t column, bool exact_decimals)
      : table_(table), column_(column), exact_decimals_(exact_decimals) {}

  py::tuple Build() {
    const Field& field = table_.schema()->field(column_);
    size_t rows = table_.num_rows();
    bool has_nulls = false;
    for (const Batch& b : table_.batches()) has_nulls |= b.columns[column_]->HasNulls();
    py::array_t<bool> mask;
    if (has_nulls) {
      mask = py::array_t<bool>(static_cast<py::ssize_t>(rows));
      bool* m = mask.mutable_data();
      size_t at = 0;
      for (const Batch& b : table_.batches()) {
        const Column& c = *b.columns[column_];
        for (size_t i = 0; i < b.num_rows; ++i) m[at++] = c.IsNull(i);
      }
    }
    py::array values;
    switch (field.type.id) {
      case TypeId::kBool:
        values = Fixed<uint8_t, bool>("bool", [](uint8_t v) { return v != 0; });
        break;
      case TypeId::kInt32:
        values = Fixed<int32_t, int32_t>("int32", [](int32_t v) { return v; });
        break;
      case TypeId::kInt64:
        values = Fixed<int64_t, int64_t>("int64", [](int64_t v) { return v; });
        break;
      case TypeId::kDouble:
        values = Fixed<double, double>(
            "float64", [](double v) { return v; }, NAN);
        break;
      case TypeId::kDecimal: {
        if (exact_decimals_) {
          values =
              Objects([&](const Column& c, size_t i) { return DecimalType()(c.ValueToString(i)); });
          break;
        }
        // unscaled / 10^scale is the double nearest the exact value while |unscaled| < 2^53.
        double divisor = static_cast<double>(kPowersOfTen[field.type.scale]);
        values = Fixed<int64_t, double>(
            "float64", [divisor](int64_t v) { return static_cast<double>(v) / divisor; }, NAN);
        break;
      }
      case TypeId::kDate:
        values = Fixed<int32_t, int64_t>(
            "datetime64[D]", [](int32_t v) { return int64_t{v}; }, INT64_MIN);
        break;
      case TypeId::kTimestamp:
        values = Fixed<int64_t, int64_t>(
            "datetime64[us]", [](int64_t v) { return v; }, INT64_MIN);
        break;
      case TypeId::kString:
        values = Strings();
        break;
    }
    return py::make_tuple(field.name, field.type.ToString(), values,
                          has_nulls ? py::object(mask) : py::object(py::none()));
  }

 private:
  // A NumPy array of dtype `dtype` whose element type is Out, from the physical values In;
  // NULL rows hold `null_value` (NaN, NaT) or whatever the slot held (the mask tells).
  template <typename In, typename Out, typename Convert>
  py::array Fixed(const char* dtype, Convert convert, Out null_value = Out{}) {
    py::array array(py::dtype(dtype), {static_cast<py::ssize_t>(table_.num_rows())}, {});
    Out* out = static_cast<Out*>(array.mutable_data());
    for (const Batch& b : table_.batches()) {
      const Column& c = *b.columns[column_];
      const In* in = c.data<In>();
      for (size_t i = 0; i < b.num_rows; ++i) out[i] = convert(in[i]);
      if (c.HasNulls())
        for (size_t i = 0; i < b.num_rows; ++i)
          if (c.IsNull(i)) out[i] = null_value;
      out += b.num_rows;
    }
    return array;
  }

  // An object array, None for NULL rows.
  template <typename Make>
  py::array Objects(Make make) {
    py::array array(py::dtype("O"), {static_cast<py::ssize_t>(table_.num_rows())}, {});
    auto** out = static_cast<PyObject**>(array.mutable_data());
    size_t at = 0;
    for (const Batch& b : table_.batches()) {
      const Column& c = *b.columns[column_];
      for (size_t i = 0; i < b.num_rows; ++i, ++at) {
        if (c.IsNull(i)) continue;  // numpy filled the slot with None
        PyObject* value = make(c, i).release().ptr();
        Py_XDECREF(out[at]);
        out[at] = value;
      }
    }
    return array;
  }

  // Strings as Python str objects; a dictionary-encoded column makes each distinct string once
  // and shares it between its rows.
  py::array Strings() {
    std::map<const Column*, std::vector<py::object>> made;
    return Objects([&](const Column& c, size_t i) -> py::object {
      if (!c.is_dictionary()) return Str(c.GetString(i));
      std::vector<py::object>& strings = made[c.dictionary().get()];
      if (strings.empty()) strings.resize(c.dictionary()->size());
      auto index = static_cast<size_t>(c.data<int32_t>()[i]);
      if (!strings[index]) strings[index] = Str(c.dictionary()->GetString(index));
      return strings[index];
    });
  }

  static py::object Str(std::string_view s) {
    return CheckedObject(
        PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "replace"));
  }

  const Table& table_;
  size_t column_;
  bool exact_decimals_;
};

}  // namespace

Scalar ScalarFromPython(const py::handle& value) {
  EnsureDateTimeApi();
  PyObject* o = value.ptr();
  if (value.is_none()) return Scalar::Null(DataType::String());
  if (PyBool_Check(o)) return Scalar::Bool(o == Py_True);
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow)
      ThrowError("integer literal {} is out of range for bigint", std::string(py::str(value)));
    if (v >= INT32_MIN && v <= INT32_MAX) return Scalar::Int32(static_cast<int32_t>(v));
    return Scalar::Int64(v);
  }
  if (PyFloat_Check(o)) return Scalar::Double(PyFloat_AsDouble(o));
  if (PyUnicode_Check(o)) return Scalar::String(value.cast<std::string>());
  if (PyDateTime_Check(o)) {
    if (!value.attr("tzinfo").is_none())
      ThrowError("timestamps with a time zone are not supported: give a naive datetime");
    int32_t days =
        DaysFromCivil(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
    int64_t micros = ((PyDateTime_DATE_GET_HOUR(o) * 60 + PyDateTime_DATE_GET_MINUTE(o)) * 60 +
                      PyDateTime_DATE_GET_SECOND(o)) *
                         int64_t{1000000} +
                     PyDateTime_DATE_GET_MICROSECOND(o);
    return Scalar::Timestamp(int64_t{days} * kMicrosPerDay + micros);
  }
  if (PyDate_Check(o))
    return Scalar::Date(
        DaysFromCivil(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o)));
  if (py::isinstance(value, DecimalType())) return DecimalFromPython(value);
  // NumPy scalars (np.int64(3), np.float64(2.5), np.bool_(True)) as the Python values they hold.
  if (py::hasattr(value, "dtype") && py::hasattr(value, "item"))
    return ScalarFromPython(value.attr("item")());
  ThrowError("cannot use a value of Python type {} as a literal",
             std::string(py::str(value.get_type().attr("__name__"))));
}

py::object ScalarToPython(const Scalar& value) {
  EnsureDateTimeApi();
  if (value.is_null()) return py::none();
  switch (value.type().id) {
    case TypeId::kBool:
      return py::bool_(value.bool_value());
    case TypeId::kInt32:
    case TypeId::kInt64:
      return py::int_(value.int_value());
    case TypeId::kDouble:
      return py::float_(value.double_value());
    case TypeId::kDecimal:
      return DecimalType()(value.ToString());
    case TypeId::kDate:
      return DateToPython(static_cast<int32_t>(value.int_value()));
    case TypeId::kTimestamp:
      return TimestampToPython(value.int_value());
    case TypeId::kString:
      return py::str(value.string_value());
  }
  return py::none();
}

py::list RowsToPython(const Table& table, size_t begin, size_t end) {
  EnsureDateTimeApi();
  py::list rows;
  size_t first = 0;
  for (const Batch& b : table.batches()) {
    size_t last = first + b.num_rows;
    for (size_t r = std::max(first, begin); r < std::min(last, end); ++r) {
      size_t i = r - first;
      py::tuple row(b.columns.size());
      for (size_t c = 0; c < b.columns.size(); ++c) {
        const Column& column = *b.columns[c];
        py::object v;
        if (column.IsNull(i)) {
          v = py::none();
        } else {
          switch (column.type().id) {
            case TypeId::kBool:
              v = py::bool_(column.Get<uint8_t>(i) != 0);
              break;
            case TypeId::kInt32:
              v = py::int_(column.Get<int32_t>(i));
              break;
            case TypeId::kInt64:
              v = py::int_(column.Get<int64_t>(i));
              break;
            case TypeId::kDouble:
              v = py::float_(column.Get<double>(i));
              break;
            case TypeId::kDecimal:
              v = DecimalType()(column.ValueToString(i));
              break;
            case TypeId::kDate:
              v = DateToPython(column.Get<int32_t>(i));
              break;
            case TypeId::kTimestamp:
              v = TimestampToPython(column.Get<int64_t>(i));
              break;
            case TypeId::kString: {
              std::string_view s = column.GetString(i);
              v = CheckedObject(
                  PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "replace"));
              break;
            }
          }
        }
        row[c] = std::move(v);
      }
      rows.append(std::move(row));
    }
    first = last;
    if (first >= end) break;
  }
  return rows;
}

py::list ColumnsToNumpy(const Table& table, bool exact_decimals) {
  py::list columns;
  for (size_t c = 0; c < table.num_columns(); ++c)
    columns.append(NumpyColumnBuilder(table, c, exact_decimals).Build());
  return columns;
}

}  // namespace tally::python
