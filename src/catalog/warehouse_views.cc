// Views of the warehouse: DIR/_views/<name>.json holds {"name", "sql"} where "sql" is the
// statement that made the view (CREATE VIEW ... AS query), bound again wherever the view is
// read. A view file is replaced atomically; like every catalog file it is untrusted input.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/warehouse.h"
#include "common/error.h"
#include "io/file_writer.h"
#include "io/utf8.h"

namespace tally {
namespace fs = std::filesystem;

namespace {

constexpr const char* kViewsDir = "_views";
// A view's statement larger than this is not a view file tally wrote.
constexpr std::uintmax_t kMaxViewBytes = 1 << 20;

}  // namespace

std::string Warehouse::ViewPath(const std::string& name) const {
  return fmt::format("{}/{}/{}.json", root_, kViewsDir, name);
}

void Warehouse::SaveView(const std::string& name, const std::string& sql) {
  ValidateTableName(name);
  fs::create_directories(fs::path(root_) / kViewsDir);
  nlohmann::json view = {{"name", name}, {"sql", sql}};
  WriteFileAtomically(ViewPath(name), view.dump(2) + "\n");
}

std::optional<std::string> Warehouse::FindView(const std::string& name) const {
  ValidateTableName(name);
  std::string path = ViewPath(name);
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  if (fs::file_size(path, error) > kMaxViewBytes)
    ThrowError("corrupt view file {}: too large", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowError("cannot read {}: {}", path, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json view;
  try {
    view = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    ThrowError("corrupt view file {}: {}", path, e.what());
  }
  if (!view.is_object() || !view.contains("name") || !view["name"].is_string() ||
      !view.contains("sql") || !view["sql"].is_string() || view["name"] != name)
    ThrowError("corrupt view file {}: expected {{\"name\": \"{}\", \"sql\": ...}}", path, name);
  std::string sql = view["sql"];
  if (!IsValidUtf8(sql)) ThrowError("corrupt view file {}: invalid UTF-8", path);
  return sql;
}

void Warehouse::DropView(const std::string& name) {
  ValidateTableName(name);
  std::string path = ViewPath(name);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    ThrowError("cannot remove {}: {}", path, std::strerror(errno));
}

std::vector<std::string> Warehouse::ListViews() const {
  std::vector<std::string> names;
  fs::path dir = fs::path(root_) / kViewsDir;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return names;
  for (const auto& item : fs::directory_iterator(dir)) {
    std::string file = item.path().filename().string();
    if (file.size() > 5 && file.ends_with(".json") && file[0] != '.')
      names.push_back(file.substr(0, file.size() - 5));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace tally
