#include "vector/column.h"

#include <gtest/gtest.h>

#include "vector/batch.h"

namespace tally {
namespace {

TEST(Column, AppendsFixedWidthWithNulls) {
  Column c(DataType::Int64());
  c.Append<int64_t>(5);
  c.AppendNull();
  c.Append<int64_t>(-3);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.null_count(), 1u);
  EXPECT_TRUE(c.IsValid(0));
  EXPECT_TRUE(c.IsNull(1));
  EXPECT_EQ(c.Get<int64_t>(2), -3);
  EXPECT_EQ(c.ValueToString(1), "NULL");
}

// Shrinking left the dropped rows' bits in the bitmap's last word, and growing again revived
// them: a new row came back NULL.
TEST(Column, RowsAddedAfterAShrinkAreValid) {
  Column c(DataType::Int64());
  for (int64_t i = 0; i < 10; ++i) c.Append<int64_t>(i);
  c.SetNull(5);
  c.SetNull(7);
  c.Resize(3);
  EXPECT_EQ(c.null_count(), 0u);
  c.Resize(10);
  for (size_t i = 0; i < 10; ++i) EXPECT_TRUE(c.IsValid(i)) << "row " << i;
  EXPECT_EQ(c.null_count(), 0u);
  c.Resize(2);
  c.Append<int64_t>(42);
  EXPECT_TRUE(c.IsValid(2));
}

TEST(Bitmap, ResizeSetsExactlyTheNewBits) {
  Bitmap b;
  b.InitAllValid(100);
  for (size_t i = 0; i < 100; ++i) b.Set(i, false);
  b.Resize(70, true);
  b.Resize(130, true);
  for (size_t i = 0; i < 70; ++i) EXPECT_FALSE(b.Get(i)) << i;
  for (size_t i = 70; i < 130; ++i) EXPECT_TRUE(b.Get(i)) << i;
  b.Resize(65, false);
  b.Resize(200, false);
  for (size_t i = 65; i < 200; ++i) EXPECT_FALSE(b.Get(i)) << i;
}

TEST(Column, StringsAndSlices) {
  Column c(DataType::String());
  c.AppendString("alpha");
  c.AppendNull();
  c.AppendString("");
  c.AppendString("gamma");
  auto s = c.Slice(1, 3);
  ASSERT_EQ(s->size(), 3u);
  EXPECT_TRUE(s->IsNull(0));
  EXPECT_EQ(s->GetString(1), "");
  EXPECT_EQ(s->GetString(2), "gamma");
  auto t = c.Take({3, 0, 1});
  EXPECT_EQ(t->GetString(0), "gamma");
  EXPECT_EQ(t->GetString(1), "alpha");
  EXPECT_TRUE(t->IsNull(2));
  EXPECT_EQ(t->null_count(), 1u);
}

TEST(Column, DictionaryResolvesAndFlattens) {
  auto dict = std::make_shared<Column>(DataType::String());
  dict->AppendString("United Kingdom");
  dict->AppendString("France");
  auto c = Column::MakeDictionary(dict);
  c->Append<int32_t>(1);
  c->Append<int32_t>(0);
  c->AppendNull();
  EXPECT_TRUE(c->is_dictionary());
  EXPECT_EQ(c->GetString(0), "France");
  EXPECT_EQ(c->GetString(1), "United Kingdom");
  auto flat = c->Flatten(c);
  EXPECT_FALSE(flat->is_dictionary());
  EXPECT_EQ(flat->GetString(0), "France");
  EXPECT_TRUE(flat->IsNull(2));
}

TEST(Column, DecimalAndTimeFormatting) {
  Column d(DataType::Decimal(18, 3));
  d.Append<int64_t>(2550);
  EXPECT_EQ(d.ValueToString(0), "2.550");
  Column t(DataType::Timestamp());
  t.Append<int64_t>(0);
  EXPECT_EQ(t.ValueToString(0), "1970-01-01 00:00:00");
}

TEST(Batch, EmptyHasTypedColumns) {
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"a", DataType::Int32()}, {"b", DataType::String()}});
  Batch b = Batch::Empty(schema);
  ASSERT_EQ(b.num_columns(), 2u);
  EXPECT_EQ(b.column(1)->type(), DataType::String());
}

TEST(DataType, ParsesNames) {
  EXPECT_EQ(DataType::Parse("decimal(18,3)"), DataType::Decimal(18, 3));
  EXPECT_EQ(DataType::Parse("BIGINT"), DataType::Int64());
  EXPECT_EQ(DataType::Parse("timestamp").ToString(), "timestamp");
  EXPECT_THROW(DataType::Parse("blob"), Error);
}

}  // namespace
}  // namespace tally
