// Plans executed by several ranks (in-process backend), each holding a disjoint share of the
// rows, give exactly the single-process results: aggregates (also holistic ones) exchanged by
// key, global aggregates, distinct, joins, sorts, limits, windows, unions and caches.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>

#include "../exec/test_util.h"
#include "common/memory_budget.h"
#include "dist/communicator.h"
#include "exec/data_source.h"
#include "exec/distributed_sort.h"
#include "exec/executor.h"
#include "frame/dataframe.h"
#include "io/parquet/parquet_writer.h"
#include "spill_test_util.h"

namespace tally {
namespace {

using namespace tally::testing;

// 60,000 lines over 9,000 invoices and 397 customers (every 11th line without one), in 12
// batches; amounts and prices are deterministic scrambles of the row number.
std::vector<Batch> LineBatches() {
  const size_t rows = 60000, per_batch = 5000;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"invoice", DataType::String()},
                                                            {"customer", DataType::Int32()},
                                                            {"country", DataType::String()},
                                                            {"amount", DataType::Decimal(18, 2)},
                                                            {"price", DataType::Double()}});
  const char* countries[] = {"United Kingdom", "France", "EIRE", "Germany", "Spain"};
  std::vector<Batch> batches;
  for (size_t start = 0; start < rows; start += per_batch) {
    auto invoice = Column::Make(DataType::String());
    auto customer = Column::Make(DataType::Int32());
    auto country = Column::Make(DataType::String());
    auto amount = Column::Make(DataType::Decimal(18, 2));
    auto price = Column::Make(DataType::Double());
    for (size_t i = start; i < start + per_batch; ++i) {
      invoice->AppendString("5" + std::to_string(10000 + (i * 7) % 9000));
      if (i % 11 == 0)
        customer->AppendNull();
      else
        customer->Append<int32_t>(static_cast<int32_t>(12000 + i % 397));
      country->AppendString(countries[(i / 3) % 5]);
      amount->Append<int64_t>(static_cast<int64_t>((i * 2654435761u) % 20011) - 700);
      price->Append<double>(static_cast<double>((i * 40503u) % 1000) / 8.0);
    }
    batches.push_back(Batch(schema, {invoice, customer, country, amount, price}, per_batch));
  }
  return batches;
}

DataFrame Whole() {
  auto batches = LineBatches();
  auto schema = batches[0].schema;
  return DataFrame::FromTable(Table(schema, std::move(batches)));
}

// This rank's share: batches dealt in turn (with 4 ranks and 12 batches, 3 each; the tests
// also use more ranks than batches of a filtered input, where some shares are empty).
DataFrame Share(const Communicator& comm) {
  auto batches = LineBatches();
  auto schema = batches[0].schema;
  std::vector<Batch> mine;
  for (size_t i = static_cast<size_t>(comm.rank()); i < batches.size();
       i += static_cast<size_t>(comm.size()))
    mine.push_back(batches[i]);
  return DataFrame::FromPlan(MakeScanNode(MakeRankLocalMemorySource(schema, std::move(mine))));
}

// Every row as text, in the table's order.
std::vector<std::string> OrderedRows(const Table& t) {
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < t.schema()->size(); ++c) columns.push_back(t.column(c));
  std::vector<std::string> out;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string line;
    for (const auto& c : columns) line += c->ValueToString(r) + "|";
    out.push_back(line);
  }
  return out;
}

// Sorted (row order is not part of an unsorted result).
std::vector<std::string> SortedRows(const Table& t) {
  std::vector<std::string> out = OrderedRows(t);
  std::sort(out.begin(), out.end());
  return out;
}

// Runs `query` on the whole data in one process, then on 1..5 ranks each reading its share
// through `input(comm)`, and expects every rank to return the single-process rows.
template <typename Input, typename Query>
void ExpectSameOnRanksFrom(Input input, Query query, bool ordered = false) {
  auto rows = [&](const Table& t) { return ordered ? OrderedRows(t) : SortedRows(t); };
  std::vector<std::string> expected = rows(query(Whole()));
  ASSERT_FALSE(expected.empty());
  for (int ranks = 1; ranks <= 5; ++ranks) {
    std::mutex mutex;
    std::map<int, std::vector<std::string>> got;
    RunInProcessRanks(ranks, [&](Communicator& comm) {
      auto result = rows(query(input(comm)));
      std::lock_guard<std::mutex> lock(mutex);
      got[comm.rank()] = std::move(result);
    });
    ASSERT_EQ(got.size(), static_cast<size_t>(ranks));
    for (const auto& [rank, actual] : got)
      EXPECT_EQ(actual, expected) << "rank " << rank << " of " << ranks;
  }
}

template <typename Query>
void ExpectSameOnRanks(Query query, bool ordered = false) {
  ExpectSameOnRanksFrom(Share, query, ordered);
}

// The lines as a Parquet file with row groups of `row_group_rows`.
std::string WriteParquet(const std::string& name, size_t row_group_rows) {
  std::string path = ::testing::TempDir() + "/" + name;
  auto batches = LineBatches();
  ParquetWriteOptions options;
  options.row_group_rows = row_group_rows;
  ParquetWriter writer(path, batches[0].schema, options);
  for (const auto& b : batches) writer.Write(b);
  writer.Close();
  return path;
}

// The lines as a CSV file (no quoting needed: no value has a comma or quote).
std::string WriteCsv(const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path);
  out << "invoice,customer,country,amount,price\n";
  for (const auto& b : LineBatches())
    for (size_t r = 0; r < b.num_rows; ++r) {
      for (size_t c = 0; c < b.columns.size(); ++c) {
        if (c) out << ',';
        if (b.columns[c]->IsValid(r)) out << b.columns[c]->ValueToString(r);
      }
      out << '\n';
    }
  return path;
}

// The aggregates of the report's kinds over every column, for the file sources.
Table Summary(DataFrame df) {
  return df.group_by({col("country")})
      .agg({sum(col("amount")).alias("total"), count_distinct(col("invoice")).alias("orders"),
            median(col("price")).alias("median"), mode(col("amount")).alias("mode"),
            count(col("customer")).alias("known")})
      .collect();
}

TEST(Distributed, ParquetRowGroupsAreDealtToRanks) {
  std::string path = WriteParquet("distributed_lines.parquet", 7000);  // 9 row groups
  ExpectSameOnRanksFrom([&](Communicator&) { return DataFrame::ReadParquet({path}); }, Summary);
  // One row group: the other ranks read nothing and still take part.
  std::string single = WriteParquet("distributed_single.parquet", 100000);
  ExpectSameOnRanksFrom([&](Communicator&) { return DataFrame::ReadParquet({single}); }, Summary);
}

TEST(Distributed, CsvIsSplitAtRecordBoundaries) {
  std::string path = WriteCsv("distributed_lines.csv");
  auto schema = Whole().schema();
  ExpectSameOnRanksFrom([&](Communicator&) { return DataFrame::ReadCsv(path, schema); }, Summary);
}

TEST(Distributed, GroupedAlgebraicAndDistributiveAggregates) {
  ExpectSameOnRanks([](DataFrame df) {
    return df.group_by({col("invoice")})
        .agg({sum(col("amount")).alias("total"), count_star().alias("lines"),
              count(col("customer")).alias("with_customer"), min(col("country")).alias("first"),
              max(col("price")).alias("top"), mean(col("amount")).alias("avg")})
        .collect();
  });
}

TEST(Distributed, GroupedHolisticAggregatesAreExact) {
  ExpectSameOnRanks([](DataFrame df) {
    return df.group_by({col("customer")})
        .agg({median(col("amount")).alias("median"),
              quantile_element(col("price"), 0.25).alias("q1"),
              quantile_interp(col("amount"), 0.8).alias("p80"), mode(col("amount")).alias("mode"),
              count_distinct(col("invoice")).alias("orders"),
              count_distinct(col("country")).alias("countries")})
        .collect();
  });
}

TEST(Distributed, GlobalAggregatesOverAggregates) {
  ExpectSameOnRanks([](DataFrame df) {
    DataFrame invoices = df.group_by({col("invoice")}).agg({sum(col("amount")).alias("total")});
    return invoices
        .agg({median(col("total")).alias("median"), mode(col("total")).alias("mode"),
              min(col("total")).alias("min"), max(col("total")).alias("max"),
              count_star().alias("n"), sum(col("total")).alias("sum")})
        .collect();
  });
}

TEST(Distributed, GlobalAggregateOverNoRowsHasOneRow) {
  ExpectSameOnRanks([](DataFrame df) {
    return df.filter(col("price") < lit(-1.0))
        .agg({count_star().alias("n"), sum(col("amount")).alias("s"),
              count_distinct(col("invoice")).alias("d")})
        .collect();
  });
}

TEST(Distributed, GroupsOnSeveralKeysAndDistinct) {
  ExpectSameOnRanks([](DataFrame df) {
    return df.group_by({col("country"), col("customer")})
        .agg({count_distinct(col("invoice")).alias("orders")})
        .collect();
  });
  ExpectSameOnRanks([](DataFrame df) { return df.select({col("customer")}).distinct().collect(); });
}

TEST(Distributed, JoinSortLimitWindowAndUnion) {
  // Each customer's first invoice joined back to the lines (both sides sharded).
  ExpectSameOnRanks([](DataFrame df) {
    DataFrame first = df.group_by({col("customer")}).agg({min(col("invoice")).alias("first")});
    return df.join(first, {"customer"})
        .filter(col("invoice") == col("first"))
        .group_by({col("country")})
        .agg({count_star().alias("first_lines")})
        .collect();
  });
  ExpectSameOnRanks(
      [](DataFrame df) {
        return df.group_by({col("invoice")})
            .agg({sum(col("amount")).alias("total")})
            .order_by({desc(col("total")), asc(col("invoice"))})
            .limit(25)
            .collect();
      },
      /*ordered=*/true);
  ExpectSameOnRanks(
      [](DataFrame df) {
        return df.group_by({col("country")})
            .agg({sum(col("amount")).alias("total")})
            .with_window("previous", lag(col("total")), {{}, {asc(col("country"))}})
            .order_by({asc(col("country"))})
            .collect();
      },
      /*ordered=*/true);
  ExpectSameOnRanks([](DataFrame df) {
    DataFrame countries = df.group_by({col("country")}).agg({count_star().alias("n")});
    DataFrame replicated = Whole().group_by({col("country")}).agg({count_star().alias("n")});
    return countries.union_all(replicated).union_all(countries).collect();
  });
}

// A join of two sharded inputs whose build side passes the broadcast threshold shuffles both
// sides by key; each join type then gives the single process's rows.
TEST(Distributed, ShuffledJoinsOfEveryType) {
  auto shuffled = [] {
    auto context = QueryContext::Default();
    context->set_broadcast_join_rows(0);  // every keyed join shuffles
    return context;
  };
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                        JoinType::kSemi, JoinType::kAnti}) {
    // Invoices per customer (NULL customers too) against the lines of the customers with a
    // number in a band: unmatched rows on both sides, and NULL keys that never match.
    ExpectSameOnRanks([&](DataFrame df) {
      DataFrame per_customer =
          df.group_by({col("customer")}).agg({count_distinct(col("invoice")).alias("invoices")});
      DataFrame band = df.filter(col("customer") > lit(12100) && col("customer") < lit(12300))
                           .select({col("customer"), col("amount")});
      return per_customer.join(band, {"customer"}, type).collect(shuffled());
    });
  }
  // EXPLAIN ANALYZE says which way each join went.
  RunInProcessRanks(2, [&](Communicator& comm) {
    auto context = shuffled();
    context->set_communicator(comm);
    DataFrame df = Share(comm);
    std::string text = ExplainAnalyze(df.join(df, {"invoice"}).plan(), context);
    EXPECT_NE(text.find("(shuffled by key)"), std::string::npos) << text;
    auto broadcast = QueryContext::Default();
    broadcast->set_communicator(comm);
    text = ExplainAnalyze(df.join(df, {"invoice"}).plan(), broadcast);
    EXPECT_NE(text.find("(broadcast)"), std::string::npos) << text;
    // A join that keeps the build side's unmatched rows shuffles whatever its size (broadcast,
    // its probe side would be gathered onto every rank).
    DataFrame small = df.filter(col("customer") == lit(12001));
    text = ExplainAnalyze(df.join(small, {"invoice"}, JoinType::kRight).plan(), broadcast);
    EXPECT_NE(text.find("(shuffled by key)"), std::string::npos) << text;
    EXPECT_EQ(text.find("(broadcast)"), std::string::npos) << text;
  });
}

// ORDER BY over sharded rows: sorted across the ranks, and the ranks' parts in rank order are
// the single process's order.
TEST(Distributed, SortAcrossRanksGivesTheSingleProcessOrder) {
  // (amount, invoice) is unique per line: the order is total.
  ExpectSameOnRanks(
      [](DataFrame df) {
        return df.order_by({desc(col("amount")), asc(col("invoice"))}).collect();
      },
      /*ordered=*/true);
  // A key with NULLs (first) and a descending string key.
  ExpectSameOnRanks(
      [](DataFrame df) {
        return df.order_by({asc(col("customer")), desc(col("invoice")), asc(col("amount"))})
            .collect();
      },
      /*ordered=*/true);
}

TEST(Distributed, EachRankSortsItsKeyRange) {
  const int ranks = 3;
  std::mutex mutex;
  std::map<int, std::vector<int64_t>> parts;
  RunInProcessRanks(ranks, [&](Communicator& comm) {
    auto batches = LineBatches();
    auto schema = batches[0].schema;
    std::vector<Batch> share;
    for (size_t i = static_cast<size_t>(comm.rank()); i < batches.size(); i += ranks)
      share.push_back(batches[i]);
    Stream input = FromBatches(schema, share, QueryContext::Default());
    input.sharded = true;
    std::vector<int64_t> amounts;
    SortAcrossRanks(input, {{MakeColumnRef("amount"), true, true}}, schema, comm, [&](Batch&& b) {
      for (size_t r = 0; r < b.num_rows; ++r) amounts.push_back(b.columns[3]->data<int64_t>()[r]);
    });
    std::lock_guard<std::mutex> lock(mutex);
    parts[comm.rank()] = std::move(amounts);
  });
  std::vector<int64_t> all;
  for (const auto& [rank, amounts] : parts) {
    EXPECT_TRUE(std::is_sorted(amounts.begin(), amounts.end())) << "rank " << rank;
    // About a third of the 60,000 rows each (the sample's splitters are not exact).
    EXPECT_GT(amounts.size(), 15000u) << "rank " << rank;
    EXPECT_LT(amounts.size(), 25000u) << "rank " << rank;
    all.insert(all.end(), amounts.begin(), amounts.end());
  }
  EXPECT_EQ(all.size(), 60000u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
}

// ORDER BY ... LIMIT n and LIMIT n over sharded rows: each rank sends only its n best (or
// first) rows, and the answer is the single process's.
TEST(Distributed, TopNAndLimitSendOnlyTheRowsTheyNeed) {
  // (amount, invoice) is unique per line: the order is total.
  ExpectSameOnRanks(
      [](DataFrame df) {
        return df.order_by({desc(col("amount")), asc(col("invoice"))}).limit(9).collect();
      },
      /*ordered=*/true);
  for (int ranks = 2; ranks <= 4; ++ranks) {
    std::mutex mutex;
    std::vector<uint64_t> sent;
    std::vector<size_t> rows;
    RunInProcessRanks(ranks, [&](Communicator& comm) {
      uint64_t before = comm.bytes_sent();
      size_t top = Share(comm).order_by({desc(col("amount"))}).limit(7).collect().num_rows();
      size_t first = Share(comm).limit(9).collect().num_rows();
      std::lock_guard<std::mutex> lock(mutex);
      sent.push_back(comm.bytes_sent() - before);
      rows.push_back(top);
      rows.push_back(first);
    });
    for (size_t r = 0; r < rows.size(); r += 2) {
      EXPECT_EQ(rows[r], 7u);
      EXPECT_EQ(rows[r + 1], 9u);
    }
    // 16 rows of five columns each way; a rank's whole share is thousands of rows.
    for (uint64_t bytes : sent) EXPECT_LT(bytes, 8192u) << ranks << " ranks";
  }
}

// A window with PARTITION BY over sharded rows: the rows are shuffled by the partition keys
// (NULL keys make one partition too), each rank computes whole partitions, and the answer is
// the single process's; no rank computes every row.
TEST(Distributed, WindowsComputeEachPartitionOnOneRank) {
  // (amount, invoice) is unique per line: the order within a partition is total.
  WindowSpec by_customer{{col("customer")}, {desc(col("amount")), asc(col("invoice"))}};
  WindowSpec by_country_customer{{col("country"), col("customer")},
                                 {asc(col("invoice")), asc(col("amount"))}};
  ExpectSameOnRanks([&](DataFrame df) {
    return df.with_window("rank", row_number(), by_customer)
        .with_window("previous", lag(col("amount")), by_customer)
        .with_window("next", lead(col("invoice"), 2), by_country_customer)
        .collect();
  });
  ExpectSameOnRanks(
      [&](DataFrame df) {
        return df.with_window("rank", row_number(), by_customer)
            .filter(col("rank") <= lit(2))
            .order_by({asc(col("customer")), asc(col("rank"))})
            .collect();
      },
      /*ordered=*/true);
  std::mutex mutex;
  std::vector<size_t> computed;
  RunInProcessRanks(3, [&](Communicator& comm) {
    auto context = QueryContext::Default();
    context->set_communicator(comm);
    PlanPtr plan = Share(comm).with_window("rank", row_number(), by_customer).plan();
    std::string text = ExplainAnalyze(plan, context);
    EXPECT_NE(text.find("(shuffled by partition)"), std::string::npos) << text;
    // A sharded result kept as each rank's share (as cache() keeps it): this rank's rows.
    DataSourcePtr share = ExecuteToSource(plan, context);
    EXPECT_TRUE(share->IsRankLocal());
    std::lock_guard<std::mutex> lock(mutex);
    computed.push_back(static_cast<size_t>(share->KnownRows()));
  });
  size_t total = 0;
  for (size_t rows : computed) {
    EXPECT_LT(rows, 40000u);  // of 60,000: the partitions are spread over the ranks
    total += rows;
  }
  EXPECT_EQ(total, 60000u);
}

// Past the memory budget every rank splits its rows into partitions on disk and the ranks
// exchange one partition at a time: same results.
TEST(Distributed, AggregationPastTheBudgetSpillsAndExchangesByPartition) {
  auto query = [](DataFrame df) {
    return df.group_by({col("invoice")})
        .agg({sum(col("amount")).alias("total"), median(col("price")).alias("median"),
              count_distinct(col("customer")).alias("customers")})
        .collect();
  };
  std::vector<std::string> in_memory = SortedRows(query(Whole()));
  TinyBudget budget(64 << 10, "distributed_test");
  // Ranks are compared with one spilling process, which must equal the in-memory result.
  EXPECT_EQ(SortedRows(query(Whole())), in_memory);
  ExpectSameOnRanks(query);
  EXPECT_TRUE(budget.Spilled()) << "nothing was spilled";
  EXPECT_EQ(GlobalMemoryBudget().used(), 0u) << "reservations left behind";
  EXPECT_EQ(budget.FilesLeft(), 0u) << "spill files left behind";
}

TEST(Distributed, CachedShareIsReusedWithoutGathering) {
  ExpectSameOnRanks([](DataFrame df) {
    DataFrame cached = df.filter(col("customer") > lit(12100)).cache();
    DataFrame a = cached.group_by({col("customer")}).agg({count_star().alias("n")});
    DataFrame b = cached.group_by({col("customer")}).agg({sum(col("amount")).alias("s")});
    return a.join(b, {"customer"}).collect();
  });
}

}  // namespace
}  // namespace tally
