#include "catalog/warehouse.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "common/closest_name.h"
#include "common/error.h"
#include "common/scalar.h"
#include "io/file_writer.h"
#include "io/utf8.h"

namespace tally {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCatalogDir = "_catalog";
constexpr const char* kStagingDir = ".staging";
constexpr const char* kLocksDir = ".locks";

std::string NowIso8601() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(now);
  std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Time-ordered and unique enough for one warehouse: yyyymmddThhmmss-<random>.
std::string NewCommitId() {
  std::random_device device;
  std::string stamp = NowIso8601();
  std::string compact;
  for (char c : stamp)
    if (std::isalnum(static_cast<unsigned char>(c))) compact += c;
  return fmt::format("{}-{:08x}", compact, device());
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowError("cannot read {}: {}", path, std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void RemoveAllQuietly(const fs::path& path) {
  std::error_code ignored;
  fs::remove_all(path, ignored);
}

}  // namespace

Warehouse::Warehouse(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

void Warehouse::ValidateTableName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128 &&
            (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok)
    throw UsageError(fmt::format(
        "invalid table name \"{}\": use letters, digits and '_', starting with a letter", name));
}

std::string Warehouse::EntryPath(const std::string& name) const {
  return root_ + "/" + kCatalogDir + "/" + name + ".json";
}

std::string Warehouse::StagingPath(const std::string& name, const std::string& commit_id) const {
  return root_ + "/" + kStagingDir + "/" + name + "." + commit_id;
}

int Warehouse::LockTable(const std::string& name, LockWait wait) const {
  std::error_code error;
  fs::create_directories(fs::path(root_) / kLocksDir, error);
  if (error) ThrowError("cannot create {}/{}: {}", root_, kLocksDir, error.message());
  std::string path = root_ + "/" + kLocksDir + "/" + name;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) ThrowError("cannot open {}: {}", path, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      ::close(fd);
      ThrowError("cannot lock table \"{}\" in {}: {}", name, root_, std::strerror(errno));
    }
    if (wait == LockWait::kFail) {
      ::close(fd);
      ThrowError("table \"{}\" is being written by another process: try again when it is done",
                 name);
    }
    fmt::print(stderr, "tally: waiting for another write to table \"{}\" to finish\n", name);
    if (::flock(fd, LOCK_EX) != 0) {
      ::close(fd);
      ThrowError("cannot lock table \"{}\" in {}: {}", name, root_, std::strerror(errno));
    }
  }
  return fd;
}

std::vector<std::string> Warehouse::ListTables() const {
  std::vector<std::string> names;
  fs::path dir = fs::path(root_) / kCatalogDir;
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

std::optional<TableEntry> Warehouse::FindTable(const std::string& name) const {
  ValidateTableName(name);
  std::string path = EntryPath(name);
  if (!fs::exists(path)) return std::nullopt;
  TableEntry entry = TableEntryFromJson(ReadWholeFile(path), path);
  if (entry.name != name)
    ThrowError("corrupt catalog entry {}: it names table \"{}\"", path, entry.name);
  return entry;
}

TableEntry Warehouse::GetTable(const std::string& name) const {
  auto entry = FindTable(name);
  if (!entry) {
    std::vector<std::string> tables = ListTables();
    std::string closest = ClosestName(name, tables);
    if (!closest.empty())
      ThrowError("no table \"{}\" in warehouse {}; did you mean \"{}\"?", name, root_, closest);
    ThrowError("no table \"{}\" in warehouse {}; create it with: tally ingest FILE --table {}",
               name, root_, name);
  }
  return *entry;
}

std::vector<std::string> Warehouse::FilePaths(const TableEntry& table) const {
  std::vector<std::string> paths;
  for (const auto& f : table.files) paths.push_back(FilePath(f));
  return paths;
}

std::unique_ptr<TableWriter> Warehouse::BeginWrite(const std::string& name,
                                                   std::shared_ptr<const Schema> schema,
                                                   WriteMode mode, std::string source,
                                                   LockWait wait) {
  ValidateTableName(name);
  std::error_code error;
  fs::create_directories(fs::path(root_) / kCatalogDir, error);
  if (error) ThrowError("cannot create warehouse {}: {}", root_, error.message());
  fs::create_directories(fs::path(root_) / kStagingDir, error);

  std::unique_ptr<TableWriter> writer(new TableWriter());
  writer->lock_fd_ = LockTable(name, wait);

  writer->warehouse_ = this;
  writer->name_ = name;
  writer->schema_ = std::move(schema);
  writer->mode_ = mode;
  writer->source_ = EscapeInvalidUtf8(source);  // a file name need not be UTF-8
  writer->previous_ = FindTable(name);
  if (mode == WriteMode::kAppend && writer->previous_ &&
      !(*writer->previous_->schema == *writer->schema_))
    ThrowError("cannot append to table \"{}\": its schema is ({}) but the new data has ({})", name,
               writer->previous_->schema->ToString(), writer->schema_->ToString());
  writer->RemoveLeftovers();
  writer->commit_id_ = NewCommitId();
  writer->staging_dir_ = StagingPath(name, writer->commit_id_);
  fs::create_directories(writer->staging_dir_, error);
  if (error) ThrowError("cannot create {}: {}", writer->staging_dir_, error.message());
  return writer;
}

std::unique_ptr<TableWriter> Warehouse::JoinWrite(const std::string& name,
                                                  std::shared_ptr<const Schema> schema,
                                                  const std::string& commit_id) {
  ValidateTableName(name);
  std::unique_ptr<TableWriter> writer(new TableWriter());
  writer->warehouse_ = this;
  writer->name_ = name;
  writer->schema_ = std::move(schema);
  writer->commit_id_ = commit_id;
  writer->staging_dir_ = StagingPath(name, commit_id);
  writer->owns_staging_ = false;
  if (!fs::is_directory(writer->staging_dir_))
    ThrowError("cannot find {}: the warehouse must be at the same path on every host",
               writer->staging_dir_);
  return writer;
}

void Warehouse::DropTable(const std::string& name) {
  GetTable(name);  // exists and is readable
  int lock = LockTable(name, LockWait::kWait);
  if (::unlink(EntryPath(name).c_str()) != 0) {
    int error = errno;
    ::close(lock);
    ThrowError("cannot remove {}: {}", EntryPath(name), std::strerror(error));
  }
  SyncDirectory(root_ + "/" + kCatalogDir);
  RemoveAllQuietly(fs::path(root_) / name);
  ::close(lock);
}

TableWriter::~TableWriter() {
  if (!committed_ && owns_staging_ && !staging_dir_.empty()) RemoveAllQuietly(staging_dir_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

// Called with the table's lock held: whatever a killed writer of this table left behind is
// garbage now (staging directories of other tables belong to their writers).
void TableWriter::RemoveLeftovers() {
  const std::string& root = warehouse_->root();
  std::error_code error;
  for (const auto& item : fs::directory_iterator(fs::path(root) / kStagingDir, error))
    if (item.path().filename().string().starts_with(name_ + ".")) RemoveAllQuietly(item.path());
  fs::path table_dir = fs::path(root) / name_;
  if (!fs::is_directory(table_dir, error)) return;
  std::set<std::string> referenced;
  if (previous_)
    for (const auto& f : previous_->files)
      referenced.insert(fs::path(f.path).parent_path().string());
  for (const auto& item : fs::directory_iterator(table_dir, error)) {
    std::string relative = name_ + "/" + item.path().filename().string();
    if (!referenced.count(relative)) RemoveAllQuietly(item.path());
  }
}

std::string TableWriter::NewFilePath() {
  std::string file = fmt::format("{}{:05d}.parquet", file_prefix_, next_file_++);
  staged_names_.push_back(file);
  return staging_dir_ + "/" + file;
}

void TableWriter::AddFile(const std::string& path, const ParquetFileInfo& info) {
  FileEntry file;
  file.path = name_ + "/" + commit_id_ + "/" + fs::path(path).filename().string();
  file.rows = info.rows;
  file.bytes = info.bytes;
  file.row_groups = info.num_row_groups;
  file.columns = info.columns;
  rows_added_ += info.rows;
  files_.push_back(std::move(file));
}

void TableWriter::AddFileEntries(const std::vector<FileEntry>& files) {
  for (const FileEntry& f : files) {
    rows_added_ += f.rows;
    files_.push_back(f);
  }
}

TableEntry TableWriter::Commit() {
  TALLY_ASSERT(!committed_ && owns_staging_);
  const std::string& root = warehouse_->root();
  TableEntry entry;
  std::string now = NowIso8601();
  if (mode_ == WriteMode::kAppend && previous_) {
    entry = *previous_;
  } else {
    entry.name = name_;
    entry.schema = schema_;
    entry.created_at = previous_ ? previous_->created_at : now;
    if (previous_) entry.version = previous_->version;
  }
  entry.version += 1;
  entry.ingested_at = now;
  entry.sources.push_back(source_);
  for (auto& f : files_) {
    entry.rows += f.rows;
    MergeStatistics(f.columns, &entry.columns);
    entry.files.push_back(f);
  }
  if (entry.columns.empty()) {
    for (const auto& field : schema_->fields())
      entry.columns.push_back({Scalar::Null(field.type), Scalar::Null(field.type), 0});
  }

  // An entry that would not read back (a value the catalog cannot represent) is never
  // committed: check it before anything moves.
  std::string json = TableEntryToJson(entry);
  TableEntryFromJson(json, "for table \"" + name_ + "\" (not committed)");

  // 1. Move the fsynced files into the table directory in one rename (still unreferenced).
  fs::path table_dir = fs::path(root) / name_;
  bool created_table_dir = !fs::exists(table_dir);
  std::error_code error;
  fs::create_directories(table_dir, error);
  if (error) ThrowError("cannot create {}: {}", table_dir.string(), error.message());
  SyncDirectory(staging_dir_);
  std::string final_dir = (table_dir / commit_id_).string();
  if (::rename(staging_dir_.c_str(), final_dir.c_str()) != 0)
    ThrowError("cannot move {} to {}: {}", staging_dir_, final_dir, std::strerror(errno));
  SyncDirectory(table_dir.string());
  // 2. The commit point: the catalog entry now refers to the new files.
  try {
    WriteFileAtomically(root + "/" + kCatalogDir + "/" + name_ + ".json", json);
  } catch (...) {
    RemoveAllQuietly(final_dir);
    if (created_table_dir) fs::remove(table_dir, error);
    throw;
  }
  committed_ = true;
  // 3. A replace leaves the old files unreferenced: remove their commit directories. The paths
  // come from the catalog, which was checked when read; check again right before removing so
  // that nothing outside the table's directory can ever be removed through them.
  if (mode_ == WriteMode::kReplace && previous_) {
    std::set<std::string> dirs;
    for (const auto& f : previous_->files)
      if (IsTableFilePath(f.path, name_)) dirs.insert(fs::path(f.path).parent_path().string());
    for (const auto& d : dirs)
      if (d != name_ + "/" + commit_id_) RemoveAllQuietly(fs::path(root) / d);
  }
  return entry;
}

}  // namespace tally
