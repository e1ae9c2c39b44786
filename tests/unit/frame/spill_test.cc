// Operators past the memory budget spill to disk and give exactly the in-memory results.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../exec/test_util.h"
#include "common/error.h"
#include "common/memory_budget.h"
#include "exec/spill_file.h"
#include "frame/dataframe.h"
#include "spill_test_util.h"

namespace tally {
namespace {

using namespace tally::testing;
namespace fs = std::filesystem;

// 120,000 lines over 30,000 invoices (strings of 9 characters, so pooled) and 997 customers;
// amount is a deterministic scramble of the row number; every 13th customer is NULL.
DataFrame Lines() {
  const size_t rows = 120000, per_batch = 10000;
  std::vector<Batch> batches;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"invoice", DataType::String()},
                                                            {"customer", DataType::Int32()},
                                                            {"amount", DataType::Int64()}});
  for (size_t start = 0; start < rows; start += per_batch) {
    auto invoice = Column::Make(DataType::String());
    auto customer = Column::Make(DataType::Int32());
    auto amount = Column::Make(DataType::Int64());
    for (size_t i = start; i < start + per_batch; ++i) {
      invoice->AppendString("INV" + std::to_string(100000 + (i * 7) % 30000));
      if (i % 13 == 0)
        customer->AppendNull();
      else
        customer->Append<int32_t>(static_cast<int32_t>(i % 997));
      amount->Append<int64_t>(static_cast<int64_t>((i * 2654435761u) % 100003) - 500);
    }
    batches.push_back(Batch(schema, {invoice, customer, amount}, per_batch));
  }
  return DataFrame::FromTable(Table(schema, std::move(batches)));
}

// Every row as text, in the table's order.
std::vector<std::string> Rows(const Table& t) {
  std::vector<std::string> out;
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < t.schema()->size(); ++c) columns.push_back(t.column(c));
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string line;
    for (const auto& c : columns) line += c->ValueToString(r) + "|";
    out.push_back(line);
  }
  return out;
}

// Runs `query` with the default budget and again with a tiny one in a fresh temp dir; checks
// that the tiny run spilled, gives the same rows, and leaves no file behind.
template <typename Query>
void ExpectSameWhenSpilling(Query query, size_t tiny = 64 << 10) {
  std::vector<std::string> expected = Rows(query());
  TinyBudget budget(tiny, "spill_test");
  std::vector<std::string> actual = Rows(query());
  EXPECT_TRUE(budget.Spilled()) << "nothing was spilled";
  EXPECT_EQ(GlobalMemoryBudget().used(), 0u) << "reservations left behind";
  EXPECT_EQ(budget.FilesLeft(), 0u) << "spill files left behind";
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_EQ(actual, expected);
}

TEST(Spill, GroupedAggregatesWithDistinctCountsAndQuantiles) {
  ExpectSameWhenSpilling([] {
    return Lines()
        .group_by({col("invoice")})
        .agg({count_star().alias("n"), sum(col("amount")).alias("total"),
              count_distinct(col("customer")).alias("customers"),
              quantile_element(col("amount"), 0.5).alias("median"),
              quantile_interp(col("amount"), 0.85).alias("p85"), mode(col("amount")).alias("mode"),
              min(col("customer")).alias("first_customer")})
        .order_by({asc(col("invoice"))})
        .collect();
  });
}

TEST(Spill, GroupedByNullableKeyAndDistinct) {
  ExpectSameWhenSpilling([] {
    return Lines()
        .group_by({col("customer")})
        .agg({count_distinct(col("invoice")).alias("invoices"), max(col("amount")).alias("top")})
        .order_by({asc(col("customer"))})
        .collect();
  });
  ExpectSameWhenSpilling([] {
    return Lines()
        .select({col("invoice"), col("customer")})
        .distinct()
        .order_by({asc(col("invoice")), asc(col("customer"))})
        .collect();
  });
}

TEST(Spill, ExternalSortMatchesInMemorySort) {
  // Many equal amounts: the customer and invoice make the order total.
  ExpectSameWhenSpilling([] {
    return Lines()
        .order_by({desc(col("amount")), asc(col("customer")), asc(col("invoice"))})
        .collect();
  });
}

TEST(Spill, JoinAndWindowOverSpilledAggregates) {
  ExpectSameWhenSpilling([] {
    DataFrame per_customer =
        Lines().group_by({col("customer")}).agg({sum(col("amount")).alias("total")});
    DataFrame per_invoice =
        Lines().group_by({col("invoice"), col("customer")}).agg({count_star().alias("lines")});
    return per_invoice.join(per_customer, {"customer"}, JoinType::kLeft)
        .with_window("rank", row_number(),
                     WindowSpec{{col("customer")}, {desc(col("lines")), asc(col("invoice"))}})
        .order_by({asc(col("invoice")), asc(col("customer"))})
        .collect();
  });
}

// A build side of 120,000 rows past the budget: both sides are split into partitions on disk
// and joined one partition at a time (inner and left joins, with unmatched left rows). No other
// operator in these plans can spill, so the spill files are the join's.
TEST(Spill, JoinWithBuildSidePastTheBudget) {
  for (JoinType type : {JoinType::kInner, JoinType::kLeft}) {
    auto query = [type] {
      DataFrame probe = Lines().filter(col("amount") > int64_t{97000});
      DataFrame build = Lines()
                            .filter(col("amount") < int64_t{60000})
                            .select({col("invoice"), col("amount").alias("other")});
      return probe.join(build, {"invoice"}, type).collect();
    };
    std::vector<std::string> expected = Rows(query());
    std::sort(expected.begin(), expected.end());
    TinyBudget budget(64 << 10, "join_test");
    std::vector<std::string> actual = Rows(query());
    std::sort(actual.begin(), actual.end());
    EXPECT_TRUE(budget.Spilled()) << "the join did not spill";
    EXPECT_EQ(GlobalMemoryBudget().used(), 0u);
    ASSERT_GT(expected.size(), 1000u);
    EXPECT_EQ(actual, expected);
  }
}

// A global aggregate's holistic states past the budget: the values are sorted externally and
// the results read off the sorted stream (ranks, runs), with the other aggregates alongside.
TEST(Spill, GlobalHolisticAggregatesBySorting) {
  ExpectSameWhenSpilling([] {
    return Lines()
        .agg({median(col("amount")).alias("median"),
              quantile_element(col("amount"), 0.85).alias("p85"),
              quantile_interp(col("amount"), 0.3).alias("p30"),
              quantile_element(col("customer"), 0.6).alias("customer_p60"),
              mode(col("customer")).alias("mode"), mode(col("amount")).alias("amount_mode"),
              count_distinct(col("invoice")).alias("invoices"),
              count_distinct(col("customer")).alias("customers"), sum(col("amount")).alias("sum"),
              count_star().alias("n"), min(col("invoice")).alias("first")})
        .collect();
  });
}

// Windows over 120,000 rows past the budget: the input is sorted externally and evaluated a
// batch at a time with context rows carried between batches, also for one partition spanning
// every batch (no partition_by) and offsets above 1. (amount, invoice) is unique in Lines(),
// so the order within partitions is total.
TEST(Spill, WindowsOverInputPastTheBudget) {
  ExpectSameWhenSpilling([] {
    return Lines()
        .with_window("n", row_number(),
                     WindowSpec{{col("customer")}, {asc(col("amount")), asc(col("invoice"))}})
        .with_window("before", lag(col("amount"), 2),
                     WindowSpec{{col("customer")}, {asc(col("amount")), asc(col("invoice"))}})
        .with_window("after", lead(col("invoice"), 3),
                     WindowSpec{{}, {asc(col("amount")), asc(col("invoice"))}})
        .with_window("overall", row_number(),
                     WindowSpec{{}, {desc(col("amount")), asc(col("invoice"))}})
        .order_by({asc(col("amount")), asc(col("invoice"))})
        .collect();
  });
}

// cache() keeps its result in memory within the budget (reserved while it lives), else in a
// spill file; either way scans give the same rows in the same order.
TEST(Spill, CacheIsReservedOrSpilled) {
  auto query = [](const DataFrame& cached) {
    return cached.filter(col("amount") > int64_t{50000})
        .select({col("invoice"), col("customer"), col("amount")})
        .collect();
  };
  std::vector<std::string> expected = Rows(query(Lines()));
  {
    DataFrame cached = Lines().cache();
    EXPECT_GT(GlobalMemoryBudget().used(), 0u) << "an in-memory cache reserves its memory";
    EXPECT_EQ(cached.explain().find("spilled"), std::string::npos);
    EXPECT_EQ(Rows(query(cached)), expected);
  }
  EXPECT_EQ(GlobalMemoryBudget().used(), 0u) << "the reservation ends with the cache";

  TinyBudget budget(256 << 10, "cache_test");
  {
    DataFrame cached = Lines().cache();
    budget.RestoreLimit();
    EXPECT_TRUE(budget.Spilled());
    EXPECT_NE(cached.explain().find("spilled"), std::string::npos) << cached.explain();
    EXPECT_EQ(GlobalMemoryBudget().used(), 0u) << "a spilled cache holds no reservation";
    EXPECT_EQ(Rows(query(cached)), expected);
    EXPECT_EQ(Rows(cached.collect()), Rows(Lines().collect()));
  }
  EXPECT_EQ(budget.FilesLeft(), 0u) << "the spill file goes with the cache";
}

TEST(Spill, AmountsSortedAfterSpillAreSortedAndComplete) {
  // Independent check of the external sort: ascending, and the same multiset as the input.
  size_t limit = GlobalMemoryBudget().limit();
  GlobalMemoryBudget().set_limit(32 << 10);
  Table t = Lines().select({col("amount")}).order_by({asc(col("amount"))}).collect();
  GlobalMemoryBudget().set_limit(limit);
  ASSERT_EQ(t.num_rows(), 120000u);
  std::vector<int64_t> expected;
  for (size_t i = 0; i < 120000; ++i)
    expected.push_back(static_cast<int64_t>((i * 2654435761u) % 100003) - 500);
  std::sort(expected.begin(), expected.end());
  ColumnPtr amounts = t.column("amount");
  for (size_t r = 0; r < t.num_rows(); ++r)
    ASSERT_EQ(amounts->Get<int64_t>(r), expected[r]) << "row " << r;
  RemoveSpillDirectory();
}

TEST(Spill, UnwritableTempDirIsAClearError) {
  // A regular file where the directory should be: creating the spill directory fails.
  fs::path file = fs::temp_directory_path() / ("tally_spill_file_" + std::to_string(getpid()));
  std::ofstream(file) << "x";
  SetSpillTempDir(file.string());
  size_t limit = GlobalMemoryBudget().limit();
  GlobalMemoryBudget().set_limit(16 << 10);
  try {
    Lines().group_by({col("invoice")}).agg({count_star().alias("n")}).collect();
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write spill file in " + file.string() + ": Not a directory");
  }
  GlobalMemoryBudget().set_limit(limit);
  EXPECT_EQ(GlobalMemoryBudget().used(), 0u);
  SetSpillTempDir("");
  fs::remove(file);
}

TEST(MemoryBudget, ReservesWithinTheLimitOnly) {
  MemoryBudget budget(100);
  EXPECT_TRUE(budget.TryReserve(60));
  EXPECT_FALSE(budget.TryReserve(41));
  EXPECT_TRUE(budget.TryReserve(40));
  budget.Release(50);
  EXPECT_EQ(budget.used(), 50u);
  {
    MemoryReservation r(budget);
    EXPECT_TRUE(r.TryGrow(50));
    EXPECT_FALSE(r.TryGrow(1));
    EXPECT_EQ(budget.used(), 100u);
  }
  EXPECT_EQ(budget.used(), 50u);
  EXPECT_EQ(ParseByteSize("512MB"), size_t{512} << 20);
  EXPECT_EQ(ParseByteSize("1GB"), size_t{1} << 30);
  EXPECT_EQ(ParseByteSize("1.5g"), size_t{3} << 29);
  EXPECT_EQ(ParseByteSize("4096"), 4096u);
  EXPECT_THROW(ParseByteSize("lots"), UsageError);
  EXPECT_THROW(ParseByteSize("12XB"), UsageError);
  // Past 2^64 bytes the conversion once wrapped silently to a tiny limit.
  EXPECT_EQ(ParseByteSize("18446744073709549568"), 18446744073709549568u);
  EXPECT_THROW(ParseByteSize("18446744073709551616"), UsageError);
  EXPECT_THROW(ParseByteSize("20000000TB"), UsageError);
}

}  // namespace
}  // namespace tally
