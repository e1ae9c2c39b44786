#pragma once
// The warehouse: a directory of Parquet files plus a catalog of table entries.
//
//   DIR/_catalog/<table>.json      committed table entries (the only thing readers trust)
//   DIR/<table>/<commit-id>/part-NNNNN.parquet   data files of committed writes
//   DIR/.staging/<table>.<commit-id>/   files of a write in progress (never read)
//   DIR/_views/<view>.json         views: the statement that made each
//   DIR/.locks/<table>             held (flock) by the one writer of that table at a time, so
//                                  writes to different tables run side by side
//
// A write is atomic: its files are written and fsynced in .staging, the staging directory is
// renamed into the table's directory, and only then the catalog entry is replaced by an atomic
// rename. A process killed at any moment leaves the previous entry intact; the next writer
// removes leftovers (staging directories and data directories no entry refers to).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_entry.h"

namespace tally {

enum class WriteMode { kReplace, kAppend };
// Whether a write waits for another writer of the same table, or fails at once (a process that
// already holds other tables' locks must not wait: two such processes could wait on each other).
enum class LockWait { kWait, kFail };

class TableWriter;

class Warehouse {
 public:
  explicit Warehouse(std::string root);

  const std::string& root() const { return root_; }
  std::vector<std::string> ListTables() const;
  std::optional<TableEntry> FindTable(const std::string& name) const;
  // Throws Error("no table ...") when it does not exist.
  TableEntry GetTable(const std::string& name) const;
  std::string FilePath(const FileEntry& file) const { return root_ + "/" + file.path; }
  std::vector<std::string> FilePaths(const TableEntry& table) const;

  // Starts a write transaction (takes the table's lock until the writer is committed or
  // destroyed; says on stderr what it waits for when another process holds it). In append mode
  // the schema must equal the existing table's schema.
  std::unique_ptr<TableWriter> BeginWrite(const std::string& name,
                                          std::shared_ptr<const Schema> schema, WriteMode mode,
                                          std::string source, LockWait wait = LockWait::kWait);
  // Joins a write that another process of a distributed run began (and will commit): files
  // go into that write's staging directory, named with `file_prefix` so that processes never
  // pick the same name. The returned writer takes no lock, cannot commit, and leaves the
  // staging directory to its owner.
  std::unique_ptr<TableWriter> JoinWrite(const std::string& name,
                                         std::shared_ptr<const Schema> schema,
                                         const std::string& commit_id);
  // Removes a table's entry (atomically) and then its files.
  void DropTable(const std::string& name);

  static void ValidateTableName(const std::string& name);

  // Views (warehouse_views.cc): the statement that made each, by name.
  void SaveView(const std::string& name, const std::string& sql);
  std::optional<std::string> FindView(const std::string& name) const;
  void DropView(const std::string& name);
  std::vector<std::string> ListViews() const;

 private:
  std::string ViewPath(const std::string& name) const;
  std::string EntryPath(const std::string& name) const;
  std::string StagingPath(const std::string& name, const std::string& commit_id) const;
  // Opens and locks DIR/.locks/<table>; returns the descriptor that holds the lock.
  int LockTable(const std::string& name, LockWait wait) const;

  std::string root_;
};

class TableWriter {
 public:
  ~TableWriter();  // without Commit(): removes everything written
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  // Path for the next data file, inside the staging directory.
  std::string NewFilePath();
  // Records a finished (closed) data file written at a path from NewFilePath().
  void AddFile(const std::string& path, const ParquetFileInfo& info);
  int64_t rows_added() const { return rows_added_; }
  const std::string& commit_id() const { return commit_id_; }
  const std::vector<FileEntry>& files() const { return files_; }
  // Data file names start with this (default "part-").
  void set_file_prefix(std::string prefix) { file_prefix_ = std::move(prefix); }
  // Records files that other processes of a distributed run wrote into the staging directory.
  void AddFileEntries(const std::vector<FileEntry>& files);
  // Makes the write visible and returns the new catalog entry.
  TableEntry Commit();

 private:
  friend class Warehouse;
  TableWriter() = default;
  void RemoveLeftovers();

  Warehouse* warehouse_ = nullptr;
  std::string name_;
  std::shared_ptr<const Schema> schema_;
  WriteMode mode_ = WriteMode::kReplace;
  std::string source_;
  std::optional<TableEntry> previous_;
  std::string commit_id_;
  std::string staging_dir_;
  int lock_fd_ = -1;
  int next_file_ = 0;
  int64_t rows_added_ = 0;
  std::vector<FileEntry> files_;
  std::vector<std::string> staged_names_;
  std::string file_prefix_ = "part-";
  bool owns_staging_ = true;  // false for a joined write
  bool committed_ = false;
};

}  // namespace tally
