#include "io/csv/csv_split.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/error.h"
#include "io/input_stream.h"

namespace tally {
namespace {

// Large reads keep the system-call cost negligible next to the scan itself.
constexpr size_t kBlockBytes = 4 << 20;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A read-only regular file read at explicit offsets.
class RandomAccessFile {
 public:
  explicit RandomAccessFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw Error(SourceLocation{path}, fmt::format("cannot open: {}", std::strerror(errno)));
    struct stat info;
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd_);
      throw Error(SourceLocation{path}, "not a regular file: cannot be split by byte ranges");
    }
    size_ = static_cast<uint64_t>(info.st_size);
  }
  ~RandomAccessFile() { ::close(fd_); }
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  uint64_t size() const { return size_; }

  // Reads up to `size` bytes at `offset`; fewer only at the end of the file.
  size_t ReadAt(uint64_t offset, char* buffer, size_t size) const {
    size_t total = 0;
    while (total < size) {
      ssize_t n = ::pread(fd_, buffer + total, size - total, static_cast<off_t>(offset + total));
      if (n < 0) {
        if (errno == EINTR) continue;
        throw Error(SourceLocation{path_}, fmt::format("cannot read: {}", std::strerror(errno)));
      }
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    return total;
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

void CountBlock(const char* data, size_t size, CsvSpanCounts* counts) {
  size_t i = 0;
#ifdef __SSE2__
  // Per-byte-lane counters (a compare gives -1 per hit, subtracted) summed every 255 blocks,
  // before a lane can overflow.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (size - i >= 16) {
    __m128i quotes = zero, newlines = zero;
    const size_t blocks = std::min<size_t>((size - i) / 16, 255);
    for (size_t b = 0; b < blocks; ++b, i += 16) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      quotes = _mm_sub_epi8(quotes, _mm_cmpeq_epi8(bytes, quote));
      newlines = _mm_sub_epi8(newlines, _mm_cmpeq_epi8(bytes, newline));
    }
    // Sum of absolute differences with zero adds the 8 lanes of each half.
    __m128i q = _mm_sad_epu8(quotes, zero), n = _mm_sad_epu8(newlines, zero);
    counts->quotes += static_cast<uint64_t>(_mm_cvtsi128_si32(q)) +
                      static_cast<uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(q, 8)));
    counts->newlines += static_cast<uint64_t>(_mm_cvtsi128_si32(n)) +
                        static_cast<uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(n, 8)));
  }
#endif
  for (; i < size; ++i) {
    counts->quotes += data[i] == '"';
    counts->newlines += data[i] == '\n';
  }
}

}  // namespace

bool CsvCanSplitByBytes(const std::string& path) {
  if (path == "-" || EndsWith(path, ".zst") || EndsWith(path, ".gz")) return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info;
  bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t n = regular ? ::pread(fd, magic, sizeof(magic), 0) : -1;
  ::close(fd);
  return n >= 0 && !IsCompressedMagic(magic, static_cast<size_t>(n));
}

uint64_t CsvFileSize(const std::string& path) {
  return RandomAccessFile(path).size();
}

std::pair<uint64_t, uint64_t> NominalByteRange(uint64_t size, int part, int parts) {
  TALLY_ASSERT(parts >= 1 && part >= 0 && part < parts);
  // floor(size * i / parts) without overflowing size * i.
  auto point = [&](uint64_t i) {
    const uint64_t n = static_cast<uint64_t>(parts);
    return size / n * i + size % n * i / n;
  };
  return {point(static_cast<uint64_t>(part)), point(static_cast<uint64_t>(part) + 1)};
}

CsvSpanCounts CountQuotesAndNewlines(const std::string& path, uint64_t begin, uint64_t end) {
  RandomAccessFile file(path);
  end = std::min(end, file.size());
  CsvSpanCounts counts;
  if (begin >= end) return counts;
  std::unique_ptr<char[]> buffer(new char[std::min<uint64_t>(kBlockBytes, end - begin)]);
  for (uint64_t offset = begin; offset < end;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(kBlockBytes, end - offset));
    size_t got = file.ReadAt(offset, buffer.get(), want);
    if (got == 0) break;  // the file shrank
    CountBlock(buffer.get(), got, &counts);
    offset += got;
  }
  return counts;
}

uint64_t FindRecordStart(const std::string& path, uint64_t from, bool in_quotes_at_from,
                         uint64_t* newlines_before) {
  RandomAccessFile file(path);
  uint64_t newlines = 0;
  auto done = [&](uint64_t start) {
    if (newlines_before) *newlines_before = newlines;
    return start;
  };
  const uint64_t size = file.size();
  if (from >= size) return done(size);
  if (from == 0) return done(0);
  // A record starts at `from` itself when the byte before is a newline outside quotes; a
  // newline is not a quote, so the state before it is the state at `from`.
  char previous = 0;
  if (file.ReadAt(from - 1, &previous, 1) == 1 && previous == '\n' && !in_quotes_at_from)
    return done(from);

  bool in_quotes = in_quotes_at_from;
  // Usually the next line end is near: start with small reads, grow for long records.
  size_t block = 64 << 10;
  std::unique_ptr<char[]> buffer(new char[kBlockBytes]);
  for (uint64_t offset = from; offset < size;) {
    const size_t got = file.ReadAt(offset, buffer.get(), block);
    if (got == 0) break;
    const char* data = buffer.get();
    size_t pos = 0;
    while (pos < got) {
      if (in_quotes) {
        const void* quote = std::memchr(data + pos, '"', got - pos);
        size_t stop = quote ? static_cast<size_t>(static_cast<const char*>(quote) - data) : got;
        newlines += static_cast<uint64_t>(std::count(data + pos, data + stop, '\n'));
        if (!quote) break;
        in_quotes = false;
        pos = stop + 1;
        continue;
      }
      const void* newline = std::memchr(data + pos, '\n', got - pos);
      size_t line_end =
          newline ? static_cast<size_t>(static_cast<const char*>(newline) - data) : got;
      const void* quote = std::memchr(data + pos, '"', line_end - pos);
      if (quote) {
        in_quotes = true;
        pos = static_cast<size_t>(static_cast<const char*>(quote) - data) + 1;
        continue;
      }
      if (!newline) break;
      ++newlines;
      return done(offset + line_end + 1);
    }
    offset += got;
    block = std::min(block * 4, kBlockBytes);
  }
  return done(size);
}

CsvByteRange RecordAlignedRange(const std::string& path, uint64_t file_size,
                                const std::vector<CsvSpanCounts>& part_counts, int part) {
  const int parts = static_cast<int>(part_counts.size());
  TALLY_ASSERT(part >= 0 && part < parts);
  CsvSpanCounts before;  // counts of [0, nominal begin of `part`)
  for (int i = 0; i < part; ++i) {
    before.quotes += part_counts[static_cast<size_t>(i)].quotes;
    before.newlines += part_counts[static_cast<size_t>(i)].newlines;
  }
  const auto [nominal_begin, nominal_end] = NominalByteRange(file_size, part, parts);
  CsvByteRange range;
  uint64_t skipped_newlines = 0;
  range.begin = FindRecordStart(path, nominal_begin, before.quotes % 2 == 1, &skipped_newlines);
  range.first_line = 1 + before.newlines + skipped_newlines;
  if (part + 1 == parts) {
    range.end = file_size;
  } else {
    const uint64_t quotes_at_end = before.quotes + part_counts[static_cast<size_t>(part)].quotes;
    range.end = FindRecordStart(path, nominal_end, quotes_at_end % 2 == 1, nullptr);
  }
  range.end = std::max(range.end, range.begin);
  return range;
}

std::vector<CsvByteRange> SplitCsvAtRecords(const std::string& path, int parts) {
  if (parts < 1) throw Error(fmt::format("cannot split a file into {} parts", parts));
  const uint64_t size = CsvFileSize(path);
  std::vector<CsvSpanCounts> counts;
  for (int part = 0; part < parts; ++part) {
    auto [begin, end] = NominalByteRange(size, part, parts);
    counts.push_back(CountQuotesAndNewlines(path, begin, end));
  }
  std::vector<CsvByteRange> ranges;
  for (int part = 0; part < parts; ++part)
    ranges.push_back(RecordAlignedRange(path, size, counts, part));
  return ranges;
}

}  // namespace tally
