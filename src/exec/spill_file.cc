#include "exec/spill_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "dist/byte_buffer.h"
#include "exec/column_util.h"

namespace tally {
namespace {

// A process spills into one private directory per temp dir its queries use (usually one). The
// signal handler reads these fixed slots, which never move or shrink while the process lives.
constexpr size_t kMaxSpillLocations = 8;
struct SpillDirectorySlot {
  char dir[4096] = {0};
  char new_name[4096] = {0};  // its name before the rename, for a signal in between
  int fd = -1;                // holds the directory's flock: in use while this process lives
};
SpillDirectorySlot g_slots[kMaxSpillLocations];

std::mutex g_dir_mutex;
std::string g_temp_dir;  // the default temp dir of new queries
struct SpillLocation {
  std::string base;  // the temp dir, as errors name it
  std::string dir;
  size_t slot;
};
std::vector<SpillLocation> g_locations;
// The interrupt message: written by SetInterruptMessage with its length published last, read
// by the signal handler (write(2) is async-signal-safe).
char g_interrupt_message[512];
std::atomic<size_t> g_interrupt_length{0};
std::atomic<size_t> g_files{0};
std::atomic<uint64_t> g_file_counter{0};

[[noreturn]] void ThrowWriteError(const std::string& dir, int error) {
  ThrowError("cannot write spill file in {}: {}", dir, std::strerror(error));
}

// Spill files are unlinked as soon as they are opened, so the directories are always empty and
// the kernel frees a file's blocks when the process ends, however it ends. Removing a
// directory then needs only rmdir, which is async-signal-safe.
void OnSignal(int sig) {
  for (auto& slot : g_slots) {
    // A file opened but not yet unlinked by another thread: empty the directory through its
    // descriptor with raw system calls (getdents64, unlinkat), which are async-signal-safe.
    int fd = slot.fd;
    if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0) {
      alignas(8) char buffer[4096];
      long n;
      while ((n = syscall(SYS_getdents64, fd, buffer, sizeof(buffer))) > 0) {
        for (long at = 0; at < n;) {
          auto* entry = reinterpret_cast<struct dirent64*>(buffer + at);
          if (entry->d_name[0] != '.') unlinkat(fd, entry->d_name, 0);
          at += entry->d_reclen;
        }
      }
    }
    if (slot.dir[0]) rmdir(slot.dir);
    if (slot.new_name[0]) rmdir(slot.new_name);
  }
  size_t length = g_interrupt_length.load();
  if (length > 0) {
    ssize_t ignored = write(STDERR_FILENO, g_interrupt_message, length);
    (void)ignored;
  }
  _exit(128 + sig);
}

std::string ThisHost() {
  char name[256] = {0};
  if (gethostname(name, sizeof(name) - 1) != 0 || !name[0]) return "localhost";
  std::string host;
  for (char c : std::string(name))
    host += std::isalnum(static_cast<unsigned char>(c)) || c == '.' ? c : '_';
  return host;
}

// A process killed with SIGKILL cannot remove its (empty) spill directory; the next process
// on the same host using the same temp dir removes it. A directory is in use while its owner
// holds a flock on it (released by the kernel however the owner ends), which, unlike a pid,
// also holds across containers that share a temp dir. The host is in the name because a temp
// dir may be shared between machines.
void RemoveStaleSpillDirectories(const std::string& base, const std::string& host) {
  std::string prefix = "tally-spill-" + host + "-";
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(base, error)) {
    std::string name = item.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    int fd = ::open(item.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) std::filesystem::remove_all(item.path(), error);
    ::close(fd);
  }
}

std::string BaseOf(const std::string& temp_dir) {
  if (!temp_dir.empty()) return temp_dir;
  const char* env = std::getenv("TMPDIR");
  return env && *env ? env : "/tmp";
}

// This process's spill directory under `base`, created (and locked) on first use.
const SpillLocation& SpillDirectoryIn(const std::string& base) {
  std::lock_guard<std::mutex> lock(g_dir_mutex);
  for (const auto& location : g_locations)
    if (location.base == base) return location;
  if (g_locations.size() == kMaxSpillLocations)
    ThrowError("cannot spill under {}: one process spills under at most {} temp dirs", base,
               kMaxSpillLocations);
  SpillDirectorySlot& slot = g_slots[g_locations.size()];
  std::string host = ThisHost();
  RemoveStaleSpillDirectories(base, host);
  // Made under a name the cleaner ignores, locked, then renamed: never seen unlocked. The name
  // (unique to this process) is known to the signal handler before the directory exists, so an
  // interrupt at any point finds it.
  static std::atomic<uint64_t> attempt{0};
  std::string made = base + "/.tally-spill-new-" + std::to_string(getpid()) + "-" +
                     std::to_string(attempt.fetch_add(1));
  if (made.size() >= sizeof(slot.new_name)) ThrowWriteError(base, ENAMETOOLONG);
  memcpy(slot.new_name, made.c_str(), made.size() + 1);
  if (::mkdir(made.c_str(), 0700) != 0) {
    int e = errno;
    slot.new_name[0] = '\0';
    ThrowWriteError(base, e);
  }
  int fd = ::open(made.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::flock(fd, LOCK_EX) != 0) {
    int e = errno;
    if (fd >= 0) ::close(fd);
    ::rmdir(made.c_str());
    slot.new_name[0] = '\0';
    ThrowWriteError(base, e);
  }
  std::string dir = base + "/tally-spill-" + host + "-" + std::to_string(getpid()) + "-" +
                    std::to_string(g_locations.size());
  // Known to the signal handler under both names before the rename.
  if (dir.size() < sizeof(slot.dir)) memcpy(slot.dir, dir.c_str(), dir.size() + 1);
  slot.fd = fd;
  if (::rename(made.c_str(), dir.c_str()) != 0) {
    int e = errno;
    slot.fd = -1;
    slot.dir[0] = slot.new_name[0] = '\0';
    ::close(fd);
    ::rmdir(made.c_str());
    ThrowWriteError(base, e);
  }
  slot.new_name[0] = '\0';
  g_locations.push_back({base, dir, g_locations.size()});
  static bool registered = [] { return std::atexit(RemoveSpillDirectory) == 0; }();
  (void)registered;
  return g_locations.back();
}

void WriteAll(int fd, const char* data, size_t size, const std::string& dir) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowWriteError(dir, errno);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

}  // namespace

void SetSpillTempDir(std::string dir) {
  std::lock_guard<std::mutex> lock(g_dir_mutex);
  g_temp_dir = std::move(dir);
}

void SetInterruptMessage(const std::string& message) {
  g_interrupt_length.store(0);
  size_t length = std::min(message.size(), sizeof(g_interrupt_message));
  std::memcpy(g_interrupt_message, message.data(), length);
  g_interrupt_length.store(length);
}

std::string SpillTempDir() {
  std::lock_guard<std::mutex> lock(g_dir_mutex);
  return g_temp_dir;
}

void InstallSpillCleanupHandlers() {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void RemoveSpillDirectory() {
  std::lock_guard<std::mutex> lock(g_dir_mutex);
  for (const auto& location : g_locations) {
    SpillDirectorySlot& slot = g_slots[location.slot];
    slot.dir[0] = '\0';
    rmdir(location.dir.c_str());
    if (slot.fd >= 0) ::close(slot.fd);
    slot.fd = -1;
  }
  g_locations.clear();
}

size_t SpillFilesCreated() {
  return g_files.load();
}

std::string EncodeBatch(const Batch& batch) {
  TALLY_ASSERT(!batch.selection);  // operators that take selections never get here
  std::string raw;
  size_t rows = batch.num_rows;
  PutValue<uint64_t>(&raw, rows);
  for (const auto& column : batch.columns) {
    const Column& c = *column;
    PutValue<uint8_t>(&raw, c.HasNulls() ? 1 : 0);
    if (c.HasNulls())
      for (size_t i = 0; i < rows; ++i) raw.push_back(c.IsValid(i) ? 1 : 0);
    if (c.type().IsFixedWidth()) {
      raw.append(c.data<char>(), rows * c.type().FixedWidth());
    } else {
      // A NULL is an empty string here (its index may not be in the dictionary).
      auto value = [&](size_t i) { return c.IsValid(i) ? c.GetString(i) : std::string_view(); };
      uint32_t offset = 0;
      PutValue<uint32_t>(&raw, 0);
      for (size_t i = 0; i < rows; ++i) {
        offset += static_cast<uint32_t>(value(i).size());
        PutValue<uint32_t>(&raw, offset);
      }
      for (size_t i = 0; i < rows; ++i) raw.append(value(i));
    }
  }
  return CompressBlock(raw);
}

std::string CompressBlock(const std::string& raw) {
  std::string out;
  PutValue<uint64_t>(&out, raw.size());
  size_t bound = ZSTD_compressBound(raw.size());
  out.resize(sizeof(uint64_t) + bound);
  size_t n = ZSTD_compress(out.data() + sizeof(uint64_t), bound, raw.data(), raw.size(), 1);
  if (ZSTD_isError(n)) throw InternalError("zstd compression failed");
  out.resize(sizeof(uint64_t) + n);
  return out;
}

std::string DecompressBlock(const std::string& block) {
  ByteReader header(block);
  uint64_t raw_size = header.Get<uint64_t>();
  std::string raw(raw_size, '\0');
  size_t n = ZSTD_decompress(raw.data(), raw_size, block.data() + sizeof(uint64_t),
                             block.size() - sizeof(uint64_t));
  if (ZSTD_isError(n) || n != raw_size) ThrowError("corrupt spill file block");
  return raw;
}

Batch DecodeBatch(const std::string& block, const std::shared_ptr<const Schema>& schema) {
  std::string raw = DecompressBlock(block);
  ByteReader in(raw);
  Batch batch;
  batch.schema = schema;
  size_t rows = in.Get<uint64_t>();
  batch.num_rows = rows;
  for (size_t f = 0; f < schema->size(); ++f) {
    const DataType& type = schema->field(f).type;
    bool nulls = in.Get<uint8_t>() != 0;
    const char* validity = nulls ? in.Take(rows) : nullptr;
    ColumnPtr c;
    if (type.IsFixedWidth()) {
      c = MakeFixedColumn(type, rows);
      size_t bytes = rows * type.FixedWidth();
      memcpy(c->data<char>(), in.Take(bytes), bytes);
    } else {
      const char* offsets = in.Take((rows + 1) * sizeof(uint32_t));
      uint32_t total;
      memcpy(&total, offsets + rows * sizeof(uint32_t), sizeof(uint32_t));
      const char* chars = in.Take(total);
      c = Column::Make(type);
      c->Reserve(rows, total);
      uint32_t begin = 0;
      for (size_t i = 0; i < rows; ++i) {
        uint32_t end;
        memcpy(&end, offsets + (i + 1) * sizeof(uint32_t), sizeof(uint32_t));
        c->AppendString(std::string_view(chars + begin, end - begin));
        begin = end;
      }
    }
    if (nulls)
      for (size_t i = 0; i < rows; ++i)
        if (!validity[i]) c->SetNull(i);
    batch.columns.push_back(c);
  }
  return batch;
}

SpillFile::SpillFile(std::shared_ptr<const Schema> schema, const std::string& temp_dir)
    : schema_(std::move(schema)) {
  const SpillLocation& location = SpillDirectoryIn(BaseOf(temp_dir));
  base_ = location.base;
  path_ = location.dir + "/spill-" + std::to_string(g_file_counter.fetch_add(1)) + ".zst";
  // Read and written through the descriptor only, so no name is left for anyone to clean up: a
  // file without a name from the start (O_TMPFILE) where the file system has them, so that not
  // even a kill -9 can leave one behind; else a named file unlinked at once (a signal in between
  // is handled: the handler empties the directory).
  fd_ = ::open(location.dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ >= 0) ::unlink(path_.c_str());
  }
  if (fd_ < 0) ThrowWriteError(base_, errno);
  g_files.fetch_add(1);
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::Append(const Batch& batch) {
  if (batch.num_rows == 0) return;
  AppendEncoded(EncodeBatch(batch));
  std::lock_guard<std::mutex> lock(mutex_);
  rows_ += batch.num_rows;
}

void SpillFile::AppendEncoded(const std::string& block) {
  std::lock_guard<std::mutex> lock(mutex_);
  WriteAll(fd_, block.data(), block.size(), base_);
  block_offsets_.push_back(bytes_);
  block_sizes_.push_back(block.size());
  bytes_ += block.size();
}

void SpillFile::Finish() {}

Batch SpillFile::ReadBlock(size_t i) const {
  return DecodeBatch(ReadEncoded(i), schema_);
}

std::string SpillFile::ReadEncoded(size_t i) const {
  std::string block(block_sizes_[i], '\0');
  size_t done = 0;
  while (done < block.size()) {
    ssize_t n = ::pread(fd_, block.data() + done, block.size() - done,
                        static_cast<off_t>(block_offsets_[i] + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowError("cannot read spill file {}: {}", path_, std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return block;
}

}  // namespace tally
