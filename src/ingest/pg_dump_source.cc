#include "ingest/pg_dump_source.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "common/error.h"
#include "ingest/pg_sql_statement.h"
#include "ingest/sql_script_reader.h"
#include "ingest/text_batch_builder.h"
#include "io/input_stream.h"
#include "io/pg_copy_text.h"
#include "io/utf8.h"

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

  // Every table of the dump is written to its own staged files and all are committed together
  // at the end, so a dump that fails anywhere (a bad row, a truncated file) changes nothing.
  std::vector<IngestResult> Run() {
    input_ = OpenInput(options_.path);
    SqlScriptReader reader(input_.get(), options_.max_record_bytes);
    std::string sql;
    uint64_t line = 0;
    while (reader.NextStatement(&sql, &line)) {
      PgStatement statement = ParsePgStatement(sql, input_->name(), line);
      switch (statement.kind) {
        case PgStatement::Kind::kCreateTable:
          Define(statement, line);
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
    if (reader.opened_as_pg_dump() && !reader.ended_as_complete_dump())
      throw Error(SourceLocation{input_->name(), reader.line(), 0},
                  "the dump is incomplete: it lacks pg_dump's final \"-- PostgreSQL database "
                  "dump complete\" line (was the file cut short?)");
    // Tables that were created but hold no rows still become (empty) tables.
    for (const std::string& key : order_)
      if (Wanted(tables_.at(key).name)) Start(key, line);
    Pause();
    if (wanted_ && writes_.empty()) {
      std::string names;
      for (const std::string& key : order_) names += (names.empty() ? "" : ", ") + key;
      ThrowError("{}: no table {} in the dump (tables: {})", options_.path, wanted_->ToString(),
                 names.empty() ? "none" : names);
    }
    std::vector<IngestResult> results;
    for (const std::string& key : write_order_) {
      TableWrite& write = writes_.at(key);
      IngestResult result = write.sink->Commit();
      result.rejected = write.builder->rejected();
      results.push_back(std::move(result));
    }
    return results;
  }

 private:
  // One table being written: its staged files and the batch being built.
  struct TableWrite {
    std::unique_ptr<TableSink> sink;
    std::unique_ptr<TextBatchBuilder> builder;
  };

  bool Wanted(const QualifiedName& name) const {
    if (!wanted_) return true;
    if (wanted_->name != name.name) return false;
    return wanted_->schema.empty() ||
           wanted_->schema == (name.schema.empty() ? "public" : name.schema);
  }

  void Define(const PgStatement& statement, uint64_t line) {
    std::string key = statement.table.ToString();
    if (!IsValidUtf8(key))
      throw Error(SourceLocation{input_->name(), line, 0},
                  fmt::format("invalid UTF-8 in a table name ({})", DescribeInvalidUtf8(key)));
    for (const Field& field : statement.fields)
      if (!IsValidUtf8(field.name))
        throw Error(SourceLocation{input_->name(), line, 0},
                    fmt::format("table {}: invalid UTF-8 in a column name ({})", key,
                                DescribeInvalidUtf8(field.name)));
    if (!tables_.count(key)) order_.push_back(key);
    tables_[key] = DumpTable{statement.table, std::make_shared<const Schema>(statement.fields),
                             statement.schema_error};
  }

  // Makes `key` the table rows go to.
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
    Pause();
    if (!writes_.count(key)) {
      if (!options_.table.empty() && !wanted_ && !writes_.empty())
        ThrowError(
            "{}: the dump holds several tables ({} and {}): choose one with --source-table, or "
            "leave out --table to ingest each under its own name",
            options_.path, write_order_.front(), key);
      std::string target =
          options_.table.empty() ? WarehouseTableName(table.name.name) : options_.table;
      // Two tables of the dump (s1.t and s2.t, "A-B" and a_b) must not replace each other.
      auto [other, fresh] = targets_.emplace(target, key);
      if (!fresh)
        throw Error(SourceLocation{input_->name(), line, 0},
                    fmt::format("tables {} and {} of the dump both become warehouse table \"{}\": "
                                "ingest them one at a time with --source-table and --table",
                                other->second, key, target));
      TableWrite write;
      SinkOptions sink_options = options_.sink;
      // Holding the first table's lock, never wait for another's.
      if (!writes_.empty()) sink_options.lock_wait = LockWait::kFail;
      write.sink = std::make_unique<TableSink>(warehouse_, target, table.schema, sink_options,
                                               source_ + " (" + key + ")");
      TableSink* sink = write.sink.get();
      write.builder = std::make_unique<TextBatchBuilder>(
          table.schema, options_.on_error, &rejects_, input_->name(),
          [sink](Batch&& batch) { sink->Write(batch); });
      writes_.emplace(key, std::move(write));
      write_order_.push_back(key);
    }
    active_key_ = key;
    builder_ = writes_.at(key).builder.get();
  }

  // Rows stop going to the active table for now: its batch and file are finished, so that a
  // table that is not being read holds no memory.
  void Pause() {
    if (active_key_.empty()) return;
    TableWrite& write = writes_.at(active_key_);
    write.builder->Flush();
    write.sink->FinishFile();
    builder_ = nullptr;
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
    for (const auto& [key, write] : writes_) rows += write.builder->rows();
    return rows;
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
  std::map<std::string, TableWrite> writes_;    // by dump table key
  std::vector<std::string> write_order_;        // keys in the order their rows first came
  std::map<std::string, std::string> targets_;  // warehouse table -> dump table key
  std::string active_key_;
  TextBatchBuilder* builder_ = nullptr;  // the active table's
  CopyTextDecoder decoder_;
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
  size_t n = ReadUpTo(*input, head, sizeof(head));
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
