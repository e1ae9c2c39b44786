#include "io/csv/chunk_parser.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "common/datetime.h"
#include "common/number_parse.h"
#include "common/text_escape.h"
#include "io/csv/column_builders.h"
#include "io/csv/csv_tokenizer.h"
#include "io/utf8.h"

namespace tally {
namespace {

const char* KindName(TypeId id) {
  switch (id) {
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt32:
      return "int32";
    case TypeId::kInt64:
      return "int64";
    case TypeId::kDouble:
      return "double";
    case TypeId::kDecimal:
      return "decimal";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kString:
      return "string";
  }
  return "value";
}

// Parses a non-empty, non-string field into its physical bits; false when malformed.
bool ParseFixed(const DataType& type, std::string_view text, uint64_t* out) {
  switch (type.id) {
    case TypeId::kInt32: {
      int32_t v;
      if (!ParseInt32(text, &v)) return false;
      *out = static_cast<uint32_t>(v);
      return true;
    }
    case TypeId::kInt64: {
      int64_t v;
      if (!ParseInt64(text, &v)) return false;
      *out = static_cast<uint64_t>(v);
      return true;
    }
    case TypeId::kDecimal: {
      int64_t v;
      if (!ParseDecimal(text, type.precision, type.scale, &v)) return false;
      *out = static_cast<uint64_t>(v);
      return true;
    }
    case TypeId::kDouble: {
      double v;
      if (!ParseDouble(text, &v)) return false;
      std::memcpy(out, &v, 8);
      return true;
    }
    case TypeId::kDate: {
      int32_t v;
      if (!ParseDate(text, &v)) return false;
      *out = static_cast<uint32_t>(v);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t v;
      if (!ParseTimestampUtc(text, &v)) return false;
      *out = static_cast<uint64_t>(v);
      return true;
    }
    case TypeId::kBool: {
      bool v;
      if (!ParseBool(text, &v)) return false;
      *out = v ? 1 : 0;
      return true;
    }
    case TypeId::kString:
      break;
  }
  return false;
}

// One reject line; the raw record is escaped so that it stays on one line.
void AppendReject(std::string* out, uint64_t line, uint64_t column, const std::string& reason,
                  std::string_view raw) {
  *out += fmt::format("{}\t{}\t{}\t", line, column, reason);
  for (char c : raw) {
    switch (c) {
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\\':
        *out += "\\\\";
        break;
      default:
        out->push_back(c);
    }
  }
  out->push_back('\n');
}

}  // namespace

std::string QuoteForMessage(std::string_view value) {
  constexpr size_t kMax = 60;
  if (value.size() <= kMax) return fmt::format("\"{}\"", EscapeControlCharacters(value));
  return fmt::format("\"{}...\"", EscapeControlCharacters(value.substr(0, kMax)));
}

CsvChunkResult ParseCsvChunk(const CsvChunk& chunk, const CsvParseContext& context) {
  const Schema& schema = *context.schema;
  const size_t num_columns = schema.size();
  const char* data = chunk.data.data();
  // The rows expected: at most the records the chunker counted, and every non-blank record
  // takes at least two bytes (a character and a newline) except the last. The builders are
  // sized for that (and grow if the count was short), so a file of thousands of columns with
  // few rows takes memory for those rows only.
  const size_t max_rows =
      std::min({chunk.records + 1, chunk.data.size() / 2 + 1, kDefaultBatchRows});

  std::vector<std::unique_ptr<FixedColumnBuilder>> fixed(num_columns);
  std::vector<std::unique_ptr<StringColumnBuilder>> strings(num_columns);
  std::vector<TypeId> types(num_columns);
  for (size_t c = 0; c < num_columns; ++c) {
    const DataType& type = schema.field(c).type;
    types[c] = type.id;
    if (type.id == TypeId::kString)
      strings[c] = std::make_unique<StringColumnBuilder>(max_rows);
    else
      fixed[c] = std::make_unique<FixedColumnBuilder>(type, max_rows);
  }

  // One parsed row, committed to the builders only when every field is good.
  std::vector<uint64_t> values(num_columns);
  std::vector<std::string_view> texts(num_columns);
  std::vector<uint8_t> nulls(num_columns);
  std::vector<std::string> scratch(num_columns);

  CsvChunkResult result;
  CsvTokenizer tokenizer(chunk.data.view(), context.delimiter);
  CsvRecord record;
  record.fields.reserve(num_columns + 8);
  bool skip = context.skip_first_record;
  size_t rows = 0;
  std::string message;
  while (tokenizer.Next(&record)) {
    if (skip) {
      skip = false;
      continue;
    }
    uint32_t bad_column = 0;
    if (context.trailing_delimiter && record.fields.size() == num_columns + 1 &&
        record.fields.back().size == 0 && !record.fields.back().quoted)
      record.fields.pop_back();
    if (record.error) {
      message = record.error;
      bad_column = record.error_column;
    } else if (record.fields.size() != num_columns) {
      message = fmt::format("expected {} fields, found {}", num_columns, record.fields.size());
      // Point at the first extra field, or where the missing one would start.
      bad_column = record.fields.size() > num_columns
                       ? record.fields[num_columns].column
                       : static_cast<uint32_t>(record.end - record.begin + 1);
    } else {
      for (size_t c = 0; c < num_columns; ++c) {
        const CsvField& field = record.fields[c];
        std::string_view text(data + field.begin, field.size);
        if (field.escaped) text = UnescapeField(text, &scratch[c]);
        const Field& column = schema.field(c);
        bool null_text = !context.null_text.empty() && !field.quoted && text == context.null_text;
        // With a NULL text of its own, an empty field is an empty value, as in PostgreSQL.
        bool empty_null = context.null_text.empty() && text.empty() &&
                          !(field.quoted && types[c] == TypeId::kString);
        if (null_text || empty_null) {
          if (!column.nullable) {
            message = fmt::format("missing value in column \"{}\"", column.name);
            bad_column = field.column;
            break;
          }
          nulls[c] = 1;
          continue;
        }
        nulls[c] = 0;
        if (types[c] == TypeId::kString) {
          if (!IsValidUtf8(text)) {
            message = fmt::format("invalid UTF-8 in column \"{}\"", column.name);
            bad_column = field.column;
            break;
          }
          texts[c] = text;
        } else if (!ParseFixed(column.type, text, &values[c])) {
          // The type in full: an inferred decimal's scale explains a value that does not fit.
          message = fmt::format("bad {} in column \"{}\" (value {})",
                                types[c] == TypeId::kDecimal ? column.type.ToString()
                                                             : std::string(KindName(types[c])),
                                column.name, QuoteForMessage(text));
          bad_column = field.column;
          break;
        }
      }
    }
    if (bad_column != 0) {
      uint64_t line = chunk.first_line + record.line;
      if (context.on_error == OnError::kFail) {
        result.error = Error(SourceLocation{context.file, line, bad_column}, message);
        return result;
      }
      ++result.rejected;
      if (context.collect_rejects)
        AppendReject(&result.rejects, line, bad_column, message,
                     std::string_view(data + record.begin, record.end - record.begin));
      continue;
    }
    for (size_t c = 0; c < num_columns; ++c) {
      if (types[c] == TypeId::kString) {
        if (nulls[c])
          strings[c]->AppendNull();
        else
          strings[c]->Append(texts[c]);
      } else {
        if (nulls[c])
          fixed[c]->AppendNull();
        else
          fixed[c]->Append(values[c]);
      }
    }
    ++rows;
  }

  std::vector<ColumnPtr> columns(num_columns);
  for (size_t c = 0; c < num_columns; ++c)
    columns[c] = types[c] == TypeId::kString ? strings[c]->Finish() : fixed[c]->Finish();
  result.batch = Batch(context.schema, std::move(columns), rows);
  return result;
}

}  // namespace tally
