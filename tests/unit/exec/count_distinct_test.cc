#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "exec/aggregate_function.h"
#include "exec/string_pool.h"
#include "test_util.h"

namespace tally {
namespace {

using testing::Int32s;
using testing::Strings;

TEST(StringPool, DenseIdsInFirstAppearanceOrderAcrossGrowth) {
  StringPool pool;
  EXPECT_EQ(pool.Find("a"), StringPool::kAbsent);
  // 5000 strings force several table growths; ids stay 0, 1, 2, ... and findable.
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(pool.Intern("s" + std::to_string(i)), uint32_t(i));
  EXPECT_EQ(pool.size(), 5000u);
  EXPECT_EQ(pool.Intern("s17"), 17u);
  EXPECT_EQ(pool.Find("s4999"), 4999);
  EXPECT_EQ(pool.Find("s5000"), StringPool::kAbsent);
  EXPECT_EQ(pool.Get(123), "s123");
  EXPECT_EQ(pool.Intern(""), 5000u);  // the empty string is a value like any other
  EXPECT_EQ(pool.Find(""), 5000);
}

TEST(StringPool, WordsInlineShortStringsAndInternLongOnes) {
  StringPool pool, other;
  uint64_t shorty = pool.Word("C536379");  // 7 bytes: inline, not added to the pool
  EXPECT_TRUE(StringPool::IsInline(shorty));
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_NE(pool.Word(""), pool.Word(std::string_view("\0", 1)));  // lengths differ
  uint64_t longer = pool.Word("WHITE HANGING HEART");
  EXPECT_FALSE(StringPool::IsInline(longer));
  EXPECT_EQ(pool.size(), 1u);
  char buffer[8];
  EXPECT_EQ(pool.WordString(shorty, buffer), "C536379");
  EXPECT_EQ(pool.WordString(longer, buffer), "WHITE HANGING HEART");
  uint64_t found;
  EXPECT_TRUE(pool.FindWord("536365", &found));  // inline words need no pool entry
  EXPECT_FALSE(pool.FindWord("NOT IN THE POOL", &found));
  // Moving words to another pool: inline ones stay, pool ids are re-interned there.
  other.Word("something else entirely");
  EXPECT_EQ(other.Rehome(shorty, pool), shorty);
  uint64_t moved = other.Rehome(longer, pool);
  EXPECT_EQ(other.WordString(moved, buffer), "WHITE HANGING HEART");
  EXPECT_EQ(moved, 1u);
}

// Groups g0 = {a, b, a, NULL}, g1 = {b, b}, g2 = {NULL} over two "threads" combined.
TEST(CountDistinct, GroupedStringsFlatAndDictionaryCombined) {
  auto fn = MakeAggregateFunction("count_distinct", DataType::String(), 0);
  auto first = fn->CreateStates();
  auto second = fn->CreateStates();
  // Thread 1, a flat column: rows (g0 a) (g1 b) (g0 a) (g0 NULL).
  ColumnPtr flat = Strings({"a", "b", "a", std::nullopt});
  uint32_t groups1[] = {0, 1, 0, 0};
  first->Resize(2);
  first->Update(flat.get(), groups1, 4);
  // Thread 2, its own group ids (its 0 = g1, 1 = g0, 2 = g2), a dictionary column:
  // rows (g1 b) (g0 b) (g2 NULL).
  auto dict = Column::Make(DataType::String());
  dict->AppendString("b");
  ColumnPtr coded = Column::MakeDictionary(dict);
  coded->Append<int32_t>(0);
  coded->Append<int32_t>(0);
  coded->AppendNull();
  uint32_t groups2[] = {0, 1, 2};
  second->Resize(3);
  second->Update(coded.get(), groups2, 3);
  uint32_t map[] = {1, 0, 2};
  first->Resize(3);
  first->Combine(*second, map);
  ColumnPtr out = first->Finalize();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ(out->Get<int64_t>(0), 2);  // a, b
  EXPECT_EQ(out->Get<int64_t>(1), 1);  // b
  EXPECT_EQ(out->Get<int64_t>(2), 0);  // only NULL
}

TEST(CountDistinct, IntegersInRunsMatchNaiveSets) {
  // Runs of repeated (group, value) pairs, as sorted lines of invoices give, and revisits.
  std::vector<std::optional<int32_t>> values;
  std::vector<uint32_t> groups;
  std::map<uint32_t, std::set<int32_t>> expected;
  for (int i = 0; i < 3000; ++i) {
    uint32_t g = static_cast<uint32_t>((i / 7) % 5);
    int32_t v = (i / 3) % 101;
    values.push_back(i % 11 == 0 ? std::nullopt : std::optional<int32_t>(v));
    groups.push_back(g);
    if (i % 11 != 0) expected[g].insert(v);
  }
  auto states = MakeAggregateFunction("count_distinct", DataType::Int32(), 0)->CreateStates();
  states->Resize(5);
  ColumnPtr input = Int32s(values);
  states->Update(input.get(), groups.data(), groups.size());
  ColumnPtr out = states->Finalize();
  for (uint32_t g = 0; g < 5; ++g)
    EXPECT_EQ(out->Get<int64_t>(g), static_cast<int64_t>(expected[g].size())) << "group " << g;
}

}  // namespace
}  // namespace tally
