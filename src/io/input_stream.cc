#include "io/input_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "common/error.h"

namespace tally {
namespace {

// read(2), or pread(2) at `offset` when it is not negative, retried when interrupted; an error
// names the file.
size_t ReadOnce(int fd, char* buffer, size_t size, const std::string& name, int64_t offset = -1) {
  for (;;) {
    ssize_t n = offset < 0 ? ::read(fd, buffer, size)
                           : ::pread(fd, buffer, size, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    throw Error(SourceLocation{name}, fmt::format("cannot read: {}", std::strerror(errno)));
  }
}

constexpr size_t kCompressedBlock = 1 << 20;

// A file descriptor read in order. Bytes peeked by OpenInput (to detect the format) are handed
// back first, so standard input, which cannot seek, works too.
class FileStream : public InputStream {
 public:
  FileStream(std::string name, int fd, bool owns_fd)
      : name_(std::move(name)), fd_(fd), owns_(owns_fd) {}
  ~FileStream() override {
    if (owns_ && fd_ >= 0) ::close(fd_);
  }

  void Unread(const char* data, size_t size) {
    pending_.insert(pending_.begin(), data, data + size);
  }

  size_t Read(char* buffer, size_t size) override {
    if (!pending_.empty()) {
      size_t n = std::min(size, pending_.size());
      std::memcpy(buffer, pending_.data(), n);
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(n));
      return n;
    }
    size_t n = ReadOnce(fd_, buffer, size, name_);
    raw_bytes_ += n;
    return n;
  }

  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return raw_bytes_; }

 private:
  std::string name_;
  uint64_t raw_bytes_ = 0;
  int fd_;
  bool owns_;
  std::vector<char> pending_;
};

class ZstdStream : public InputStream {
 public:
  explicit ZstdStream(std::unique_ptr<InputStream> raw)
      : raw_(std::move(raw)), context_(ZSTD_createDStream()), in_buffer_(kCompressedBlock) {
    if (!context_) throw Error("out of memory creating a zstd decoder");
    ZSTD_initDStream(context_);
  }
  ~ZstdStream() override { ZSTD_freeDStream(context_); }

  size_t Read(char* buffer, size_t size) override {
    ZSTD_outBuffer out{buffer, size, 0};
    while (out.pos == 0 && size > 0) {
      if (input_.pos == input_.size) {
        if (raw_eof_) {
          // A frame still open at the end means the file was cut short.
          if (!frame_done_) Fail("truncated zstd data");
          return 0;
        }
        size_t n = raw_->Read(in_buffer_.data(), in_buffer_.size());
        if (n == 0) {
          raw_eof_ = true;
          continue;
        }
        input_ = ZSTD_inBuffer{in_buffer_.data(), n, 0};
      }
      size_t result = ZSTD_decompressStream(context_, &out, &input_);
      if (ZSTD_isError(result))
        Fail(fmt::format("corrupt zstd data: {}", ZSTD_getErrorName(result)));
      frame_done_ = result == 0;
    }
    return out.pos;
  }

  const std::string& name() const override { return raw_->name(); }
  uint64_t raw_bytes_read() const override { return raw_->raw_bytes_read(); }

 private:
  [[noreturn]] void Fail(const std::string& message) {
    throw Error(SourceLocation{name()}, message);
  }

  std::unique_ptr<InputStream> raw_;
  ZSTD_DStream* context_;
  std::vector<char> in_buffer_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool raw_eof_ = false;
  bool frame_done_ = true;
};

class GzipStream : public InputStream {
 public:
  explicit GzipStream(std::unique_ptr<InputStream> raw)
      : raw_(std::move(raw)), in_buffer_(kCompressedBlock) {
    std::memset(&stream_, 0, sizeof(stream_));
    // 15 + 16: gzip wrapper only (zlib streams are not accepted silently).
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw Error("cannot create a gzip decoder");
  }
  ~GzipStream() override { inflateEnd(&stream_); }

  size_t Read(char* buffer, size_t size) override {
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    const uInt wanted = stream_.avail_out;
    while (stream_.avail_out == wanted && wanted > 0) {
      if (stream_.avail_in == 0) {
        if (raw_eof_) {
          if (member_open_) Fail("truncated gzip data");
          return 0;
        }
        size_t n = raw_->Read(in_buffer_.data(), in_buffer_.size());
        if (n == 0) {
          raw_eof_ = true;
          continue;
        }
        stream_.next_in = reinterpret_cast<Bytef*>(in_buffer_.data());
        stream_.avail_in = static_cast<uInt>(n);
      }
      member_open_ = true;
      int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        // Another member may follow (concatenated gzip files): start over on the rest.
        member_open_ = false;
        inflateReset(&stream_);
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        Fail(fmt::format("corrupt gzip data: {}", stream_.msg ? stream_.msg : "unknown error"));
      }
    }
    return wanted - stream_.avail_out;
  }

  const std::string& name() const override { return raw_->name(); }
  uint64_t raw_bytes_read() const override { return raw_->raw_bytes_read(); }

 private:
  [[noreturn]] void Fail(const std::string& message) {
    throw Error(SourceLocation{name()}, message);
  }

  std::unique_ptr<InputStream> raw_;
  std::vector<char> in_buffer_;
  z_stream stream_;
  bool raw_eof_ = false;
  bool member_open_ = false;
};

// Bytes [position, end) of a regular file, read with pread so that several ranges of one file can
// be read independently.
class FileRangeStream : public InputStream {
 public:
  FileRangeStream(std::string name, int fd, uint64_t begin, uint64_t end)
      : name_(std::move(name)), fd_(fd), position_(begin), end_(end) {}
  ~FileRangeStream() override { ::close(fd_); }

  size_t Read(char* buffer, size_t size) override {
    size_t want = static_cast<size_t>(std::min<uint64_t>(size, end_ - position_));
    if (want == 0) return 0;
    size_t n = ReadOnce(fd_, buffer, want, name_, static_cast<int64_t>(position_));
    position_ += n;
    raw_bytes_ += n;
    // The file shrank under us: end here rather than loop on 0.
    if (n == 0) end_ = position_;
    return n;
  }

  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return raw_bytes_; }

 private:
  std::string name_;
  int fd_;
  uint64_t position_;
  uint64_t end_;
  uint64_t raw_bytes_ = 0;
};

// Standard input and other streams that cannot seek (pipes, FIFOs, /dev/stdin) are read from
// their source once: the bytes read are also written to an unnamed temporary file (in
// SetStreamSpoolDir's directory, else $TMPDIR, else /tmp), up to kSpoolLimit, so that each later
// OpenInput of the same path (format detection, the header check, then the reader) reads its
// head again from that file, and the stream that has read furthest goes on with the source. The
// kept copy takes at most kSpoolLimit of disk and is gone when the process ends; reading a
// stream again past what was kept is an error that says so.
constexpr uint64_t kSpoolLimit = 64 << 20;

struct Replay {
  std::mutex mutex;
  int source_fd = -1;
  int spool_fd = -1;
  uint64_t spooled = 0;          // bytes kept in the spool file: the stream's first bytes
  uint64_t source_position = 0;  // bytes taken from the source
  bool at_end = false;           // the source has ended
};

std::mutex g_replays_mutex;
std::string g_spool_dir;

std::map<std::string, std::shared_ptr<Replay>>& Replays() {
  static auto* replays = new std::map<std::string, std::shared_ptr<Replay>>();
  return *replays;
}

int OpenSpoolFile(const std::string& name) {
  std::string dir = g_spool_dir;
  if (dir.empty()) {
    const char* env = std::getenv("TMPDIR");
    dir = env && *env ? env : "/tmp";
  }
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string path = dir + "/.tally-stream-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.c_str());
  }
  if (fd < 0)
    throw Error(SourceLocation{name}, fmt::format("cannot keep a copy of the stream in {}: {}", dir,
                                                  std::strerror(errno)));
  return fd;
}

class ReplayStream : public InputStream {
 public:
  ReplayStream(std::string name, std::shared_ptr<Replay> replay)
      : name_(std::move(name)), replay_(std::move(replay)) {}

  size_t Read(char* buffer, size_t size) override {
    std::lock_guard<std::mutex> lock(replay_->mutex);
    Replay& r = *replay_;
    size_t n = 0;
    if (position_ < r.spooled) {
      size_t kept = static_cast<size_t>(std::min<uint64_t>(size, r.spooled - position_));
      n = ReadOnce(r.spool_fd, buffer, kept, name_, static_cast<int64_t>(position_));
      if (n == 0) throw Error(SourceLocation{name_}, "the kept copy of the stream was cut short");
    }
    if (n < size && position_ + n == r.source_position && !r.at_end) {
      // The furthest reader: on with the source (filling the buffer past the kept part).
      size_t got = ReadOnce(r.source_fd, buffer + n, size - n, name_);
      if (got == 0) {
        r.at_end = true;
        if (r.source_fd > STDIN_FILENO) ::close(r.source_fd);
      }
      if (r.source_position == r.spooled && r.spooled + got <= kSpoolLimit) Keep(buffer + n, got);
      r.source_position += got;
      n += got;
    } else if (n == 0 && position_ < r.source_position) {
      throw Error(SourceLocation{name_},
                  fmt::format("cannot read the stream again past its first {} MB (what is kept "
                              "of it); save it to a file and read that",
                              kSpoolLimit >> 20));
    }
    position_ += n;
    raw_bytes_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return raw_bytes_; }

 private:
  void Keep(const char* data, size_t size) {
    if (size == 0) return;
    if (replay_->spool_fd < 0) replay_->spool_fd = OpenSpoolFile(name_);
    for (size_t done = 0; done < size;) {
      ssize_t w = ::pwrite(replay_->spool_fd, data + done, size - done,
                           static_cast<off_t>(replay_->spooled + done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0)
        throw Error(SourceLocation{name_}, fmt::format("cannot keep a copy of the stream: {}",
                                                       std::strerror(w < 0 ? errno : ENOSPC)));
      done += static_cast<size_t>(w);
    }
    replay_->spooled += size;
  }

  std::string name_;
  std::shared_ptr<Replay> replay_;
  uint64_t position_ = 0;
  uint64_t raw_bytes_ = 0;
};

// A stream of `path` from its first byte: standard input ("-") or a file that is not a regular
// file or directory (a pipe); null for anything else.
std::unique_ptr<InputStream> OpenReplay(const std::string& path) {
  if (path != "-") {
    struct stat info;
    if (::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode) || S_ISDIR(info.st_mode))
      return nullptr;
  }
  std::string name = path == "-" ? "<stdin>" : path;
  // Known by what the path is (the pipe itself), not by its name: /dev/fd/5 names a new pipe
  // once the old one is closed.
  struct stat info;
  bool known = path == "-" ? ::fstat(STDIN_FILENO, &info) == 0 : ::stat(path.c_str(), &info) == 0;
  std::string key = known ? fmt::format("{}:{}", info.st_dev, info.st_ino) : path;
  std::lock_guard<std::mutex> lock(g_replays_mutex);
  auto& replay = Replays()[key];
  if (!replay) {
    int fd = 0;
    if (path != "-") {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        throw Error(SourceLocation{path}, fmt::format("cannot open: {}", std::strerror(errno)));
    }
    replay = std::make_shared<Replay>();
    replay->source_fd = fd;
  }
  return std::make_unique<ReplayStream>(name, replay);
}

// `raw` read through the decompressor its first bytes (`magic`, n of them) call for.
std::unique_ptr<InputStream> Decompressing(std::unique_ptr<InputStream> raw,
                                           const unsigned char* magic, size_t n) {
  if (n == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD)
    return std::make_unique<ZstdStream>(std::move(raw));
  if (n >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
    return std::make_unique<GzipStream>(std::move(raw));
  return raw;
}

}  // namespace

size_t ReadUpTo(InputStream& input, char* buffer, size_t size) {
  size_t total = 0;
  while (total < size) {
    size_t n = input.Read(buffer + total, size - total);
    if (n == 0) break;
    total += n;
  }
  return total;
}

void SetStreamSpoolDir(std::string dir) {
  std::lock_guard<std::mutex> lock(g_replays_mutex);
  g_spool_dir = std::move(dir);
}

bool IsCompressedMagic(const unsigned char* bytes, size_t size) {
  if (size >= 4 && bytes[0] == 0x28 && bytes[1] == 0xB5 && bytes[2] == 0x2F && bytes[3] == 0xFD)
    return true;
  return size >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;
}

std::unique_ptr<InputStream> OpenInputRange(const std::string& path, uint64_t begin, uint64_t end) {
  if (path == "-") throw Error("standard input cannot be read by byte ranges");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(SourceLocation{path}, fmt::format("cannot open: {}", std::strerror(errno)));
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw Error(SourceLocation{path}, "not a regular file: cannot be read by byte ranges");
  }
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t n = ::pread(fd, magic, sizeof(magic), 0);
  if (n > 0 && IsCompressedMagic(magic, static_cast<size_t>(n))) {
    ::close(fd);
    throw Error(SourceLocation{path}, "compressed file: cannot be read by byte ranges");
  }
  const uint64_t size = static_cast<uint64_t>(info.st_size);
  end = std::min(end, size);
  begin = std::min(begin, end);
  ::posix_fadvise(fd, static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                  POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FileRangeStream>(path, fd, begin, end);
}

std::unique_ptr<InputStream> OpenInput(const std::string& path) {
  if (std::unique_ptr<InputStream> stream = OpenReplay(path)) {
    unsigned char magic[4] = {0, 0, 0, 0};
    size_t n = ReadUpTo(*stream, reinterpret_cast<char*>(magic), sizeof(magic));
    return Decompressing(OpenReplay(path), magic, n);  // from the first byte again
  }
  std::unique_ptr<FileStream> file;
  {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      throw Error(SourceLocation{path}, fmt::format("cannot open: {}", std::strerror(errno)));
    struct stat info;
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
      ::close(fd);
      throw Error(SourceLocation{path}, "is a directory, not a file");
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    file = std::make_unique<FileStream>(path, fd, true);
  }
  unsigned char magic[4] = {0, 0, 0, 0};
  size_t n = ReadUpTo(*file, reinterpret_cast<char*>(magic), sizeof(magic));
  file->Unread(reinterpret_cast<const char*>(magic), n);
  return Decompressing(std::move(file), magic, n);
}

uint64_t InputSizeHint(const std::string& path) {
  if (path == "-") return 0;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
  return static_cast<uint64_t>(info.st_size);
}

}  // namespace tally
