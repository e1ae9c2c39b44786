#pragma once
// Byte streams for readers: plain files, zstd and gzip, chosen by the file's magic bytes so that
// `tally ... data.csv.zst` needs no flag. Streams are read once, front to back, in large blocks.
#include <cstdint>
#include <memory>
#include <string>

namespace tally {

class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `size` bytes into `buffer`; returns the number read, 0 only at the end.
  // Throws tally::Error (naming the file) on I/O or decompression errors.
  virtual size_t Read(char* buffer, size_t size) = 0;
  // The file name used in error messages.
  virtual const std::string& name() const = 0;
  // Bytes taken from the file on disk so far (compressed bytes for compressed input), so that
  // progress can be compared with InputSizeHint().
  virtual uint64_t raw_bytes_read() const = 0;
};

// Reads until `size` bytes or the end of `input` (a pipe gives what it has at each read); a
// short count means the end.
size_t ReadUpTo(InputStream& input, char* buffer, size_t size);

// Opens `path` ("-" is standard input) and detects zstd or gzip compression from the first
// bytes. Gzip files may have several members (as `cat a.gz b.gz` produces). Standard input and
// pipes can be opened again, too: each open starts at the first byte (the bytes read are kept in
// an unnamed temporary file for the later opens), so a caller may look at the head of a stream
// before reading it whole.
std::unique_ptr<InputStream> OpenInput(const std::string& path);

// Where OpenInput keeps the bytes read from standard input and pipes ("" = $TMPDIR, else /tmp).
void SetStreamSpoolDir(std::string dir);

// Opens bytes [begin, end) of the plain (uncompressed) regular file `path`; `end` is clipped to
// the file's size. For readers that share one file between processes, each taking a byte range.
// Throws tally::Error for standard input, pipes and compressed files, which cannot seek.
std::unique_ptr<InputStream> OpenInputRange(const std::string& path, uint64_t begin, uint64_t end);

// True when the first bytes of a file (at least 4 when the file has them) are the magic number of
// a format OpenInput decompresses (zstd, gzip).
bool IsCompressedMagic(const unsigned char* bytes, size_t size);

// Size of the file on disk (compressed size for compressed files), for progress display;
// 0 when unknown (standard input, pipes).
uint64_t InputSizeHint(const std::string& path);

}  // namespace tally
