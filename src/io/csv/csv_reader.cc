#include "io/csv/csv_reader.h"

#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "common/error.h"
#include "io/csv/chunk_parser.h"
#include "io/csv/csv_tokenizer.h"
#include "io/file_writer.h"
#include "io/input_stream.h"
#include "io/utf8.h"

namespace tally {
namespace {

// Rows sampled for type inference: enough to see rare formats, small enough to be instant.
constexpr size_t kSampleRows = 10000;
// ... and at most about this many values, so a file of thousands of columns samples fewer rows.
constexpr size_t kSampleValues = 1000000;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string> FieldTexts(const TextBuffer& data, const CsvRecord& record) {
  std::vector<std::string> texts;
  std::string scratch;
  for (const CsvField& field : record.fields) {
    std::string_view text(data.data() + field.begin, field.size);
    if (field.escaped) text = UnescapeField(text, &scratch);
    texts.emplace_back(text);
  }
  return texts;
}

}  // namespace

CsvReader::CsvReader(std::string path, std::shared_ptr<const Schema> schema, CsvOptions options)
    : path_(std::move(path)), schema_(std::move(schema)), options_(std::move(options)) {
  CheckShareOptions();
  Open();
}

CsvReader::~CsvReader() = default;

bool CsvReader::reads_range() const {
  return options_.range_begin > 0 || options_.range_end != UINT64_MAX;
}

void CsvReader::CheckShareOptions() const {
  const CsvOptions& o = options_;
  if (o.share_count < 1 || o.share_index < 0 || o.share_index >= o.share_count)
    throw Error(SourceLocation{path_},
                fmt::format("bad share {} of {}", o.share_index, o.share_count));
  if (!reads_range()) return;
  if (o.share_count > 1)
    throw Error(SourceLocation{path_}, "a byte range cannot be combined with shares of chunks");
  if (o.range_end < o.range_begin)
    throw Error(SourceLocation{path_},
                fmt::format("bad byte range {}..{}", o.range_begin, o.range_end));
  // Only the range holding the file's start sees the header and a sample to infer types from.
  if (!schema_ && (o.range_begin > 0 || o.range_end == o.range_begin))
    throw Error(SourceLocation{path_},
                fmt::format("reading bytes {}..{} of a CSV file needs a schema: the header and "
                            "the sample rows are at the file's start",
                            o.range_begin, o.range_end));
}

void CsvReader::Open() {
  const bool range = reads_range();
  chunker_ = std::make_unique<CsvChunker>(
      range ? OpenInputRange(path_, options_.range_begin, options_.range_end) : OpenInput(path_),
      options_.chunk_bytes, schema_ ? BatchRowsFor(*schema_) : kDefaultBatchRows,
      options_.max_record_bytes);
  peeked_.clear();
  header_chunk_ = 0;
  skip_header_ = false;
  if (range && options_.range_begin > 0) {
    // A later share of the file: its first record is data, numbered as in the whole file.
    chunker_->StartAt(options_.range_begin, options_.range_first_line);
    return;
  }
  if (range && options_.range_end == 0) return;  // empty: nothing to read, not even a header
  ReadHeaderAndSample();
}

void CsvReader::ReadHeaderAndSample() {
  const std::string& file = chunker_->name();
  bool have_first = false;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> sample;
  const bool want_sample = schema_ == nullptr;
  // Peek chunks until the first record (the header) and, when inferring, the sample are in.
  // The sample holds a bounded number of values, whatever the width of the file.
  size_t sample_rows = kSampleRows;
  while (!have_first || (want_sample && sample.size() < sample_rows)) {
    CsvChunk chunk;
    if (!chunker_->Next(&chunk)) break;
    peeked_.push_back(std::move(chunk));
    const CsvChunk& current = peeked_.back();
    CsvTokenizer tokenizer(current.data.view(), options_.delimiter);
    CsvRecord record;
    while (tokenizer.Next(&record)) {
      if (!have_first) {
        have_first = true;
        header_chunk_ = current.index;
        if (record.error)
          throw Error(SourceLocation{file, current.first_line + record.line, record.error_column},
                      record.error);
        if (options_.header) {
          skip_header_ = true;
          CheckHeader(current, record);
          names = FieldTexts(current.data, record);
          for (size_t i = 0; i < names.size(); ++i)
            if (!IsValidUtf8(names[i]))
              throw Error(
                  SourceLocation{file, current.first_line + record.line, record.fields[i].column},
                  fmt::format("invalid UTF-8 in the name of column {} ({})", i + 1,
                              DescribeInvalidUtf8(names[i])));
          sample_rows = std::clamp<size_t>(kSampleValues / std::max<size_t>(names.size(), 1), 100,
                                           kSampleRows);
          if (!want_sample) break;
          continue;
        }
        for (size_t i = 1; i <= record.fields.size(); ++i)
          names.push_back(fmt::format("column_{}", i));
        sample_rows =
            std::clamp<size_t>(kSampleValues / std::max<size_t>(names.size(), 1), 100, kSampleRows);
      }
      if (!want_sample || sample.size() >= sample_rows) break;
      if (record.error) continue;
      sample.push_back(FieldTexts(current.data, record));
      // The NULL text is no value: it must not make a number column a string one.
      if (!options_.null_text.empty())
        for (auto& value : sample.back())
          if (value == options_.null_text) value.clear();
    }
  }
  if (!have_first && (options_.header || want_sample))
    throw Error(SourceLocation{file, 1, 1}, "empty file");
  if (want_sample) {
    schema_ = InferSchema(names, sample);
    chunker_->set_max_records(BatchRowsFor(*schema_));
  }
}

void CsvReader::CheckHeader(const CsvChunk& chunk, const CsvRecord& record) {
  if (!schema_) return;
  const std::string& file = chunker_->name();
  const uint64_t line = chunk.first_line + record.line;
  std::vector<std::string> names = FieldTexts(chunk.data, record);
  for (size_t i = 0; i < std::max(names.size(), schema_->size()); ++i) {
    if (i < names.size() && i < schema_->size() &&
        EqualsIgnoreCase(names[i], schema_->field(i).name))
      continue;
    uint64_t column = i < names.size() ? record.fields[i].column : record.end - record.begin + 1;
    std::string expected =
        i < schema_->size() ? fmt::format("\"{}\"", schema_->field(i).name) : "end of line";
    std::string found = i < names.size() ? fmt::format("\"{}\"", names[i]) : "end of line";
    throw Error(SourceLocation{file, line, column},
                fmt::format("header mismatch: expected {}, found {}", expected, found));
  }
}

bool CsvReader::NextChunkOfShare(CsvChunk* chunk) {
  for (;;) {
    if (!peeked_.empty()) {
      *chunk = std::move(peeked_.front());
      peeked_.pop_front();
    } else if (!chunker_->Next(chunk)) {
      return false;
    }
    if (chunk->index % static_cast<size_t>(options_.share_count) ==
        static_cast<size_t>(options_.share_index))
      return true;
    // Another share's chunk: cut only to find where the later chunks start.
    chunker_->Recycle(std::move(chunk->data));
  }
}

CsvScanStats CsvReader::Scan(const std::function<void(Batch&&, size_t sequence)>& consumer,
                             bool ordered) {
  if (!chunker_) {
    if (path_ == "-") throw Error("standard input can be read only once");
    Open();
  }
  struct Work {
    CsvChunk chunk;
    CsvChunkResult result;
  };
  using WorkPtr = std::shared_ptr<Work>;

  CsvParseContext context;
  context.schema = schema_;
  context.file = chunker_->name();
  context.delimiter = options_.delimiter;
  context.trailing_delimiter = options_.trailing_delimiter;
  context.null_text = options_.null_text;
  context.on_error = options_.on_error;
  context.collect_rejects = options_.on_error == OnError::kSkip && !options_.rejects_path.empty();

  // Rejects go to a temporary file renamed into place at the end, so the file is never seen
  // half-written (and a failed scan leaves the previous one alone).
  std::unique_ptr<FileWriter> rejects;
  const std::string rejects_temp = options_.rejects_path + ".tmp";
  if (context.collect_rejects) rejects = std::make_unique<FileWriter>(rejects_temp);

  const int threads =
      options_.threads > 0 ? options_.threads : std::max(1, tbb::info::default_concurrency());
  const size_t tokens = static_cast<size_t>(threads) * 2;
  CsvScanStats stats;

  auto read = tbb::make_filter<void, WorkPtr>(tbb::filter_mode::serial_in_order,
                                              [&](tbb::flow_control& control) -> WorkPtr {
                                                auto work = std::make_shared<Work>();
                                                if (NextChunkOfShare(&work->chunk)) return work;
                                                control.stop();
                                                return nullptr;
                                              });
  CsvChunker* chunker = chunker_.get();
  auto parse = tbb::make_filter<WorkPtr, WorkPtr>(tbb::filter_mode::parallel, [&](WorkPtr work) {
    CsvParseContext chunk_context = context;
    chunk_context.skip_first_record = skip_header_ && work->chunk.index == header_chunk_;
    work->result = ParseCsvChunk(work->chunk, chunk_context);
    chunker->Recycle(std::move(work->chunk.data));  // the text is no longer needed
    return work;
  });
  auto check = [&](Work& work) {
    if (work.result.error) throw *work.result.error;
    if (rejects && !work.result.rejects.empty()) rejects->Write(work.result.rejects);
    stats.rows += work.result.batch.num_rows;
    stats.rejected += work.result.rejected;
    if (options_.progress)
      options_.progress(work.chunk.raw_bytes_read, stats.rows, work.chunk.byte_offset);
  };

  tbb::task_arena arena(threads);
  try {
    arena.execute([&] {
      if (ordered) {
        auto consume =
            tbb::make_filter<WorkPtr, void>(tbb::filter_mode::serial_in_order, [&](WorkPtr work) {
              check(*work);
              consumer(std::move(work->result.batch), work->chunk.index);
            });
        tbb::parallel_pipeline(tokens, read & parse & consume);
      } else {
        auto in_order = tbb::make_filter<WorkPtr, WorkPtr>(tbb::filter_mode::serial_in_order,
                                                           [&](WorkPtr work) {
                                                             check(*work);
                                                             return work;
                                                           });
        auto consume = tbb::make_filter<WorkPtr, void>(
            tbb::filter_mode::parallel,
            [&](WorkPtr work) { consumer(std::move(work->result.batch), work->chunk.index); });
        tbb::parallel_pipeline(tokens, read & parse & in_order & consume);
      }
    });
  } catch (...) {
    chunker_.reset();  // a later Scan starts over from the beginning
    peeked_.clear();
    throw;
  }

  stats.bytes = chunker_->bytes_consumed();
  chunker_.reset();
  if (rejects) {
    rejects->Close();
    if (std::rename(rejects_temp.c_str(), options_.rejects_path.c_str()) != 0)
      throw Error(SourceLocation{options_.rejects_path},
                  fmt::format("cannot write rejects file: {}", std::strerror(errno)));
  }
  return stats;
}

}  // namespace tally
