#include "io/csv/csv_schema.h"

#include "io/input_stream.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/datetime.h"
#include "common/error.h"
#include "common/number_parse.h"

namespace tally {

std::shared_ptr<const Schema> RetailSchema() {
  static const auto schema = std::make_shared<const Schema>(std::vector<Field>{
      {"invoice_no", DataType::String()},
      {"stock_code", DataType::String()},
      {"description", DataType::String()},
      {"quantity", DataType::Int32()},
      {"invoice_date", DataType::Timestamp()},
      {"unit_price", DataType::Decimal(18, 3)},
      {"customer_id", DataType::Int32()},
      {"country", DataType::String()},
  });
  return schema;
}

std::shared_ptr<const Schema> LoadSchemaFile(const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) throw Error(SourceLocation{json_path}, "cannot open schema file");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw Error(SourceLocation{json_path}, fmt::format("bad JSON in schema file: {}", e.what()));
  }
  if (!json.is_object() || !json.contains("columns") || !json["columns"].is_array() ||
      json["columns"].empty())
    throw Error(SourceLocation{json_path}, "schema file needs a non-empty \"columns\" array");
  std::vector<Field> fields;
  for (const auto& column : json["columns"]) {
    if (!column.is_object() || !column.contains("name") || !column["name"].is_string() ||
        !column.contains("type") || !column["type"].is_string())
      throw Error(SourceLocation{json_path},
                  "each column needs string \"name\" and \"type\" members");
    Field field;
    field.name = column["name"].get<std::string>();
    try {
      field.type = DataType::Parse(column["type"].get<std::string>());
    } catch (const Error& e) {
      throw Error(SourceLocation{json_path},
                  fmt::format("column \"{}\": {}", field.name, e.what()));
    }
    if (column.contains("nullable")) {
      if (!column["nullable"].is_boolean())
        throw Error(SourceLocation{json_path},
                    fmt::format("column \"{}\": \"nullable\" must be true or false", field.name));
      field.nullable = column["nullable"].get<bool>();
    }
    for (const Field& other : fields)
      if (other.name == field.name)
        throw Error(SourceLocation{json_path},
                    fmt::format("column \"{}\" appears twice", field.name));
    fields.push_back(std::move(field));
  }
  return std::make_shared<const Schema>(std::move(fields));
}

namespace {

// Which candidate types every value seen so far fits.
struct Candidates {
  bool any = false;
  bool int32 = true, int64 = true, decimal = true, dbl = true, date = true, timestamp = true,
       boolean = true;
  int scale = 0;

  void See(const std::string& value) {
    any = true;
    int64_t i64;
    bool is_int = ParseInt64(value, &i64);
    if (!is_int) int64 = false;
    if (!is_int || i64 < INT32_MIN || i64 > INT32_MAX) int32 = false;
    if (decimal) {
      int64_t unused;
      size_t point = value.find('.');
      int digits = point == std::string::npos ? 0 : static_cast<int>(value.size() - point - 1);
      if (digits > 18 || !ParseDecimal(value, 18, digits, &unused))
        decimal = false;
      else
        scale = std::max(scale, digits);
    }
    double d;
    if (dbl && !ParseDouble(value, &d)) dbl = false;
    int32_t days;
    if (date && !ParseDate(value, &days)) date = false;
    int64_t micros;
    if (timestamp && !ParseTimestampUtc(value, &micros)) timestamp = false;
    bool b;
    if (boolean && !ParseBool(value, &b)) boolean = false;
  }

  DataType Best() const {
    if (!any) return DataType::String();
    if (int32) return DataType::Int32();
    if (int64) return DataType::Int64();
    if (decimal) return DataType::Decimal(18, scale);
    if (dbl) return DataType::Double();
    if (date) return DataType::Date();
    if (timestamp) return DataType::Timestamp();
    if (boolean) return DataType::Bool();
    return DataType::String();
  }
};

}  // namespace

std::shared_ptr<const Schema> InferSchema(const std::vector<std::string>& names,
                                          const std::vector<std::vector<std::string>>& rows) {
  std::vector<Candidates> candidates(names.size());
  for (const auto& row : rows) {
    if (row.size() != names.size()) continue;  // reported when the file is read
    for (size_t c = 0; c < row.size(); ++c)
      if (!row[c].empty()) candidates[c].See(row[c]);
  }
  std::vector<Field> fields;
  for (size_t c = 0; c < names.size(); ++c) fields.push_back({names[c], candidates[c].Best()});
  return std::make_shared<const Schema>(std::move(fields));
}

char DetectCsvDelimiter(const std::string& path) {
  std::unique_ptr<InputStream> input = OpenInput(path);
  std::string head(64 << 10, '\0');
  size_t n = 0;
  while (n < head.size()) {
    size_t got = input->Read(head.data() + n, head.size() - n);
    if (got == 0) break;
    n += got;
    if (head.find('\n') < n) break;
  }
  const std::string candidates = ",;\t|";
  size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (size_t i = 0; i < n && (quoted || (head[i] != '\n' && head[i] != '\r')); ++i) {
    if (head[i] == '"') quoted = !quoted;
    size_t c = quoted ? std::string::npos : candidates.find(head[i]);
    if (c != std::string::npos) ++counts[c];
  }
  size_t best = 0;
  for (size_t c = 1; c < 4; ++c)
    if (counts[c] > counts[best]) best = c;
  return counts[best] > 0 ? candidates[best] : ',';
}

}  // namespace tally
