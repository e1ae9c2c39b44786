#include "catalog/table_entry.h"

#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/scalar.h"

namespace tally {
namespace {

using nlohmann::json;

// Statistics are stored as exact text (Scalar::ToString) so decimals and timestamps survive
// unchanged; a missing min/max (all-null column) is JSON null.
json StatsToJson(const ColumnStatistics& stats) {
  json j;
  j["min"] = stats.min.is_null() ? json(nullptr) : json(stats.min.ToString());
  j["max"] = stats.max.is_null() ? json(nullptr) : json(stats.max.ToString());
  j["null_count"] = stats.null_count;
  return j;
}

// A count: an integer (not 1.5 or 1e300) from 0 to INT64_MAX.
int64_t NonNegative(const json& j, const char* key) {
  const json& value = j.at(key);
  if (!value.is_number_integer())
    throw Error(fmt::format("{} must be an integer (found a {})", key, value.type_name()));
  if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX})
    throw Error(fmt::format("{} {} is too large", key, value.dump()));
  int64_t n = value.get<int64_t>();
  if (n < 0) throw Error(fmt::format("negative {} {}", key, n));
  return n;
}

ColumnStatistics StatsFromJson(const json& j, DataType type) {
  ColumnStatistics stats;
  if (!j.is_object()) throw Error("statistics must be an object");
  stats.min = j.at("min").is_null() ? Scalar::Null(type)
                                    : Scalar::Parse(type, j.at("min").get<std::string>());
  stats.max = j.at("max").is_null() ? Scalar::Null(type)
                                    : Scalar::Parse(type, j.at("max").get<std::string>());
  stats.null_count = NonNegative(j, "null_count");
  return stats;
}

std::vector<ColumnStatistics> StatsListFromJson(const json& list, const Schema& schema) {
  std::vector<ColumnStatistics> out;
  if (!list.is_array() || list.size() != schema.size())
    throw Error("statistics do not match the schema");
  for (size_t i = 0; i < list.size(); ++i)
    out.push_back(StatsFromJson(list[i], schema.field(i).type));
  return out;
}

// A component of a data file path: a plain name that cannot climb out of its directory.
bool IsPlainName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  return true;
}

}  // namespace

bool IsTableFilePath(const std::string& path, const std::string& table) {
  // Exactly TABLE/COMMIT/FILE.parquet: relative, normalized, inside the table's directory.
  size_t first = path.find('/');
  if (first == std::string::npos || path.substr(0, first) != table) return false;
  size_t second = path.find('/', first + 1);
  if (second == std::string::npos) return false;
  std::string_view commit(path.data() + first + 1, second - first - 1);
  std::string_view file(path.data() + second + 1, path.size() - second - 1);
  return IsPlainName(commit) && IsPlainName(file) && file.ends_with(".parquet");
}

uint64_t TableEntry::bytes() const {
  uint64_t total = 0;
  for (const auto& f : files) total += f.bytes;
  return total;
}

void MergeStatistics(const std::vector<ColumnStatistics>& from,
                     std::vector<ColumnStatistics>* into) {
  if (into->empty()) {
    *into = from;
    return;
  }
  TALLY_ASSERT(from.size() == into->size());
  for (size_t i = 0; i < from.size(); ++i) {
    auto& target = (*into)[i];
    const auto& source = from[i];
    if (!source.min.is_null() && (target.min.is_null() || source.min < target.min))
      target.min = source.min;
    if (!source.max.is_null() && (target.max.is_null() || target.max < source.max))
      target.max = source.max;
    target.null_count += source.null_count;
  }
}

std::string TableEntryToJson(const TableEntry& entry) {
  json j;
  j["format"] = 1;
  j["name"] = entry.name;
  j["version"] = entry.version;
  j["rows"] = entry.rows;
  json columns = json::array();
  for (size_t i = 0; i < entry.schema->size(); ++i) {
    const auto& field = entry.schema->field(i);
    json c = {{"name", field.name}, {"type", field.type.ToString()}};
    if (!field.nullable) c["nullable"] = false;  // NOT NULL (absent: nullable)
    if (i < entry.columns.size()) c["statistics"] = StatsToJson(entry.columns[i]);
    columns.push_back(c);
  }
  j["columns"] = columns;
  json files = json::array();
  for (const auto& f : entry.files) {
    json stats = json::array();
    for (const auto& s : f.columns) stats.push_back(StatsToJson(s));
    files.push_back({{"path", f.path},
                     {"rows", f.rows},
                     {"bytes", f.bytes},
                     {"row_groups", f.row_groups},
                     {"statistics", stats}});
  }
  j["files"] = files;
  j["sources"] = entry.sources;
  j["created_at"] = entry.created_at;
  j["ingested_at"] = entry.ingested_at;
  try {
    return j.dump(1) + "\n";
  } catch (const json::exception& e) {
    // Sources validate their text; this is the last line of defence for the catalog.
    ThrowError("cannot write the catalog entry of table \"{}\": {}", entry.name, e.what());
  }
}

TableEntry TableEntryFromJson(const std::string& text, const std::string& origin) {
  try {
    json j = json::parse(text);
    if (j.at("format") != 1) throw Error("unsupported catalog format");
    TableEntry entry;
    entry.name = j.at("name").get<std::string>();
    if (!IsPlainName(entry.name) || entry.name.find('.') != std::string::npos)
      throw Error(fmt::format("invalid table name \"{}\"", entry.name));
    entry.version = NonNegative(j, "version");
    entry.rows = NonNegative(j, "rows");
    auto schema = std::make_shared<Schema>();
    json column_stats = json::array();
    for (const auto& c : j.at("columns")) {
      bool nullable = true;
      if (c.contains("nullable")) {
        if (!c.at("nullable").is_boolean()) ThrowError("\"nullable\" must be true or false");
        nullable = c.at("nullable").get<bool>();
      }
      schema->Add({c.at("name").get<std::string>(),
                   DataType::Parse(c.at("type").get<std::string>()), nullable});
      if (c.contains("statistics")) column_stats.push_back(c.at("statistics"));
    }
    entry.schema = schema;
    if (!column_stats.empty()) {
      entry.columns = StatsListFromJson(column_stats, *schema);
    } else {
      for (const Field& field : schema->fields())
        entry.columns.push_back({Scalar::Null(field.type), Scalar::Null(field.type), 0});
    }
    int64_t file_rows = 0;
    for (const auto& f : j.at("files")) {
      FileEntry file;
      file.path = f.at("path").get<std::string>();
      if (!IsTableFilePath(file.path, entry.name))
        throw Error(
            fmt::format("file path \"{}\" is not inside the table's directory (expected "
                        "{}/COMMIT/FILE.parquet)",
                        file.path, entry.name));
      file.rows = NonNegative(f, "rows");
      file.bytes = static_cast<uint64_t>(NonNegative(f, "bytes"));
      int64_t row_groups = NonNegative(f, "row_groups");
      if (row_groups > INT32_MAX)
        throw Error(fmt::format("row_groups {} is too large", row_groups));
      file.row_groups = static_cast<int>(row_groups);
      file.columns = StatsListFromJson(f.at("statistics"), *schema);
      if (file.rows > entry.rows - file_rows)
        throw Error(fmt::format("the files hold more than the table's {} rows", entry.rows));
      file_rows += file.rows;
      entry.files.push_back(std::move(file));
    }
    if (file_rows != entry.rows)
      throw Error(fmt::format("rows {} differ from the files' rows {}", entry.rows, file_rows));
    entry.sources = j.at("sources").get<std::vector<std::string>>();
    entry.created_at = j.at("created_at").get<std::string>();
    entry.ingested_at = j.at("ingested_at").get<std::string>();
    return entry;
  } catch (const json::exception& e) {
    ThrowError("corrupt catalog entry {}: {}", origin, e.what());
  } catch (const Error& e) {
    ThrowError("corrupt catalog entry {}: {}", origin, e.what());
  }
}

}  // namespace tally
