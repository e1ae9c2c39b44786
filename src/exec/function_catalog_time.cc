// Date and time functions as PostgreSQL defines them: extract / date_part of every common field,
// date_trunc to every common unit, to_char with the common patterns, make_date. Dates are days
// and timestamps microseconds since 1970-01-01 (common/datetime.h), without time zones.
#include <fmt/format.h>

#include <array>

#include "common/datetime.h"
#include "common/error.h"
#include "exec/function_catalog_internal.h"
#include "exec/kernels.h"
#include "exec/kernels_row_function.h"

namespace tally {
namespace {

// The parts of a date or timestamp value.
struct Moment {
  int64_t micros = 0;  // since the epoch
  int32_t days = 0;    // since the epoch
  int year = 0;
  unsigned month = 0, day = 0;
  int64_t time = 0;  // microseconds since midnight
};

Moment MomentOf(const Scalar& v) {
  Moment m;
  if (v.type().id == TypeId::kDate) {
    m.days = static_cast<int32_t>(v.int_value());
    m.micros = int64_t{m.days} * kMicrosPerDay;
  } else {
    m.micros = v.int_value();
    m.days = TimestampToDays(m.micros);
  }
  m.time = m.micros - int64_t{m.days} * kMicrosPerDay;
  CivilFromDays(m.days, &m.year, &m.month, &m.day);
  return m;
}

// 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday).
int DayOfWeek(int32_t days) {
  return static_cast<int>(((days % 7) + 11) % 7);
}

// ISO 8601 week number and its year: weeks start on Monday; week 1 holds the year's first
// Thursday.
int IsoWeek(int32_t days, int* iso_year) {
  int iso_dow = (DayOfWeek(days) + 6) % 7;  // Monday 0
  int32_t thursday = days - iso_dow + 3;
  int y;
  unsigned m, d;
  CivilFromDays(thursday, &y, &m, &d);
  *iso_year = y;
  return static_cast<int>((thursday - DaysFromCivil(y, 1, 1)) / 7 + 1);
}

const std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
const std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};

Scalar Extract(const std::string& field, const Scalar& value) {
  Moment m = MomentOf(value);
  auto integer = [](int64_t v) { return Scalar::Int32(static_cast<int32_t>(v)); };
  if (field == "year") return integer(m.year);
  if (field == "quarter") return integer((m.month - 1) / 3 + 1);
  if (field == "month") return integer(m.month);
  if (field == "day") return integer(m.day);
  if (field == "dow") return integer(DayOfWeek(m.days));
  if (field == "isodow") return integer((DayOfWeek(m.days) + 6) % 7 + 1);
  if (field == "doy") return integer(m.days - DaysFromCivil(m.year, 1, 1) + 1);
  if (field == "week") {
    int iso_year;
    return integer(IsoWeek(m.days, &iso_year));
  }
  if (field == "isoyear") {
    int iso_year;
    IsoWeek(m.days, &iso_year);
    return integer(iso_year);
  }
  if (field == "decade") return integer(m.year >= 0 ? m.year / 10 : -((-m.year - 1) / 10) - 1);
  if (field == "century") return integer(m.year > 0 ? (m.year + 99) / 100 : -((99 - m.year) / 100));
  if (field == "hour") return integer(m.time / (3600 * kMicrosPerSecond));
  if (field == "minute") return integer(m.time / (60 * kMicrosPerSecond) % 60);
  // Seconds with their fraction, and the epoch, as numeric(…, 6) as PostgreSQL gives them.
  if (field == "second") return Scalar::Decimal(m.time % (60 * kMicrosPerSecond), 8, 6);
  if (field == "epoch") return Scalar::Decimal(m.micros, 18, 6);
  ThrowError(
      "unit \"{}\" not recognized for extract (year, quarter, month, week, day, dow, "
      "isodow, doy, hour, minute, second, epoch)",
      field);
}

DataType ExtractType(const std::string& field) {
  if (field == "second") return DataType::Decimal(8, 6);
  if (field == "epoch") return DataType::Decimal(18, 6);
  return DataType::Int32();
}

// The start of the unit holding `value`, of the value's own type.
Scalar Truncate(const std::string& unit, const Scalar& value) {
  Moment m = MomentOf(value);
  int32_t days = m.days;
  int64_t time = 0;
  if (unit == "year")
    days = DaysFromCivil(m.year, 1, 1);
  else if (unit == "quarter")
    days = DaysFromCivil(m.year, (m.month - 1) / 3 * 3 + 1, 1);
  else if (unit == "month")
    days = DaysFromCivil(m.year, m.month, 1);
  else if (unit == "week")
    days = m.days - (DayOfWeek(m.days) + 6) % 7;
  else if (unit == "day")
    time = 0;
  else if (unit == "hour")
    time = m.time / (3600 * kMicrosPerSecond) * 3600 * kMicrosPerSecond;
  else if (unit == "minute")
    time = m.time / (60 * kMicrosPerSecond) * 60 * kMicrosPerSecond;
  else if (unit == "second")
    time = m.time / kMicrosPerSecond * kMicrosPerSecond;
  else if (unit == "decade")
    days = DaysFromCivil(m.year - ((m.year % 10) + 10) % 10, 1, 1);
  else
    ThrowError(
        "unit \"{}\" not recognized for date_trunc (year, quarter, month, week, day, "
        "hour, minute, second, decade)",
        unit);
  if (value.type().id == TypeId::kDate) return Scalar::Date(days);
  return Scalar::Timestamp(int64_t{days} * kMicrosPerDay + time);
}

// to_char(datetime, pattern) with the common template patterns: YYYY YY Q MM Mon MON mon Month
// MONTH month DD D DDD Day DAY day Dy DY dy WW IW IYYY HH24 HH12 HH MI SS MS US AM PM, an FM prefix
// (no padding), "quoted text", and any other character as itself.
std::string ToChar(const Scalar& value, const std::string& pattern) {
  Moment m = MomentOf(value);
  int dow = DayOfWeek(m.days);
  int64_t hour = m.time / (3600 * kMicrosPerSecond);
  std::string out;
  auto starts = [&](size_t at, std::string_view token) {
    return pattern.compare(at, token.size(), token) == 0;
  };
  auto cased = [](std::string word, int style) {  // 0 as is, 1 upper, 2 lower
    for (char& c : word)
      c = static_cast<char>(style == 1   ? std::toupper(static_cast<unsigned char>(c))
                            : style == 2 ? std::tolower(static_cast<unsigned char>(c))
                                         : c);
    return word;
  };
  for (size_t i = 0; i < pattern.size();) {
    bool fill = true;
    if (starts(i, "FM")) {
      fill = false;
      i += 2;
    }
    auto number = [&](int64_t v, int width) {
      out += fill ? fmt::format("{:0{}}", v, width) : fmt::format("{}", v);
    };
    auto word = [&](const std::string& w) { out += fill ? fmt::format("{:<9}", w) : w; };
    struct Named {
      const char* token;
      int style;
    };
    bool matched = true;
    if (starts(i, "YYYY")) {
      number(m.year, 4), i += 4;
    } else if (starts(i, "YY")) {
      number(m.year % 100, 2), i += 2;
    } else if (starts(i, "HH24")) {
      number(hour, 2), i += 4;
    } else if (starts(i, "HH12") || starts(i, "HH")) {
      number(hour % 12 == 0 ? 12 : hour % 12, 2), i += starts(i, "HH12") ? 4 : 2;
    } else if (starts(i, "MI")) {
      number(m.time / (60 * kMicrosPerSecond) % 60, 2), i += 2;
    } else if (starts(i, "SS")) {
      number(m.time / kMicrosPerSecond % 60, 2), i += 2;
    } else if (starts(i, "MS")) {
      number(m.time / 1000 % 1000, 3), i += 2;
    } else if (starts(i, "US")) {
      number(m.time % kMicrosPerSecond, 6), i += 2;
    } else if (starts(i, "AM") || starts(i, "PM")) {
      out += hour < 12 ? "AM" : "PM", i += 2;
    } else if (starts(i, "MM")) {
      number(m.month, 2), i += 2;
    } else if (starts(i, "DDD")) {
      number(m.days - DaysFromCivil(m.year, 1, 1) + 1, 3), i += 3;
    } else if (starts(i, "DD")) {
      number(m.day, 2), i += 2;
    } else if (starts(i, "WW")) {  // week of the year, weeks starting on January 1st
      number((m.days - DaysFromCivil(m.year, 1, 1)) / 7 + 1, 2), i += 2;
    } else if (starts(i, "IYYY")) {
      int iso_year;
      IsoWeek(m.days, &iso_year);
      number(iso_year, 4), i += 4;
    } else if (starts(i, "IW")) {
      int iso_year;
      number(IsoWeek(m.days, &iso_year), 2), i += 2;
    } else if (starts(i, "Q")) {
      number((m.month - 1) / 3 + 1, 1), i += 1;
    } else {
      matched = false;
      for (Named n : {Named{"MONTH", 1}, Named{"Month", 0}, Named{"month", 2}}) {
        if (!starts(i, n.token)) continue;
        word(cased(kMonths[m.month - 1], n.style)), i += 5, matched = true;
        break;
      }
      for (Named n : {Named{"MON", 1}, Named{"Mon", 0}, Named{"mon", 2}}) {
        if (matched || !starts(i, n.token)) continue;
        out += cased(std::string(kMonths[m.month - 1]).substr(0, 3), n.style), i += 3;
        matched = true;
      }
      for (Named n : {Named{"DAY", 1}, Named{"Day", 0}, Named{"day", 2}}) {
        if (matched || !starts(i, n.token)) continue;
        word(cased(kDays[static_cast<size_t>(dow)], n.style)), i += 3, matched = true;
      }
      for (Named n : {Named{"DY", 1}, Named{"Dy", 0}, Named{"dy", 2}}) {
        if (matched || !starts(i, n.token)) continue;
        out += cased(std::string(kDays[static_cast<size_t>(dow)]).substr(0, 3), n.style), i += 2;
        matched = true;
      }
      if (!matched && starts(i, "D")) number(dow + 1, 1), i += 1, matched = true;
    }
    if (matched) continue;
    if (pattern[i] == '"') {
      size_t close = pattern.find('"', i + 1);
      if (close == std::string::npos) close = pattern.size();
      out.append(pattern, i + 1, close - i - 1);
      i = close + 1;
      continue;
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

}  // namespace

void AddTimeFunctions(FunctionRegistry& r) {
  // extract(field FROM x) and date_part('field', x): year, month and day vectorized, the
  // other fields row by row.
  for (const char* name : {"extract", "date_part"})
    r.AddScalar(name, {{Constant(AnyString()), AnyDateTime()},
                       false,
                       [](const std::string&, std::vector<BoundExprPtr> a) -> BoundExprPtr {
                         const Scalar& unit = *a[0]->ConstantValue();
                         if (unit.is_null())
                           return MakeLiteralExpr(Scalar::Null(DataType::Int32()));
                         std::string field = unit.string_value();
                         for (char& c : field) c = static_cast<char>(std::tolower(c));
                         if (field == "year" || field == "month" || field == "day")
                           return MakeDatePart(field, a[1]);
                         Extract(field, Scalar::Date(0));  // an unknown field fails now
                         return MakeRowFunction(ExtractType(field), {a[1]},
                                                [field](const std::vector<Scalar>& v) {
                                                  return Extract(field, v[0]);
                                                });
                       }});
  r.AddScalar("date_trunc", {{Constant(AnyString()), AnyDateTime()},
                             false,
                             [](const std::string&, std::vector<BoundExprPtr> a) -> BoundExprPtr {
                               if (a[0]->ConstantValue()->is_null())
                                 ThrowError("date_trunc needs a unit");
                               std::string unit = a[0]->ConstantValue()->string_value();
                               for (char& c : unit) c = static_cast<char>(std::tolower(c));
                               if (unit == "year" || unit == "month" || unit == "day")
                                 return MakeDateTrunc(unit, a[1]);
                               Truncate(unit, Scalar::Date(0));
                               return MakeRowFunction(a[1]->type(), {a[1]},
                                                      [unit](const std::vector<Scalar>& v) {
                                                        return Truncate(unit, v[0]);
                                                      });
                             }});
  r.AddScalar(
      "to_char",
      {{AnyDateTime(), AnyString()}, false, [](const std::string&, std::vector<BoundExprPtr> a) {
         return MakeRowFunction(DataType::String(), std::move(a), [](const std::vector<Scalar>& v) {
           return Scalar::String(ToChar(v[0], v[1].string_value()));
         });
       }});
  const ParamSpec int64 = Exact(DataType::Int64());
  r.AddScalar(
      "make_date",
      {{int64, int64, int64}, false, [](const std::string&, std::vector<BoundExprPtr> a) {
         return MakeRowFunction(DataType::Date(), std::move(a), [](const std::vector<Scalar>& v) {
           int64_t y = v[0].int_value(), m = v[1].int_value(), d = v[2].int_value();
           int32_t days = 0;
           std::string text = fmt::format("{:04}-{:02}-{:02}", y, m, d);
           if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 || !ParseDate(text, &days))
             ThrowError("date field value out of range: {}-{}-{}", y, m, d);
           return Scalar::Date(days);
         });
       }});
}

}  // namespace tally
