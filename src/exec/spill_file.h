#pragma once
// Spilling to disk when an operator's state passes the memory budget. The spill files of a
// process live in one private directory per temp dir (a query's, else --temp-dir, else $TMPDIR,
// else /tmp), created on first use and removed at exit, on error and on SIGINT/SIGTERM. Files are
// unlinked when opened (the kernel frees them when the process ends, even after SIGKILL), and a
// directory left by a killed process is removed by the next one on the same host. A spill file
// is a sequence of batches, each serialized and compressed (zstd) as one block.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vector/batch.h"

namespace tally {

// The temp dir of queries that name none (QueryContext's default): --temp-dir.
void SetSpillTempDir(std::string dir);
// What SIGINT and SIGTERM write to stderr before the process ends (after the spill files are
// gone): what the interrupted command kept, e.g. "table \"t\" is as it was". At most 500
// bytes; "" writes nothing.
void SetInterruptMessage(const std::string& message);
std::string SpillTempDir();
// Removes the spill directories (if any) on SIGINT/SIGTERM, then exits with 128 + signal.
void InstallSpillCleanupHandlers();
// Removes the spill directories now (also done at normal exit).
void RemoveSpillDirectory();
// Number of spill files written by this process so far (for tests and statistics).
size_t SpillFilesCreated();

// Serialized and compressed form of one batch, and back (the schema gives the types).
std::string EncodeBatch(const Batch& batch);
Batch DecodeBatch(const std::string& block, const std::shared_ptr<const Schema>& schema);
// Any bytes compressed as one block, and back.
std::string CompressBlock(const std::string& raw);
std::string DecompressBlock(const std::string& block);

// A file of batches written once (from any thread: blocks are compressed outside the lock),
// then read back block by block. The file is deleted when the object is destroyed.
class SpillFile {
 public:
  // A file in this process's spill directory under `temp_dir` ("" = $TMPDIR, else /tmp).
  SpillFile(std::shared_ptr<const Schema> schema, const std::string& temp_dir);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void Append(const Batch& batch);
  // Appends an already encoded block.
  void AppendEncoded(const std::string& block);
  // Ends writing; the file can then be read.
  void Finish();

  size_t num_blocks() const { return block_offsets_.size(); }
  size_t num_rows() const { return rows_; }
  size_t file_bytes() const { return bytes_; }
  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  // Block i (any thread, after Finish).
  Batch ReadBlock(size_t i) const;
  // Block i as it was appended (AppendEncoded).
  std::string ReadEncoded(size_t i) const;

 private:
  std::shared_ptr<const Schema> schema_;
  std::string base_;  // the temp dir, as errors name it
  std::string path_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::vector<uint64_t> block_offsets_, block_sizes_;
  size_t rows_ = 0, bytes_ = 0;
};

using SpillFilePtr = std::shared_ptr<SpillFile>;

}  // namespace tally
