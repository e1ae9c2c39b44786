#include "ingest/uci_layout.h"

#include <cctype>
#include <filesystem>

#include "common/datetime.h"
#include "common/number_parse.h"
#include "ingest/table_sink.h"
#include "ingest/text_batch_builder.h"
#include "io/csv/csv_schema.h"
#include "io/csv/csv_share.h"

namespace tally {
namespace {

const std::vector<std::string> kOnlineRetail = {"invoiceno",  "stockcode",   "description",
                                                "quantity",   "invoicedate", "unitprice",
                                                "customerid", "country"};
const std::vector<std::string> kOnlineRetailII = {"invoice",     "stockcode",   "description",
                                                  "quantity",    "invoicedate", "price",
                                                  "customer id", "country"};

std::string Normalize(std::string_view name) {
  size_t b = name.find_first_not_of(" \t\r\"\xEF\xBB\xBF");
  size_t e = name.find_last_not_of(" \t\r\"");
  std::string out;
  if (b == std::string_view::npos) return out;
  for (char c : name.substr(b, e - b + 1))
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Reads 1-4 digits at `*i`, moving past them.
bool Number(std::string_view s, size_t* i, int max_digits, int* out) {
  int value = 0, digits = 0;
  while (*i < s.size() && digits < max_digits && std::isdigit(static_cast<unsigned char>(s[*i])))
    value = value * 10 + (s[(*i)++] - '0'), ++digits;
  *out = value;
  return digits > 0;
}

}  // namespace

UciLayout DetectUciLayout(const std::vector<std::string>& header) {
  if (header.size() != 8) return UciLayout::kNone;
  bool one = true, two = true;
  for (size_t i = 0; i < 8; ++i) {
    std::string name = Normalize(header[i]);
    one = one && name == kOnlineRetail[i];
    two = two && name == kOnlineRetailII[i];
  }
  return one ? UciLayout::kOnlineRetail : two ? UciLayout::kOnlineRetailII : UciLayout::kNone;
}

UciLayout DetectUciLayoutOfFile(const std::string& path, const CsvOptions& options) {
  if (!options.header) return UciLayout::kNone;
  CsvReader probe(path, nullptr, options);
  std::vector<std::string> names;
  for (const Field& field : probe.schema()->fields()) names.push_back(field.name);
  return DetectUciLayout(names);
}

bool ParseUciTimestamp(std::string_view text, int64_t* micros) {
  if (text.find('/') == std::string_view::npos) return ParseTimestamp(text, micros);
  // M/D/YYYY H:MM[:SS]
  size_t i = 0;
  int month, day, year, hour = 0, minute = 0, second = 0;
  if (!Number(text, &i, 2, &month) || i >= text.size() || text[i++] != '/') return false;
  if (!Number(text, &i, 2, &day) || i >= text.size() || text[i++] != '/') return false;
  if (!Number(text, &i, 4, &year) || i - text.rfind('/', i) != 5) return false;
  if (i < text.size()) {
    if (text[i++] != ' ') return false;
    if (!Number(text, &i, 2, &hour) || i >= text.size() || text[i++] != ':') return false;
    size_t before = i;
    if (!Number(text, &i, 2, &minute) || i - before != 2) return false;
    if (i < text.size()) {
      if (text[i++] != ':') return false;
      before = i;
      if (!Number(text, &i, 2, &second) || i - before != 2) return false;
    }
    if (i != text.size()) return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return false;
  // Round-trip through the civil calendar rejects days past the month's end (2/30/2011).
  int32_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y != year || static_cast<int>(m) != month || static_cast<int>(d) != day) return false;
  *micros = (static_cast<int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second) * 1000000;
  return true;
}

bool ParseUciCustomerId(std::string_view text, int32_t* out) {
  size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    std::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.find_first_not_of('0') != std::string_view::npos) return false;
    text = text.substr(0, dot);
  }
  return ParseInt32(text, out);
}

IngestResult IngestUciCsv(Warehouse& warehouse, const CsvIngestOptions& options, UciLayout layout) {
  const std::vector<std::string>& names =
      layout == UciLayout::kOnlineRetail ? kOnlineRetail : kOnlineRetailII;
  auto text_schema = std::make_shared<Schema>();
  for (const std::string& name : names) text_schema->Add(Field{name, DataType::String()});
  // In a distributed run, this rank's share of the file.
  CsvOptions csv = CsvShareOptions(options.source, options.csv, CurrentCommunicator());
  CsvReader reader(options.source, text_schema, csv);
  std::shared_ptr<const Schema> retail = RetailSchema();
  std::string source = std::filesystem::absolute(options.source).lexically_normal().string();
  SinkOptions sink_options;
  sink_options.mode = options.mode;
  sink_options.parquet = options.parquet;
  sink_options.rows_per_file = options.rows_per_file;
  TableSink sink(warehouse, options.table, retail, sink_options, source);
  // The reader writes the rejects of malformed records to the same file.
  RejectsFile rejects(options.csv.rejects_path, /*append=*/true);
  TextBatchBuilder builder(retail, options.csv.on_error, &rejects, options.source,
                           [&](Batch&& batch) { sink.Write(batch); });
  std::vector<TextField> fields(8);
  std::string date_text, customer_text;
  // Line of the record before the first one read (the header, or the line before a share).
  // Records of a share of a compressed file are numbered as if it started after the header.
  uint64_t record = csv.range_begin > 0 ? csv.range_first_line - 1 : 1;
  CsvScanStats stats = reader.Scan(
      [&](Batch&& batch, size_t) {
        for (size_t row = 0; row < batch.num_rows; ++row) {
          ++record;
          std::string raw;
          for (size_t c = 0; c < 8; ++c) {
            const Column& column = *batch.column(c);
            fields[c] = column.IsNull(row) ? TextField() : TextField(column.GetString(row));
            raw += (c ? "," : "") + std::string(fields[c].value_or(""));
          }
          if (fields[4]) {
            int64_t micros;
            if (!ParseUciTimestamp(*fields[4], &micros)) {
              builder.RejectRow(record, 5, "column InvoiceDate: not a date and time", raw);
              continue;
            }
            date_text = FormatTimestamp(micros);
            fields[4] = date_text;
          }
          if (fields[6]) {
            int32_t id;
            if (!ParseUciCustomerId(*fields[6], &id)) {
              builder.RejectRow(record, 7, "column CustomerID: not a whole number", raw);
              continue;
            }
            customer_text = std::to_string(id);
            fields[6] = customer_text;
          }
          builder.AddRow(fields, record, raw);
        }
      },
      /*ordered=*/true);
  builder.Flush();
  return sink.Commit(stats.rejected + builder.rejected(), stats.bytes);
}

}  // namespace tally
