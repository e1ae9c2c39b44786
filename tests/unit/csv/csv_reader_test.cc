#include "io/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "common/error.h"
#include "csv_test_util.h"

namespace tally::testing {
namespace {

std::shared_ptr<const Schema> TypedSchema() {
  return std::make_shared<const Schema>(std::vector<Field>{
      {"id", DataType::Int32()},
      {"big", DataType::Int64()},
      {"price", DataType::Decimal(18, 3)},
      {"ratio", DataType::Double()},
      {"day", DataType::Date()},
      {"at", DataType::Timestamp()},
      {"flag", DataType::Bool()},
      {"name", DataType::String()},
  });
}

const char* kTypedHeader = "id,big,price,ratio,day,at,flag,name\n";

// Reads `body` under TypedSchema and returns the error it must raise.
Error ReadError(const std::string& text, std::shared_ptr<const Schema> schema = TypedSchema(),
                CsvOptions options = {}) {
  std::string path = WriteTemp("e.csv", text);
  try {
    ReadAll(path, std::move(schema), std::move(options));
  } catch (const Error& e) {
    EXPECT_EQ(e.location().file, path);
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return Error("none");
}

void ExpectError(const std::string& text, uint64_t line, uint64_t column,
                 const std::string& message) {
  Error e = ReadError(text);
  EXPECT_EQ(e.location().line, line) << e.what();
  EXPECT_EQ(e.location().column, column) << e.what();
  EXPECT_EQ(e.message(), message);
}

TEST(CsvReader, ParsesEveryTypeExactly) {
  std::string text = std::string(kTypedHeader) +
                     "1,-9000000000,12.345,0.1,2011-02-28,2010-12-01 08:26:05.25,true,abc\n"
                     ",,,,,,,\n"
                     "-7,42,-0.5,1e3,1970-01-01,2011-12-09 12:50,no,\"\"\n";
  auto result = ReadAll(WriteTemp("t.csv", text), TypedSchema());
  EXPECT_EQ(
      result.rows,
      (Rows{{"1", "-9000000000", "12.345", "0.1", "2011-02-28", "2010-12-01 08:26:05.25", "true",
             "abc"},
            {"NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL"},
            {"-7", "42", "-0.500", "1000", "1970-01-01", "2011-12-09 12:50:00", "false", ""}}));
  EXPECT_EQ(result.stats.rows, 3u);
  EXPECT_EQ(result.stats.bytes, text.size());
}

TEST(CsvReader, DecimalsAreExactIntegers) {
  auto schema =
      std::make_shared<const Schema>(std::vector<Field>{{"price", DataType::Decimal(18, 3)}});
  CsvReader reader(WriteTemp("d.csv", "price\n0.1\n123456789012345.678\n-0.001\n"), schema);
  std::vector<int64_t> values;
  reader.Scan([&](Batch&& batch, size_t) {
    for (size_t i = 0; i < batch.num_rows; ++i) values.push_back(batch.column(0)->Get<int64_t>(i));
  });
  EXPECT_EQ(values, (std::vector<int64_t>{100, 123456789012345678LL, -1}));
}

TEST(CsvReader, ErrorsNameLineAndColumn) {
  std::string h = kTypedHeader;  // line 1
  std::string good = "1,2,3,4,2011-01-01,2011-01-01 10:00,true,x\n";
  ExpectError(h + good + "1,2,3\n", 3, 6, "expected 8 fields, found 3");
  ExpectError(h + good + good + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,x,extra\n", 4, 44,
              "expected 8 fields, found 9");
  ExpectError(h + "1x,2,3,4,2011-01-01,2011-01-01 10:00,true,x\n", 2, 1,
              "bad int32 in column \"id\" (value \"1x\")");
  ExpectError(h + "3000000000,2,3,4,2011-01-01,2011-01-01 10:00,true,x\n", 2, 1,
              "bad int32 in column \"id\" (value \"3000000000\")");
  ExpectError(h + good + "1,2,1.2.3,4,2011-01-01,2011-01-01 10:00,true,x\n", 3, 5,
              "bad decimal(18,3) in column \"price\" (value \"1.2.3\")");
  ExpectError(h + "1,2,0.0001,4,2011-01-01,2011-01-01 10:00,true,x\n", 2, 5,
              "bad decimal(18,3) in column \"price\" (value \"0.0001\")");
  ExpectError(h + "1,2,3,4,2011-02-30,2011-01-01 10:00,true,x\n", 2, 9,
              "bad date in column \"day\" (value \"2011-02-30\")");
  ExpectError(h + "1,2,3,4,2011-01-01,2011-01-01 25:00,true,x\n", 2, 20,
              "bad timestamp in column \"at\" (value \"2011-01-01 25:00\")");
  ExpectError(h + "1,2,3,x4,2011-01-01,2011-01-01 10:00,true,x\n", 2, 7,
              "bad double in column \"ratio\" (value \"x4\")");
  ExpectError(h + "1,2,3,4,2011-01-01,2011-01-01 10:00,maybe,x\n", 2, 37,
              "bad bool in column \"flag\" (value \"maybe\")");
  ExpectError(h + good + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,\"open\n\n", 3, 42,
              "unterminated quoted field");
  ExpectError(h + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,\"ab\"c\n", 2, 42,
              "unexpected character after a closing quote");
  ExpectError(h + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,ab\"c\n", 2, 42,
              "quote inside an unquoted field");
  ExpectError(h + good + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,caf\xC3\n", 3, 42,
              "invalid UTF-8 in column \"name\"");
  ExpectError(h + "1,2,3,4,2011-01-01,2011-01-01 10:00,true,\xED\xA0\x80\n", 2, 42,
              "invalid UTF-8 in column \"name\"");
}

TEST(CsvReader, ErrorLineCountsNewlinesInsideQuotes) {
  std::string text = std::string(kTypedHeader) +
                     "1,2,3,4,2011-01-01,2011-01-01 10:00,true,\"two\nlines\"\n"
                     "\n"
                     "1,2,3,4,2011-01-01,2011-01-01 10:00,true,x\n"
                     "bad,2,3,4,2011-01-01,2011-01-01 10:00,true,x\n";
  Error e = ReadError(text);
  EXPECT_EQ(e.location().line, 6u);
  EXPECT_EQ(e.location().column, 1u);
}

TEST(CsvReader, ValidMultibyteUtf8IsAccepted) {
  auto rows = ReadAll(WriteTemp("u.csv", "name\ncaf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n"),
                      StringSchema({"name"}))
                  .rows;
  EXPECT_EQ(rows, (Rows{{"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}}));
}

TEST(CsvReader, EmptyFile) {
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    Error e = ReadError(text);
    EXPECT_EQ(e.message(), "empty file");
    EXPECT_EQ(e.location().line, 1u);
    EXPECT_EQ(e.location().column, 1u);
  }
}

TEST(CsvReader, HeaderMismatch) {
  auto schema = StringSchema({"invoice_no", "unit_price", "country"});
  Error e = ReadError("invoice_no,price,country\n", schema);
  EXPECT_EQ(e.message(), "header mismatch: expected \"unit_price\", found \"price\"");
  EXPECT_EQ(e.location().line, 1u);
  EXPECT_EQ(e.location().column, 12u);
  e = ReadError("invoice_no,unit_price\n", schema);
  EXPECT_EQ(e.message(), "header mismatch: expected \"country\", found end of line");
  EXPECT_EQ(e.location().column, 22u);
  // Case does not matter.
  EXPECT_EQ(ReadAll(WriteTemp("h.csv", "INVOICE_NO,Unit_Price,country\n1,2,3\n"), schema).rows,
            (Rows{{"1", "2", "3"}}));
}

TEST(CsvReader, NoHeader) {
  CsvOptions options;
  options.header = false;
  auto result = ReadAll(WriteTemp("n.csv", "1,x\n2,y\n"), nullptr, options);
  EXPECT_EQ(result.rows, (Rows{{"1", "x"}, {"2", "y"}}));
  CsvReader reader(WriteTemp("n.csv", "1,x\n"), nullptr, options);
  EXPECT_EQ(reader.schema()->ToString(),
            Schema({{"column_1", DataType::Int32()}, {"column_2", DataType::String()}}).ToString());
}

TEST(CsvReader, FirstErrorInFileOrderWithManyChunksAndThreads) {
  // Every chunk has errors; whichever thread finishes first, the first one is reported.
  std::string text = "a,b\n";
  for (int i = 0; i < 2000; ++i) text += i % 7 == 3 ? "1,x\n" : "1,2\n";
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"a", DataType::Int32()}, {"b", DataType::Int32()}});
  for (size_t chunk : {16, 64, 1000}) {
    CsvOptions options;
    options.chunk_bytes = chunk;
    options.threads = 2;
    Error e = ReadError(text, schema, options);
    EXPECT_EQ(e.location().line, 5u);  // data row 3 (i == 3)
    EXPECT_EQ(e.location().column, 3u);
  }
}

TEST(CsvReader, SkipModeWritesRejectsInFileOrder) {
  std::string text = std::string(kTypedHeader) +
                     "1,2,3,4,2011-01-01,2011-01-01 10:00,true,ok1\n"
                     "x,2,3,4,2011-01-01,2011-01-01 10:00,true,bad\tone\n"
                     "2,2,3,4,2011-01-01,2011-01-01 10:00,true,ok2\n"
                     "1,2,3\n"
                     "3,2,3,4,2011-01-01,2011-01-01 10:00,true,\"multi\nline\"x\n"
                     "4,2,3,4,2011-01-01,2011-01-01 10:00,true,ok3\n";
  for (size_t chunk : {size_t{8} << 20, size_t{20}}) {
    CsvOptions options;
    options.on_error = OnError::kSkip;
    options.rejects_path = TempPath("rejects.tsv");
    options.chunk_bytes = chunk;
    options.threads = 2;
    auto result = ReadAll(WriteTemp("s.csv", text), TypedSchema(), options);
    ASSERT_EQ(result.rows.size(), 3u);
    EXPECT_EQ(result.rows[0][7], "ok1");
    EXPECT_EQ(result.rows[1][7], "ok2");
    EXPECT_EQ(result.rows[2][7], "ok3");
    EXPECT_EQ(result.stats.rows, 3u);
    EXPECT_EQ(result.stats.rejected, 3u);
    EXPECT_EQ(ReadText(options.rejects_path),
              "3\t1\tbad int32 in column \"id\" (value \"x\")\t"
              "x,2,3,4,2011-01-01,2011-01-01 10:00,true,bad\\tone\n"
              "5\t6\texpected 8 fields, found 3\t1,2,3\n"
              "6\t42\tunexpected character after a closing quote\t"
              "3,2,3,4,2011-01-01,2011-01-01 10:00,true,\"multi\\nline\"x\n");
  }
}

TEST(CsvReader, CompressedInputs) {
  std::string text = "a,b\n";
  for (int i = 0; i < 5000; ++i)
    text += std::to_string(i) + ",\"v" + std::to_string(i % 10) + "\"\n";
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"a", DataType::Int64()}, {"b", DataType::String()}});
  auto plain = ReadAll(WriteTemp("p.csv", text), schema).rows;
  ASSERT_EQ(plain.size(), 5000u);
  EXPECT_EQ(plain[4321], (std::vector<std::string>{"4321", "v1"}));
  CsvOptions small;
  small.chunk_bytes = 1000;
  EXPECT_EQ(ReadAll(WriteTemp("z.csv.zst", ZstdCompress(text)), schema, small).rows, plain);
  EXPECT_EQ(ReadAll(WriteTemp("g.csv.gz", GzipCompress(text)), schema, small).rows, plain);
  // Two gzip members back to back read as one stream.
  std::string half1 = text.substr(0, 20000), half2 = text.substr(20000);
  EXPECT_EQ(ReadAll(WriteTemp("g2.csv.gz", GzipCompress(half1) + GzipCompress(half2)), schema).rows,
            plain);
}

// A file whose quoted fields contain newlines, delimiters and doubled quotes, so that tiny chunks
// fall inside them.
std::string TrickyText() {
  std::string text = "\xEF\xBB\xBFk,s,n\r\n";
  for (int i = 0; i < 300; ++i) {
    text += std::to_string(i) + ",";
    switch (i % 5) {
      case 0:
        text += "\"multi\nline, \"\"quoted\"\"\n\n text\"";
        break;
      case 1:
        text += "plain";
        break;
      case 2:
        text += "\"\"";
        break;
      case 3:
        text += "";
        break;
      case 4:
        text += "\"a,b\r\nc\"";
        break;
    }
    text += "," + std::to_string(i * 7 % 13) + (i % 3 == 0 ? "\r\n" : "\n");
    if (i % 50 == 0) text += "\n";
  }
  return text;  // no trailing newline issue: ends with one
}

TEST(CsvReader, ChunkingDoesNotChangeTheResult) {
  std::string path = WriteTemp("tricky.csv", TrickyText());
  auto schema = std::make_shared<const Schema>(std::vector<Field>{
      {"k", DataType::Int32()}, {"s", DataType::String()}, {"n", DataType::Int64()}});
  auto reference = ReadAll(path, schema);
  ASSERT_EQ(reference.rows.size(), 300u);
  EXPECT_EQ(reference.rows[0][1], "multi\nline, \"quoted\"\n\n text");
  EXPECT_EQ(reference.rows[2][1], "");
  EXPECT_EQ(reference.rows[3][1], "NULL");
  EXPECT_EQ(reference.rows[4][1], "a,b\r\nc");
  EXPECT_EQ(reference.batches, 1u);
  for (size_t chunk = 7; chunk <= 64; ++chunk) {
    CsvOptions options;
    options.chunk_bytes = chunk;
    options.threads = 2;
    auto result = ReadAll(path, schema, options);
    EXPECT_EQ(result.rows, reference.rows) << "chunk_bytes " << chunk;
    EXPECT_GT(result.batches, 10u);
  }
  // Error lines stay exact with tiny chunks: break row 250 (line 2 + 5 lines per case-0 row...).
  std::string text = TrickyText() + "301,x,notanumber\n";
  uint64_t expected_line = 1;
  for (char c : TrickyText()) expected_line += c == '\n';
  for (size_t chunk : {7, 13, 64, 1 << 20}) {
    CsvOptions options;
    options.chunk_bytes = chunk;
    Error e = ReadError(text, schema, options);
    EXPECT_EQ(e.location().line, expected_line);
    EXPECT_EQ(e.location().column, 7u);
  }
}

TEST(CsvReader, UnorderedScanDeliversEveryBatchOnce) {
  std::string path = WriteTemp("tricky.csv", TrickyText());
  CsvOptions options;
  options.chunk_bytes = 100;
  options.threads = 2;
  CsvReader reader(path, nullptr, options);
  std::mutex mutex;
  std::map<size_t, size_t> rows_by_sequence;
  auto stats = reader.Scan(
      [&](Batch&& batch, size_t sequence) {
        std::lock_guard<std::mutex> lock(mutex);
        EXPECT_TRUE(rows_by_sequence.emplace(sequence, batch.num_rows).second);
      },
      false);
  size_t total = 0, expected_sequence = 0;
  for (auto [sequence, rows] : rows_by_sequence) {
    EXPECT_EQ(sequence, expected_sequence++);
    total += rows;
  }
  EXPECT_EQ(total, 300u);
  EXPECT_EQ(stats.rows, 300u);
}

TEST(CsvReader, InfersTypesFromASample) {
  std::string text =
      "i,big,dec,dbl,day,ts,flag,s,empty\n"
      "1,5000000000,1.5,1e10,2011-01-01,2011-01-01 10:00:00,true,a,\n"
      "-2,1,2.125,0.5,2011-12-31,2011-01-01 10:00,F,1,\n"
      ",,,,,,,,\n";
  CsvReader reader(WriteTemp("i.csv", text), nullptr);
  Schema expected({{"i", DataType::Int32()},
                   {"big", DataType::Int64()},
                   {"dec", DataType::Decimal(18, 3)},
                   {"dbl", DataType::Double()},
                   {"day", DataType::Date()},
                   {"ts", DataType::Timestamp()},
                   {"flag", DataType::Bool()},
                   {"s", DataType::String()},
                   {"empty", DataType::String()}});
  EXPECT_EQ(reader.schema()->ToString(), expected.ToString());
  size_t rows = 0;
  reader.Scan([&](Batch&& batch, size_t) { rows += batch.num_rows; });
  EXPECT_EQ(rows, 3u);
}

TEST(CsvReader, RetailSchemaOnFixture) {
  auto result = ReadAll(TALLY_SOURCE_DIR "/tests/fixtures/csv/retail_small.csv", RetailSchema());
  ASSERT_EQ(result.rows.size(), 10u);
  EXPECT_EQ(result.rows[0],
            (std::vector<std::string>{"536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6",
                                      "2010-12-01 08:26:00", "2.550", "17850", "United Kingdom"}));
  EXPECT_EQ(result.rows[2][2], "AIRLINE LOUNGE,METAL SIGN");
  EXPECT_EQ(result.rows[3][2], "RECORD FRAME 7\" SINGLE SIZE ");
  EXPECT_EQ(result.rows[4][6], "NULL");
  EXPECT_EQ(result.rows[5][0], "C536379");
  EXPECT_EQ(result.rows[5][3], "-1");
  EXPECT_EQ(result.rows[6][2], "NULL");
  EXPECT_EQ(result.rows[6][5], "0.000");
  EXPECT_EQ(result.rows[7][5], "11062.060");
  EXPECT_EQ(result.rows[9][1], "BANK CHARGES");
  EXPECT_EQ(result.rows[9][5], "0.001");
  EXPECT_EQ(result.rows[9][7], "EIRE");
}

TEST(CsvReader, SchemaFile) {
  std::string path = WriteTemp(
      "schema.json",
      R"json({"columns":[{"name":"a","type":"decimal(18,3)"},{"name":"b","type":"string","nullable":false}]})json");
  auto schema = LoadSchemaFile(path);
  ASSERT_EQ(schema->size(), 2u);
  EXPECT_EQ(schema->field(0).type, DataType::Decimal(18, 3));
  EXPECT_FALSE(schema->field(1).nullable);
  Error e = ReadError("a,b\n1.5,\n", schema);
  EXPECT_EQ(e.message(), "missing value in column \"b\"");
  EXPECT_EQ(e.location().column, 5u);
  EXPECT_THROW(LoadSchemaFile(WriteTemp("bad.json", "{\"columns\": 3}")), Error);
  EXPECT_THROW(
      LoadSchemaFile(WriteTemp("bad.json", "{\"columns\":[{\"name\":\"a\",\"type\":\"int99\"}]}")),
      Error);
}

TEST(CsvReader, DictionaryForRepetitiveStringsFlatForUnique) {
  std::string text = "rep,uniq\n";
  for (int i = 0; i < 20000; ++i)
    text += "country" + std::to_string(i % 38) + ",id" + std::to_string(i) + "\n";
  CsvReader reader(WriteTemp("dict.csv", text), StringSchema({"rep", "uniq"}));
  reader.Scan([&](Batch&& batch, size_t) {
    EXPECT_TRUE(batch.column(0)->is_dictionary());
    EXPECT_EQ(batch.column(0)->dictionary()->size(), 38u);
    EXPECT_FALSE(batch.column(1)->is_dictionary());
    EXPECT_EQ(batch.column(0)->GetString(12345), "country33");
    EXPECT_EQ(batch.column(1)->GetString(12345), "id12345");
  });
}

TEST(CsvReader, ProgressIsReportedInOrder) {
  std::string path = WriteTemp("tricky.csv", TrickyText());
  CsvOptions options;
  options.chunk_bytes = 500;
  uint64_t last_bytes = 0, last_rows = 0, last_text = 0, calls = 0;
  options.progress = [&](uint64_t bytes, uint64_t rows, uint64_t text_bytes) {
    EXPECT_GE(bytes, last_bytes);
    EXPECT_GE(rows, last_rows);
    EXPECT_GE(text_bytes, last_text);
    EXPECT_LE(text_bytes, TrickyText().size());
    last_bytes = bytes;
    last_rows = rows;
    last_text = text_bytes;
    ++calls;
  };
  CsvReader reader(path, nullptr, options);
  reader.Scan([](Batch&&, size_t) {});
  EXPECT_GT(calls, 5u);
  EXPECT_EQ(last_rows, 300u);
  EXPECT_EQ(last_bytes, TrickyText().size());
}

TEST(CsvReader, TheNullTextDoesNotDecideAColumnsType) {
  std::string path = WriteTemp("null_text.csv", "a;b\n1;NA\n2;3\nNA;4\n");
  CsvOptions options;
  options.delimiter = ';';
  options.null_text = "NA";
  CsvReader reader(path, nullptr, options);
  EXPECT_EQ(reader.schema()->field(0).type.id, TypeId::kInt32);
  EXPECT_EQ(reader.schema()->field(1).type.id, TypeId::kInt32);
  size_t nulls = 0, rows = 0;
  reader.Scan([&](Batch&& b, size_t) {
    rows += b.num_rows;
    nulls += b.column(0)->null_count() + b.column(1)->null_count();
  });
  EXPECT_EQ(rows, 3u);
  EXPECT_EQ(nulls, 2u);
}

TEST(CsvReader, RealRetailFile) {
  CsvReader reader(TALLY_SOURCE_DIR "/data/online_retail.csv.zst", RetailSchema());
  std::atomic<uint64_t> rows{0}, null_customers{0};
  auto stats = reader.Scan(
      [&](Batch&& batch, size_t) {
        rows += batch.num_rows;
        null_customers += batch.column(6)->null_count();
      },
      false);
  EXPECT_EQ(rows.load(), 541909u);
  EXPECT_EQ(stats.rows, 541909u);
  EXPECT_EQ(stats.bytes, 47226073u);
  EXPECT_EQ(null_customers.load(), 135080u);
}

}  // namespace
}  // namespace tally::testing

namespace tally::testing {
namespace {

TEST(CsvReader, RecordsLongerThanAChunkAndTheRowCap) {
  std::string big(100000, 'x');
  std::string text = "a,b\n1,\"" + big + "\n" + big + "\"\n2,y\n";
  CsvOptions options;
  options.chunk_bytes = 64;
  auto result = ReadAll(WriteTemp("long.csv", text), StringSchema({"a", "b"}), options);
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0][1], big + "\n" + big);
  EXPECT_EQ(result.rows[1], (std::vector<std::string>{"2", "y"}));

  // Batches never exceed kDefaultBatchRows, whatever the chunk size.
  std::string many = "n\n";
  for (int i = 0; i < 70000; ++i) many += std::to_string(i % 10) + "\n";
  CsvReader reader(WriteTemp("many.csv", many), nullptr);
  std::vector<size_t> sizes;
  reader.Scan([&](Batch&& batch, size_t) { sizes.push_back(batch.num_rows); });
  EXPECT_EQ(sizes, (std::vector<size_t>{kDefaultBatchRows - 1, 70000 - kDefaultBatchRows + 1}));
}

}  // namespace
}  // namespace tally::testing
