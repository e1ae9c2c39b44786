#include "ingest/pg_dump_source.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "common/error.h"
#include "ingest/pg_sql_statement.h"
#include "ingest/sql_script_reader.h"
#include "ingest/text_batch_builder.h"
#include "io/input_stream.h"
#include "io/pg_copy_text.h"

namespace tally {
namespace {

struct DumpTable {
  QualifiedName name;
  std::shared_ptr<const Schema> schema;
  std::string schema_error;
};

class DumpIngest {
 public:
  DumpIngest(Warehouse& warehouse, const PgDumpIngestOptions& options)
      : warehouse_(warehouse), options_(options), rejects_(options.rejects_path) {
    if (!options.source_table.empty()) wanted_ = ParseQualifiedName(options.source_table);
    source_ = std::filesystem::absolute(options.path).lexically_normal().string();
  }

  std::vector<IngestResult> Run() {
    input_ = OpenInput(options_.path);
    SqlScriptReader reader(input_.get());
    std::string sql;
    uint64_t line = 0;
    while (reader.NextStatement(&sql, &line)) {
      PgStatement statement = ParsePgStatement(sql, input_->name(), line);
      switch (statement.kind) {
        case PgStatement::Kind::kCreateTable:
          Define(statement);
          break;
        case PgStatement::Kind::kCopyFromStdin:
          Copy(statement, reader, line);
          break;
        case PgStatement::Kind::kInsert:
          Insert(statement, line);
          break;
        case PgStatement::Kind::kOther:
          break;
      }
    }
    Finish();
    // Tables that were created but hold no rows still become (empty) tables.
    for (const std::string& key : order_) {
      const DumpTable& table = tables_.at(key);
      if (!Wanted(table.name) || done_.count(key)) continue;
      Start(key, line);
      Finish();
    }
    if (wanted_ && results_.empty()) {
      std::string names;
      for (const std::string& key : order_) names += (names.empty() ? "" : ", ") + key;
      ThrowError("{}: no table {} in the dump (tables: {})", options_.path, wanted_->ToString(),
                 names.empty() ? "none" : names);
    }
    return std::move(results_);
  }

 private:
  bool Wanted(const QualifiedName& name) const {
    if (!wanted_) return true;
    if (wanted_->name != name.name) return false;
    return wanted_->schema.empty() ||
           wanted_->schema == (name.schema.empty() ? "public" : name.schema);
  }

  void Define(const PgStatement& statement) {
    std::string key = statement.table.ToString();
    if (!tables_.count(key)) order_.push_back(key);
    tables_[key] = DumpTable{statement.table, std::make_shared<const Schema>(statement.fields),
                             statement.schema_error};
  }

  // Makes `key` the table rows go to, committing the previous one.
  void Start(const std::string& key, uint64_t line) {
    if (active_key_ == key) return;
    auto it = tables_.find(key);
    if (it == tables_.end())
      throw Error(SourceLocation{input_->name(), line, 0},
                  "rows for table " + key + " come before its CREATE TABLE");
    const DumpTable& table = it->second;
    if (!table.schema_error.empty())
      throw Error(SourceLocation{input_->name(), line, 0},
                  "table " + key + ": " + table.schema_error);
    if (!options_.table.empty() && !wanted_ && (!results_.empty() || sink_))
      ThrowError(
          "{}: the dump holds several tables ({} and {}): choose one with --source-table, or "
          "leave out --table to ingest each under its own name",
          options_.path, active_key_.empty() ? results_.front().entry.name : active_key_, key);
    Finish();
    SinkOptions sink_options = options_.sink;
    if (done_.count(key)) sink_options.mode = WriteMode::kAppend;  // the table's rows resume
    std::string target =
        options_.table.empty() ? WarehouseTableName(table.name.name) : options_.table;
    sink_ = std::make_unique<TableSink>(warehouse_, target, table.schema, sink_options,
                                        source_ + " (" + key + ")");
    builder_ = std::make_unique<TextBatchBuilder>(table.schema, options_.on_error, &rejects_,
                                                  input_->name(),
                                                  [this](Batch&& batch) { sink_->Write(batch); });
    active_key_ = key;
  }

  void Finish() {
    if (!sink_) return;
    builder_->Flush();
    IngestResult result = sink_->Commit();
    result.rejected = builder_->rejected();
    total_rejected_ += builder_->rejected();
    results_.push_back(std::move(result));
    done_.insert(active_key_);
    sink_.reset();
    builder_.reset();
    active_key_.clear();
  }

  // Maps the statement's column list to schema positions (all columns in order when empty).
  std::vector<int> ColumnPositions(const PgStatement& statement, uint64_t line) {
    const Schema& schema = *builder_->schema();
    std::vector<int> positions;
    if (statement.columns.empty()) {
      for (size_t i = 0; i < schema.size(); ++i) positions.push_back(static_cast<int>(i));
      return positions;
    }
    for (const std::string& column : statement.columns) {
      int index = schema.IndexOf(column);
      if (index < 0)
        throw Error(SourceLocation{input_->name(), line, 0},
                    "table " + active_key_ + " has no column " + QuoteIdentifier(column));
      positions.push_back(index);
    }
    return positions;
  }

  void Progress() {
    if (options_.progress && ++rows_since_progress_ >= 16384) {
      rows_since_progress_ = 0;
      options_.progress(input_->raw_bytes_read(), TotalRows());
    }
  }

  uint64_t TotalRows() const {
    uint64_t rows = 0;
    for (const IngestResult& r : results_) rows += static_cast<uint64_t>(r.rows_added);
    return rows + (builder_ ? builder_->rows() : 0);
  }

  void Copy(const PgStatement& statement, SqlScriptReader& reader, uint64_t statement_line) {
    std::string key = statement.table.ToString();
    bool wanted = Wanted(statement.table);
    std::vector<int> positions;
    if (wanted) {
      Start(key, statement_line);
      positions = ColumnPositions(statement, statement_line);
    }
    std::vector<TextField> fields;
    std::string_view line;
    uint64_t line_number = 0;
    while (reader.NextLine(&line, &line_number)) {
      if (line == "\\.") return;
      if (!wanted) continue;
      if (!decoder_.Decode(line)) {
        builder_->RejectRow(line_number, 0, decoder_.error(), line);
        continue;
      }
      if (decoder_.size() != positions.size()) {
        builder_->RejectRow(
            line_number, 0,
            fmt::format("expected {} fields, found {}", positions.size(), decoder_.size()), line);
        continue;
      }
      fields.assign(builder_->schema()->size(), std::nullopt);
      for (size_t i = 0; i < positions.size(); ++i)
        if (!decoder_.IsNull(i)) fields[positions[i]] = decoder_.field(i);
      builder_->AddRow(fields, line_number, line);
      Progress();
    }
    throw Error(SourceLocation{input_->name(), statement_line, 0},
                "the dump ends inside the COPY data of " + key + " (no \\. line)");
  }

  void Insert(const PgStatement& statement, uint64_t line) {
    if (!Wanted(statement.table)) return;
    Start(statement.table.ToString(), line);
    std::vector<int> positions = ColumnPositions(statement, line);
    std::vector<TextField> fields;
    for (const auto& row : statement.rows) {
      std::string raw;
      for (size_t i = 0; i < row.size(); ++i)
        raw += (i ? "\t" : "") + (row[i] ? *row[i] : std::string("\\N"));
      if (row.size() != positions.size()) {
        builder_->RejectRow(
            line, 0, fmt::format("expected {} values, found {}", positions.size(), row.size()),
            raw);
        continue;
      }
      fields.assign(builder_->schema()->size(), std::nullopt);
      for (size_t i = 0; i < row.size(); ++i)
        if (row[i]) fields[positions[i]] = std::string_view(*row[i]);
      builder_->AddRow(fields, line, raw);
      Progress();
    }
  }

  Warehouse& warehouse_;
  const PgDumpIngestOptions& options_;
  RejectsFile rejects_;
  std::optional<QualifiedName> wanted_;
  std::string source_;
  std::unique_ptr<InputStream> input_;
  std::map<std::string, DumpTable> tables_;
  std::vector<std::string> order_;
  std::set<std::string> done_;
  std::string active_key_;
  std::unique_ptr<TableSink> sink_;
  std::unique_ptr<TextBatchBuilder> builder_;
  CopyTextDecoder decoder_;
  std::vector<IngestResult> results_;
  uint64_t total_rejected_ = 0;
  uint64_t rows_since_progress_ = 0;
};

}  // namespace

std::string WarehouseTableName(const std::string& name) {
  std::string out;
  for (char c : name)
    out.push_back(std::isalnum(static_cast<unsigned char>(c))
                      ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                      : '_');
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "t_" + out;
  return out;
}

bool LooksLikeSqlScript(const std::string& path) {
  std::unique_ptr<InputStream> input = OpenInput(path);
  char head[4096];
  size_t n = input->Read(head, sizeof(head));
  std::string_view text(head, n);
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return false;
  text = text.substr(i);
  if (text.substr(0, 2) == "--" || text.substr(0, 2) == "/*") return true;
  std::string word;
  for (char c : text.substr(0, 8)) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return word == "SET" || word == "CREATE" || word == "COPY" || word == "INSERT" ||
         word == "BEGIN" || word == "SELECT";
}

std::vector<IngestResult> IngestPgDump(Warehouse& warehouse, const PgDumpIngestOptions& options) {
  return DumpIngest(warehouse, options).Run();
}

}  // namespace tally
