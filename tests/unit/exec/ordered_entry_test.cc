#include "exec/ordered_entry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "exec/aggregate_function.h"
#include "exec/aggregate_string_agg.h"
#include "test_util.h"

namespace tally {
namespace {

std::string Encoded(const Scalar& v, bool descending, bool nulls_first) {
  std::string out;
  AppendOrderKey(v, descending, nulls_first, &out);
  return out;
}

// For every pair of values, byte order of the encodings equals the values' order (NULLs where
// asked, descending reversed).
void ExpectOrderPreserved(const std::vector<Scalar>& sorted_ascending) {
  for (bool descending : {false, true})
    for (bool nulls_first : {false, true})
      for (size_t i = 0; i < sorted_ascending.size(); ++i)
        for (size_t j = 0; j < sorted_ascending.size(); ++j) {
          const Scalar &a = sorted_ascending[i], &b = sorted_ascending[j];
          int expected;
          if (a.is_null() || b.is_null()) {
            expected = a.is_null() == b.is_null() ? 0 : (a.is_null() == nulls_first ? -1 : 1);
          } else {
            expected = i < j ? -1 : i > j ? 1 : 0;
            if (descending) expected = -expected;
          }
          int actual =
              Encoded(a, descending, nulls_first).compare(Encoded(b, descending, nulls_first));
          actual = actual < 0 ? -1 : actual > 0 ? 1 : 0;
          EXPECT_EQ(actual, expected)
              << a.ToString() << " vs " << b.ToString() << (descending ? " desc" : " asc")
              << (nulls_first ? " nulls first" : " nulls last");
        }
}

TEST(OrderedEntry, IntegersKeepTheirOrderAcrossTheSign) {
  ExpectOrderPreserved({Scalar::Null(DataType::Int64()), Scalar::Int64(INT64_MIN),
                        Scalar::Int64(-300), Scalar::Int64(-1), Scalar::Int64(0), Scalar::Int64(1),
                        Scalar::Int64(256), Scalar::Int64(INT64_MAX)});
}

TEST(OrderedEntry, DoublesKeepTheirOrderAndMinusZeroEqualsZero) {
  ExpectOrderPreserved({Scalar::Double(-1e300), Scalar::Double(-2.5), Scalar::Double(-1e-300),
                        Scalar::Double(0), Scalar::Double(1e-300), Scalar::Double(3),
                        Scalar::Double(1e300)});
  EXPECT_EQ(Encoded(Scalar::Double(-0.0), false, false),
            Encoded(Scalar::Double(0.0), false, false));
}

TEST(OrderedEntry, StringsSortAsBytesWithPrefixesFirstAndNulBytesInside) {
  ExpectOrderPreserved({Scalar::Null(DataType::String()), Scalar::String(""), Scalar::String("a"),
                        Scalar::String(std::string("a\0", 2)),
                        Scalar::String(std::string("a\0b", 3)), Scalar::String("a b"),
                        Scalar::String("ab"), Scalar::String("b"), Scalar::String("\xC3\xA9")});
}

TEST(OrderedEntry, SeparatorAndValueRoundTripAfterSeveralKeys) {
  std::string entry;
  AppendOrderKey(Scalar::String("x;y"), false, false, &entry);
  AppendOrderKey(Scalar::Null(DataType::Date()), true, true, &entry);
  FinishEntry(", ", std::string("v\0w", 3), &entry);
  std::string_view separator, value;
  ReadEntry(entry, &separator, &value);
  EXPECT_EQ(separator, ", ");
  EXPECT_EQ(value, std::string_view("v\0w", 3));
  EXPECT_THROW(ReadEntry("short", &separator, &value), Error);
}

TEST(StringAgg, JoinsInKeyOrderEachValueAfterItsOwnSeparatorAndDropsRepeatsWhenDistinct) {
  auto entry = [](int64_t key, const std::string& sep, const std::string& value) {
    std::string e;
    AppendOrderKey(Scalar::Int64(key), false, false, &e);
    FinishEntry(sep, value, &e);
    return e;
  };
  std::vector<std::string> entries = {entry(3, "-", "c"), entry(1, ",", "a"), entry(2, ";", "b"),
                                      entry(2, ";", "b")};
  auto column = testing::Strings({entries.begin(), entries.end()});
  for (int mode : {kStringAggOrdered, kStringAggOrdered | kStringAggDistinct}) {
    auto function = MakeAggregateFunction("string_agg", DataType::String(), mode);
    auto states = function->CreateStates();
    states->Resize(2);
    std::vector<uint32_t> groups = {0, 0, 0, 0};
    states->Update(column.get(), groups.data(), groups.size());
    ColumnPtr out = states->Finalize();
    EXPECT_EQ(out->GetString(0), mode & kStringAggDistinct ? "a;b-c" : "a;b;b-c");
    EXPECT_FALSE(out->IsValid(1));  // a group without rows is NULL
  }
}

}  // namespace
}  // namespace tally
