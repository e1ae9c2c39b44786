#include "ingest/text_batch_builder.h"

#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "ingest/text_value.h"
#include "io/csv/chunk_parser.h"
#include "io/utf8.h"

namespace tally {

RejectsFile::~RejectsFile() {
  if (file_) std::fclose(file_);
}

void RejectsFile::Add(uint64_t line, uint64_t column, const std::string& reason,
                      std::string_view raw) {
  if (path_.empty()) return;
  if (!file_) {
    file_ = std::fopen(path_.c_str(), append_ ? "a" : "w");
    if (!file_) ThrowError("cannot write rejects file {}: {}", path_, std::strerror(errno));
  }
  std::string out = fmt::format("{}\t{}\t{}\t", line, column, reason);
  for (char c : raw) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('\n');
  if (std::fwrite(out.data(), 1, out.size(), file_) != out.size())
    ThrowError("cannot write rejects file {}: {}", path_, std::strerror(errno));
  std::fflush(file_);
}

TextBatchBuilder::TextBatchBuilder(std::shared_ptr<const Schema> schema, OnError on_error,
                                   RejectsFile* rejects, std::string file,
                                   std::function<void(Batch&&)> consumer)
    : schema_(std::move(schema)),
      on_error_(on_error),
      rejects_(rejects),
      file_(std::move(file)),
      consumer_(std::move(consumer)),
      batch_capacity_(BatchRowsFor(*schema_)) {
  values_.resize(schema_->size());
}

void TextBatchBuilder::StartBatch() {
  fixed_.clear();
  strings_.clear();
  fixed_.resize(schema_->size());
  strings_.resize(schema_->size());
  for (size_t i = 0; i < schema_->size(); ++i) {
    const DataType& type = schema_->field(i).type;
    if (type.id == TypeId::kString)
      strings_[i] = std::make_unique<StringColumnBuilder>(batch_capacity_);
    else
      fixed_[i] = std::make_unique<FixedColumnBuilder>(type, batch_capacity_);
  }
  batch_rows_ = 0;
  batch_open_ = true;
}

void TextBatchBuilder::RejectRow(uint64_t line, uint64_t column, const std::string& reason,
                                 std::string_view raw) {
  if (on_error_ == OnError::kFail) throw Error(SourceLocation{file_, line, column}, reason);
  ++rejected_;
  if (rejects_) rejects_->Add(line, column, reason, raw);
}

bool TextBatchBuilder::AddRow(const std::vector<TextField>& fields, uint64_t line,
                              std::string_view raw) {
  TALLY_ASSERT(fields.size() == schema_->size());
  // Convert every value first so that a bad value leaves no partial row behind.
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& field = schema_->field(i);
    if (!fields[i]) continue;
    if (field.type.id == TypeId::kString) {
      if (!IsValidUtf8(*fields[i])) {
        RejectRow(line, i + 1,
                  fmt::format("column {}: invalid UTF-8 ({})", field.name,
                              DescribeInvalidUtf8(*fields[i])),
                  raw);
        return false;
      }
      continue;
    }
    std::string reason;
    if (!ParseTextValue(field.type, *fields[i], &values_[i], &reason)) {
      RejectRow(line, i + 1,
                fmt::format("column {}: {}: {}", field.name, reason, QuoteForMessage(*fields[i])),
                raw);
      return false;
    }
  }
  // Builders are made for a row that arrives, so that a batch never sits allocated but empty.
  if (!batch_open_) StartBatch();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (strings_[i]) {
      if (fields[i])
        strings_[i]->Append(*fields[i]);
      else
        strings_[i]->AppendNull();
    } else if (fields[i]) {
      fixed_[i]->Append(values_[i]);
    } else {
      fixed_[i]->AppendNull();
    }
  }
  ++rows_;
  if (++batch_rows_ == batch_capacity_) Flush();
  return true;
}

void TextBatchBuilder::Flush() {
  if (batch_rows_ == 0) return;
  std::vector<ColumnPtr> columns;
  for (size_t i = 0; i < schema_->size(); ++i)
    columns.push_back(strings_[i] ? strings_[i]->Finish() : fixed_[i]->Finish());
  Batch batch(schema_, std::move(columns), batch_rows_);
  fixed_.clear();
  strings_.clear();
  batch_rows_ = 0;
  batch_open_ = false;
  consumer_(std::move(batch));
}

}  // namespace tally
