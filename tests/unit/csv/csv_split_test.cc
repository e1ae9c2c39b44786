#include "io/csv/csv_split.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "common/error.h"
#include "csv_test_util.h"
#include "io/csv/csv_schema.h"

namespace tally::testing {
namespace {

std::shared_ptr<const Schema> FixtureSchema() {
  return std::make_shared<const Schema>(std::vector<Field>{
      {"id", DataType::Int32()}, {"text", DataType::String()}, {"n", DataType::Int64()}});
}

// A quoted field of about `bytes` bytes whose content has newlines, delimiters and doubled
// quotes all along, so that a split point inside it must skip to its end.
std::string LongQuotedField(size_t bytes) {
  std::string field = "\"";
  while (field.size() < bytes) field += std::string(90, 'y') + "\"\"," + "\n";
  return field + "\"";
}

// Quoted fields with LF and CRLF inside, doubled quotes, a field of quotes only, CRLF and LF
// line ends, blank lines, a record of `long_bytes` bytes, a byte order mark and a last line
// without a newline. 62 rows; `bad_row` (if any) gets a non-numeric n.
std::string SplitFixture(size_t long_bytes, int bad_row = -1) {
  std::string text = "\xEF\xBB\xBFid,text,n\r\n";
  for (int i = 0; i < 60; ++i) {
    text += std::to_string(i) + ",";
    switch (i % 6) {
      case 0:
        text += "\"two\nlines, \"\"quoted\"\"\"";
        break;
      case 1:
        text += "plain";
        break;
      case 2:
        text += "\"\"\"\"\"\"";  // the two-quote string ""
        break;
      case 3:
        text += "\"crlf\r\ninside\"";
        break;
      case 4:
        break;  // NULL
      case 5:
        text += "\"\n\n\"";
        break;
    }
    text += "," + (i == bad_row ? std::string("7x") : std::to_string(i * 7 % 11)) +
            (i % 2 ? "\r\n" : "\n");
    if (i % 17 == 0) text += "\n";
    if (i == 30) text += "999," + LongQuotedField(long_bytes) + ",5\n";
  }
  return text + "1000,last,7";
}

// The record starts of `text` by definition: 0, and every position after a '\n' preceded by an
// even number of quotes. Also the quote parity and newline count before each offset.
struct NaiveSplit {
  std::vector<bool> record_start;  // size + 1 entries
  std::vector<bool> in_quotes;     // at each offset
  std::vector<uint64_t> newlines;  // '\n' bytes before each offset

  explicit NaiveSplit(const std::string& text)
      : record_start(text.size() + 1), in_quotes(text.size() + 1), newlines(text.size() + 1) {
    record_start[0] = true;
    for (size_t i = 0; i < text.size(); ++i) {
      in_quotes[i + 1] = in_quotes[i] != (text[i] == '"');
      newlines[i + 1] = newlines[i] + (text[i] == '\n');
      record_start[i + 1] = text[i] == '\n' && !in_quotes[i];
    }
  }
  uint64_t NextStart(uint64_t from) const {
    while (from < record_start.size() - 1 && !record_start[from]) ++from;
    return from;
  }
};

ReadResult ReadRange(const std::string& path, const CsvByteRange& range, size_t chunk_bytes,
                     std::shared_ptr<const Schema> schema = FixtureSchema()) {
  CsvOptions options;
  options.range_begin = range.begin;
  options.range_end = range.end;
  options.range_first_line = range.first_line;
  options.chunk_bytes = chunk_bytes;
  options.threads = 2;
  return ReadAll(path, std::move(schema), options);
}

TEST(CsvSplit, FixtureReadsAsExpected) {
  // The fixture itself, hand-checked, so that equality with it below means something.
  auto rows = ReadAll(WriteTemp("f.csv", SplitFixture(300)), FixtureSchema()).rows;
  ASSERT_EQ(rows.size(), 62u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"0", "two\nlines, \"quoted\"", "0"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"2", "\"\"", "3"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"3", "crlf\r\ninside", "10"}));
  EXPECT_EQ(rows[4][1], "NULL");
  EXPECT_EQ(rows[5][1], "\n\n");
  EXPECT_EQ(rows[31][0], "999");
  EXPECT_EQ(rows[31][2], "5");
  EXPECT_EQ(rows[61], (std::vector<std::string>{"1000", "last", "7"}));
}

TEST(CsvSplit, FindRecordStartAtEveryOffsetMatchesTheDefinition) {
  const std::string text = SplitFixture(300);
  const std::string path = WriteTemp("every.csv", text);
  NaiveSplit naive(text);
  size_t starts_at_from = 0;
  for (uint64_t from = 0; from <= text.size() + 2; ++from) {
    const uint64_t clipped = std::min<uint64_t>(from, text.size());
    uint64_t newlines = 12345;
    uint64_t start = FindRecordStart(path, from, naive.in_quotes[clipped], &newlines);
    uint64_t expected = naive.NextStart(clipped);
    ASSERT_EQ(start, expected) << "from " << from;
    ASSERT_EQ(newlines, naive.newlines[expected] - naive.newlines[clipped]) << "from " << from;
    if (start == from && from > 0 && from < text.size()) ++starts_at_from;
  }
  // `from` was itself a record start (the byte before it a newline outside quotes) after the
  // header, the 60 numbered rows, the 4 blank lines and the long row: 66 times.
  EXPECT_EQ(starts_at_from, 66u);
}

TEST(CsvSplit, FindRecordStartInsideALongQuotedField) {
  // The field is longer than the first read, so the scan must continue across reads.
  const std::string text = SplitFixture(300000);
  const std::string path = WriteTemp("long.csv", text);
  NaiveSplit naive(text);
  for (uint64_t from = 1; from < text.size(); from += from < 2000 ? 7 : 4999) {
    uint64_t newlines = 0;
    uint64_t start = FindRecordStart(path, from, naive.in_quotes[from], &newlines);
    ASSERT_EQ(start, naive.NextStart(from)) << "from " << from;
    ASSERT_EQ(newlines, naive.newlines[start] - naive.newlines[from]) << "from " << from;
  }
}

TEST(CsvSplit, CountsQuotesAndNewlines) {
  const std::string text = SplitFixture(20000);
  const std::string path = WriteTemp("count.csv", text);
  auto naive = [&](uint64_t begin, uint64_t end) {
    end = std::min<uint64_t>(end, text.size());
    CsvSpanCounts counts;
    for (uint64_t i = begin; i < end; ++i) {
      counts.quotes += text[i] == '"';
      counts.newlines += text[i] == '\n';
    }
    return counts;
  };
  // Spans of every length around the 16-byte vector and 255-vector counter limits.
  std::vector<std::pair<uint64_t, uint64_t>> spans = {
      {0, text.size()}, {0, UINT64_MAX}, {5, 5},    {7, 3},
      {100, 4180},      {1, 4081},       {3, 8200}, {text.size() - 9, text.size()}};
  for (uint64_t length = 0; length < 40; ++length) spans.push_back({11, 11 + length});
  for (auto [begin, end] : spans) {
    CsvSpanCounts counts = CountQuotesAndNewlines(path, begin, end);
    CsvSpanCounts expected = naive(begin, end);
    EXPECT_EQ(counts.quotes, expected.quotes) << begin << ".." << end;
    EXPECT_EQ(counts.newlines, expected.newlines) << begin << ".." << end;
  }
  EXPECT_GT(naive(0, text.size()).quotes, 400u);  // the fixture does exercise both counts
  EXPECT_GT(naive(0, text.size()).newlines, 300u);
}

TEST(CsvSplit, NominalRangesAreEqualAndContiguous) {
  EXPECT_EQ(NominalByteRange(10, 0, 3), (std::pair<uint64_t, uint64_t>{0, 3}));
  EXPECT_EQ(NominalByteRange(10, 1, 3), (std::pair<uint64_t, uint64_t>{3, 6}));
  EXPECT_EQ(NominalByteRange(10, 2, 3), (std::pair<uint64_t, uint64_t>{6, 10}));
  EXPECT_EQ(NominalByteRange(2, 1, 5), (std::pair<uint64_t, uint64_t>{0, 0}));
  // No overflow for huge files.
  EXPECT_EQ(NominalByteRange(UINT64_MAX, 6, 7).second, UINT64_MAX);
  EXPECT_EQ(NominalByteRange(UINT64_MAX - 6, 1, 7).first, (UINT64_MAX - 6) / 7);
}

TEST(CsvSplit, CanSplitOnlyPlainRegularFiles) {
  EXPECT_TRUE(CsvCanSplitByBytes(WriteTemp("plain.csv", "a,b\n1,2\n")));
  EXPECT_TRUE(CsvCanSplitByBytes(WriteTemp("empty.csv", "")));
  EXPECT_FALSE(CsvCanSplitByBytes("-"));
  EXPECT_FALSE(CsvCanSplitByBytes(WriteTemp("named.csv.zst", "a,b\n1,2\n")));
  EXPECT_FALSE(CsvCanSplitByBytes(WriteTemp("named.csv.gz", "a,b\n1,2\n")));
  EXPECT_FALSE(CsvCanSplitByBytes(WriteTemp("zstd.csv", ZstdCompress("a,b\n1,2\n"))));
  EXPECT_FALSE(CsvCanSplitByBytes(WriteTemp("gzip.csv", GzipCompress("a,b\n1,2\n"))));
  EXPECT_FALSE(CsvCanSplitByBytes(TempPath("missing.csv")));
  EXPECT_FALSE(CsvCanSplitByBytes(::testing::TempDir()));
}

// Every way of cutting the fixture into 1..6 parts reads the same rows as the whole file.
TEST(CsvSplit, RangesReadTheWholeFileRowForRow) {
  for (size_t long_bytes : {size_t{300}, size_t{200000}}) {
    const std::string text = SplitFixture(long_bytes);
    const std::string path = WriteTemp("split.csv", text);
    NaiveSplit naive(text);
    const ReadResult whole = ReadAll(path, FixtureSchema());
    ASSERT_EQ(whole.rows.size(), 62u);
    for (int parts = 1; parts <= 6; ++parts) {
      SCOPED_TRACE("parts " + std::to_string(parts) + ", long " + std::to_string(long_bytes));
      std::vector<CsvByteRange> ranges = SplitCsvAtRecords(path, parts);
      ASSERT_EQ(ranges.size(), static_cast<size_t>(parts));
      EXPECT_EQ(ranges.front().begin, 0u);
      EXPECT_EQ(ranges.back().end, text.size());
      for (size_t i = 0; i < ranges.size(); ++i) {
        EXPECT_LE(ranges[i].begin, ranges[i].end);
        if (i + 1 < ranges.size()) {
          EXPECT_EQ(ranges[i].end, ranges[i + 1].begin);
        }
        EXPECT_TRUE(naive.record_start[ranges[i].begin] || ranges[i].begin == text.size());
        EXPECT_EQ(ranges[i].first_line, 1 + naive.newlines[ranges[i].begin]);
      }
      for (size_t chunk_bytes : {size_t{8} << 20, size_t{64}}) {
        Rows rows;
        uint64_t bytes = 0;
        for (const CsvByteRange& range : ranges) {
          ReadResult part = ReadRange(path, range, chunk_bytes);
          rows.insert(rows.end(), part.rows.begin(), part.rows.end());
          bytes += part.stats.bytes;
          if (range.begin == range.end) {
            EXPECT_EQ(part.batches, 0u);
          }
        }
        EXPECT_EQ(rows, whole.rows) << "chunk_bytes " << chunk_bytes;
        EXPECT_EQ(bytes, text.size());
      }
    }
  }
}

TEST(CsvSplit, MorePartsThanBytes) {
  const std::string path = WriteTemp("tiny.csv", "a\n1\n");
  std::vector<CsvByteRange> ranges = SplitCsvAtRecords(path, 8);
  ASSERT_EQ(ranges.size(), 8u);
  Rows rows;
  for (const CsvByteRange& range : ranges) {
    auto part = ReadRange(path, range, 1 << 20, StringSchema({"a"})).rows;
    rows.insert(rows.end(), part.begin(), part.end());
  }
  EXPECT_EQ(rows, (Rows{{"1"}}));
  EXPECT_EQ(ranges.back().end, 4u);
}

TEST(CsvSplit, ErrorsInALaterRangeNameTheWholeFileLocation) {
  const std::string text = SplitFixture(5000, /*bad_row=*/45);
  const std::string path = WriteTemp("bad.csv", text);
  Error whole("none");
  try {
    ReadAll(path, FixtureSchema());
    FAIL() << "no error";
  } catch (const Error& e) {
    whole = e;
  }
  EXPECT_EQ(whole.message(), "bad int64 in column \"n\" (value \"7x\")");
  // Columns count bytes from the record's start: "45," and the 15-byte quoted field with its
  // CRLF, then the delimiter: the bad field starts at byte 19.
  EXPECT_EQ(whole.location().column, 19u);

  // The line of the bad record by the definition: 1 + newlines before it.
  NaiveSplit naive(text);
  const uint64_t bad_start = text.find("\n45,") + 1;
  EXPECT_EQ(whole.location().line, 1 + naive.newlines[bad_start]);
  for (int parts = 2; parts <= 6; ++parts) {
    int failed = 0;
    for (const CsvByteRange& range : SplitCsvAtRecords(path, parts)) {
      try {
        ReadRange(path, range, 256);
      } catch (const Error& e) {
        ++failed;
        EXPECT_EQ(e.location().file, path);
        EXPECT_EQ(e.location().line, whole.location().line) << "parts " << parts;
        EXPECT_EQ(e.location().column, whole.location().column);
        EXPECT_EQ(e.message(), whole.message());
      }
    }
    EXPECT_EQ(failed, 1) << "parts " << parts;
  }
  // A range starting at any record before the bad one, including the bad record itself.
  for (uint64_t begin = 1; begin <= bad_start; ++begin) {
    if (!naive.record_start[begin]) continue;
    try {
      ReadRange(path, {begin, text.size(), 1 + naive.newlines[begin]}, 1 << 20);
      ADD_FAILURE() << "no error from " << begin;
    } catch (const Error& e) {
      EXPECT_EQ(e.location().line, whole.location().line) << "from " << begin;
      EXPECT_EQ(e.location().column, whole.location().column);
    }
  }
}

TEST(CsvSplit, RangeOptionsAreChecked) {
  const std::string path = WriteTemp("r.csv", "id,text,n\n1,a,2\n3,b,4\n");
  // After the start there is no header to name the columns and no sample to infer from.
  CsvOptions later;
  later.range_begin = 10;
  later.range_end = 16;
  EXPECT_THROW(CsvReader(path, nullptr, later), Error);
  // The range is data only: the header would not be recognized.
  EXPECT_EQ(ReadAll(path, FixtureSchema(), later).rows, (Rows{{"1", "a", "2"}}));
  // A range starting at 0 reads and checks the header as usual and stops at its end.
  CsvOptions first;
  first.range_end = 16;
  EXPECT_EQ(ReadAll(path, FixtureSchema(), first).rows, (Rows{{"1", "a", "2"}}));
  EXPECT_EQ(ReadAll(path, nullptr, first).rows, (Rows{{"1", "a", "2"}}));
  EXPECT_THROW(ReadAll(path, StringSchema({"x", "text", "n"}), first), Error);
  // Empty ranges, even at the start, yield nothing and need no header.
  for (uint64_t at : {0, 10, 24}) {
    CsvOptions empty;
    empty.range_begin = at;
    empty.range_end = at;
    ReadResult result = ReadAll(path, FixtureSchema(), empty);
    EXPECT_EQ(result.batches, 0u);
    EXPECT_EQ(result.rows.size(), 0u);
  }
  CsvOptions backwards;
  backwards.range_begin = 10;
  backwards.range_end = 9;
  EXPECT_THROW(CsvReader(path, FixtureSchema(), backwards), Error);
  CsvOptions both = later;
  both.share_count = 2;
  EXPECT_THROW(CsvReader(path, FixtureSchema(), both), Error);
  CsvOptions bad_share;
  bad_share.share_count = 2;
  bad_share.share_index = 2;
  EXPECT_THROW(CsvReader(path, FixtureSchema(), bad_share), Error);
  // Compressed files cannot be read by ranges.
  const std::string zst = WriteTemp("r.csv.zst", ZstdCompress("id,text,n\n1,a,2\n3,b,4\n"));
  EXPECT_THROW(CsvReader(zst, FixtureSchema(), later), Error);
}

// share_index/share_count on compressed input: every row in exactly one share, in chunk order.
TEST(CsvSplit, SharesOfCompressedChunksCoverEveryRowOnce) {
  const std::string text = SplitFixture(3000);
  const std::string plain = WriteTemp("s.csv", text);
  const Rows whole = ReadAll(plain, FixtureSchema()).rows;
  const std::string inferred = CsvReader(plain, nullptr).schema()->ToString();
  ASSERT_EQ(whole.size(), 62u);
  for (const std::string& path :
       {WriteTemp("s.csv.zst", ZstdCompress(text)), WriteTemp("s.csv.gz", GzipCompress(text))}) {
    for (int count = 1; count <= 4; ++count) {
      std::map<size_t, Rows> by_chunk;
      for (int share = 0; share < count; ++share) {
        CsvOptions options;
        options.chunk_bytes = 48;
        options.share_index = share;
        options.share_count = count;
        // Schemas inferred by every share from the same sample agree.
        CsvReader reader(path, nullptr, options);
        EXPECT_EQ(reader.schema()->ToString(), inferred);
        reader.Scan([&](Batch&& batch, size_t sequence) {
          EXPECT_EQ(sequence % static_cast<size_t>(count), static_cast<size_t>(share));
          EXPECT_EQ(by_chunk.count(sequence), 0u) << "chunk read twice: " << sequence;
          Rows& rows = by_chunk[sequence];
          for (size_t r = 0; r < batch.num_rows; ++r) {
            std::vector<std::string> row;
            for (const auto& column : batch.columns) row.push_back(column->ValueToString(r));
            rows.push_back(std::move(row));
          }
        });
      }
      Rows rows;
      for (auto& [sequence, chunk_rows] : by_chunk)
        rows.insert(rows.end(), chunk_rows.begin(), chunk_rows.end());
      EXPECT_EQ(rows, whole) << path << " count " << count;
      if (count > 1) {
        EXPECT_GT(by_chunk.size(), 10u);  // several chunks per share
      }
    }
    // The header is checked by every share, not only by the one holding the first chunk.
    CsvOptions second;
    second.share_index = 1;
    second.share_count = 2;
    EXPECT_THROW(CsvReader(path, StringSchema({"id", "text", "wrong"}), second), Error);
  }
}

TEST(CsvSplit, RealRetailFileInThreeRanges) {
  const std::string path = TempPath("online_retail.csv");
  struct RemoveAtEnd {
    std::string path;
    ~RemoveAtEnd() { std::remove(path.c_str()); }
  } remove_at_end{path};
  const std::string command =
      "zstd -dcq '" TALLY_SOURCE_DIR "/data/online_retail.csv.zst' > '" + path + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  ASSERT_TRUE(CsvCanSplitByBytes(path));
  ASSERT_EQ(CsvFileSize(path), 47226073u);

  std::vector<CsvByteRange> ranges = SplitCsvAtRecords(path, 3);
  ASSERT_EQ(ranges.size(), 3u);
  uint64_t bytes = 0;
  int64_t quantity = 0;
  std::vector<uint64_t> range_rows;
  Rows first_rows;  // the first row of each range
  for (const CsvByteRange& range : ranges) {
    EXPECT_GT(range.end - range.begin, 47226073u / 4);
    EXPECT_EQ(range.first_line, 1 + CountQuotesAndNewlines(path, 0, range.begin).newlines);
    CsvOptions options;
    options.range_begin = range.begin;
    options.range_end = range.end;
    options.range_first_line = range.first_line;
    CsvReader reader(path, RetailSchema(), options);
    bool first = true;
    auto stats = reader.Scan([&](Batch&& batch, size_t) {
      for (size_t r = 0; r < batch.num_rows; ++r) quantity += batch.column(3)->Get<int32_t>(r);
      if (first && batch.num_rows > 0) {
        std::vector<std::string> row;
        for (const auto& column : batch.columns) row.push_back(column->ValueToString(0));
        first_rows.push_back(std::move(row));
        first = false;
      }
    });
    range_rows.push_back(stats.rows);
    bytes += stats.bytes;
  }
  EXPECT_EQ(range_rows[0] + range_rows[1] + range_rows[2], 541909u);
  EXPECT_EQ(bytes, 47226073u);
  ASSERT_EQ(first_rows.size(), 3u);
  EXPECT_EQ(first_rows[0][0], "536365");  // the first invoice of the file

  // The file read whole: the same quantity total, and each range's first row is the row at that
  // position of the whole file.
  const std::vector<uint64_t> starts = {0, range_rows[0], range_rows[0] + range_rows[1]};
  int64_t whole_quantity = 0;
  uint64_t seen = 0;
  Rows whole_rows_at_starts;
  CsvReader(path, RetailSchema()).Scan([&](Batch&& batch, size_t) {
    for (size_t r = 0; r < batch.num_rows; ++r, ++seen) {
      whole_quantity += batch.column(3)->Get<int32_t>(r);
      if (std::find(starts.begin(), starts.end(), seen) != starts.end()) {
        std::vector<std::string> row;
        for (const auto& column : batch.columns) row.push_back(column->ValueToString(r));
        whole_rows_at_starts.push_back(std::move(row));
      }
    }
  });
  EXPECT_EQ(seen, 541909u);
  EXPECT_EQ(quantity, whole_quantity);
  EXPECT_EQ(first_rows, whole_rows_at_starts);
}

}  // namespace
}  // namespace tally::testing
