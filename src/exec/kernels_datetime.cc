// Calendar functions of dates (days) and timestamps (microseconds). Rows usually arrive in
// time order, so consecutive rows share a day: the civil date is recomputed only when the day
// changes.
#include <algorithm>

#include "common/datetime.h"
#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

// Days of each row of a date or timestamp datum (scalar: one value).
Values<int32_t> DaysOf(const Datum& d, size_t rows) {
  const DataType& t = d.is_scalar() ? d.scalar.type() : d.column->type();
  if (t.id == TypeId::kDate) return RawValues<int32_t>(d);
  Values<int32_t> v;
  Values<int64_t> micros = RawValues<int64_t>(d);
  v.scalar = micros.scalar;
  size_t n = micros.scalar ? 1 : rows;
  v.buffer.resize(n);
  for (size_t i = 0; i < n; ++i) v.buffer[i] = TimestampToDays(micros.data[i]);
  v.data = v.buffer.data();
  return v;
}

void RequireTemporal(const BoundExprPtr& e, const std::string& fn) {
  TypeId id = e->type().id;
  if (id != TypeId::kDate && id != TypeId::kTimestamp)
    ThrowError("{} needs a date or timestamp, got {}", fn, e->type().ToString());
}

enum class Part { kYear, kMonth, kDay };

class DatePartExpr : public BoundExpr {
 public:
  DatePartExpr(Part part, BoundExprPtr child)
      : BoundExpr(DataType::Int32()), part_(part), child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a};
    size_t rows = RowsFor(inputs, batch.num_rows);
    Values<int32_t> days = DaysOf(a, rows);
    ColumnPtr out = MakeFixedColumn(DataType::Int32(), rows);
    int32_t* o = out->data<int32_t>();
    int32_t last_day = 0, last_value = 0;
    bool have_last = false;
    for (size_t i = 0; i < rows; ++i) {
      int32_t d = days[i];
      if (!have_last || d != last_day) {
        int y;
        unsigned m, dd;
        CivilFromDays(d, &y, &m, &dd);
        last_value = part_ == Part::kYear    ? y
                     : part_ == Part::kMonth ? static_cast<int32_t>(m)
                                             : static_cast<int32_t>(dd);
        last_day = d;
        have_last = true;
      }
      o[i] = last_value;
    }
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  Part part_;
  BoundExprPtr child_;
};

class DateTruncExpr : public BoundExpr {
 public:
  DateTruncExpr(Part unit, BoundExprPtr child)
      : BoundExpr(child->type()), unit_(unit), child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a};
    size_t rows = RowsFor(inputs, batch.num_rows);
    Values<int32_t> days = DaysOf(a, rows);
    ColumnPtr out = MakeFixedColumn(type(), rows);
    bool timestamp = type().id == TypeId::kTimestamp;
    int32_t last_day = 0, last_value = 0;
    bool have_last = false;
    for (size_t i = 0; i < rows; ++i) {
      int32_t d = days[i];
      if (!have_last || d != last_day) {
        int y;
        unsigned m, dd;
        CivilFromDays(d, &y, &m, &dd);
        last_value = unit_ == Part::kYear    ? DaysFromCivil(y, 1, 1)
                     : unit_ == Part::kMonth ? DaysFromCivil(y, m, 1)
                                             : d;
        last_day = d;
        have_last = true;
      }
      if (timestamp)
        out->data<int64_t>()[i] = int64_t{last_value} * kMicrosPerDay;
      else
        out->data<int32_t>()[i] = last_value;
    }
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  Part unit_;
  BoundExprPtr child_;
};

class DateDiffExpr : public BoundExpr {
 public:
  DateDiffExpr(BoundExprPtr end, BoundExprPtr start)
      : BoundExpr(DataType::Int32()), end_(std::move(end)), start_(std::move(start)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = end_->Evaluate(batch);
    Datum b = start_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a, &b};
    size_t rows = RowsFor(inputs, batch.num_rows);
    Values<int32_t> x = DaysOf(a, rows), y = DaysOf(b, rows);
    ColumnPtr out = MakeFixedColumn(DataType::Int32(), rows);
    BinaryLoop(x, y, out->data<int32_t>(), rows, [](int32_t p, int32_t q) { return p - q; });
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  BoundExprPtr end_, start_;
};

// date/timestamp + n days or months (n an int64 column or constant). Months keep the day of
// the month where it exists and clamp to the month's last day otherwise (2020-01-31 + 1 month
// is 2020-02-29), as PostgreSQL does; a result outside years 0000-9999 is an error.
class AddIntervalExpr : public BoundExpr {
 public:
  AddIntervalExpr(BoundExprPtr base, BoundExprPtr amount, bool months)
      : BoundExpr(base->type()),
        base_(std::move(base)),
        amount_(std::move(amount)),
        months_(months) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = base_->Evaluate(batch);
    Datum n = amount_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a, &n};
    size_t rows = RowsFor(inputs, batch.num_rows);
    bool timestamp = type().id == TypeId::kTimestamp;
    ColumnPtr out = MakeFixedColumn(type(), rows);
    Values<int64_t> amount = RawValues<int64_t>(n);
    Values<int64_t> micros;
    Values<int32_t> days;
    if (timestamp)
      micros = RawValues<int64_t>(a);
    else
      days = RawValues<int32_t>(a);
    for (size_t i = 0; i < rows; ++i) {
      if (DatumIsNull(a, i) || DatumIsNull(n, i)) continue;
      int64_t day = timestamp ? TimestampToDays(micros[i]) : days[i];
      int64_t time_of_day = timestamp ? micros[i] - day * kMicrosPerDay : 0;
      int64_t shifted = months_ ? AddMonths(day, amount[i]) : day + amount[i];
      if (!IsSupportedDate(shifted)) ThrowError("date out of range after adding an interval");
      if (timestamp)
        out->data<int64_t>()[i] = shifted * kMicrosPerDay + time_of_day;
      else
        out->data<int32_t>()[i] = static_cast<int32_t>(shifted);
    }
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  static int64_t AddMonths(int64_t day, int64_t months) {
    if (months > 120000 || months < -120000) return kMaxDate + 1;  // out of range anyway
    int y;
    unsigned m, d;
    CivilFromDays(static_cast<int32_t>(day), &y, &m, &d);
    int64_t index = static_cast<int64_t>(y) * 12 + (m - 1) + months;
    int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
    unsigned month = static_cast<unsigned>(index - year * 12) + 1;
    if (year < 0 || year > 9999) return kMaxDate + 1;
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    unsigned last = month == 2 && leap ? 29 : kDays[month - 1];
    return DaysFromCivil(static_cast<int>(year), month, std::min(d, last));
  }

  BoundExprPtr base_, amount_;
  bool months_;
};

Part ParsePart(const std::string& name) {
  if (name == "year") return Part::kYear;
  if (name == "month") return Part::kMonth;
  if (name == "day") return Part::kDay;
  ThrowError("unknown date part \"{}\" (expected year, month or day)", name);
}

}  // namespace

BoundExprPtr MakeDatePart(const std::string& part, BoundExprPtr child) {
  RequireTemporal(child, part);
  return std::make_shared<DatePartExpr>(ParsePart(part), std::move(child));
}

BoundExprPtr MakeDateTrunc(const std::string& unit, BoundExprPtr child) {
  RequireTemporal(child, "date_trunc");
  return std::make_shared<DateTruncExpr>(ParsePart(unit), std::move(child));
}

BoundExprPtr MakeDateDiffDays(BoundExprPtr end, BoundExprPtr start) {
  RequireTemporal(end, "date_diff_days");
  RequireTemporal(start, "date_diff_days");
  return std::make_shared<DateDiffExpr>(std::move(end), std::move(start));
}

BoundExprPtr MakeAddInterval(BoundExprPtr base, BoundExprPtr amount, bool months) {
  RequireTemporal(base, months ? "add_months" : "add_days");
  return std::make_shared<AddIntervalExpr>(std::move(base), std::move(amount), months);
}

}  // namespace tally
