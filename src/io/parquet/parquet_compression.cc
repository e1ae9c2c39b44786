#include "io/parquet/parquet_compression.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "common/error.h"

namespace tally::parquet {

void Compress(Codec codec, int zstd_level, const char* data, size_t size, std::string* out) {
  size_t start = out->size();
  switch (codec) {
    case Codec::kUncompressed:
      out->append(data, size);
      return;
    case Codec::kSnappy: {
      out->resize(start + snappy::MaxCompressedLength(size));
      size_t n = 0;
      snappy::RawCompress(data, size, out->data() + start, &n);
      out->resize(start + n);
      return;
    }
    case Codec::kZstd: {
      // One context per thread: creating a zstd context per page is measurably slow.
      thread_local ZSTD_CCtx* context = ZSTD_createCCtx();
      out->resize(start + ZSTD_compressBound(size));
      size_t n = ZSTD_compressCCtx(context, out->data() + start, out->size() - start, data, size,
                                   zstd_level);
      if (ZSTD_isError(n)) ThrowError("zstd compression failed: {}", ZSTD_getErrorName(n));
      out->resize(start + n);
      return;
    }
    default:
      throw InternalError("unsupported Parquet compression for writing");
  }
}

void Decompress(Codec codec, const uint8_t* data, size_t size, size_t uncompressed_size,
                std::string* out) {
  // The declared size is checked against what the compressed data says before anything is
  // allocated, and no codec writes past it (a page cannot expand beyond what it declares).
  switch (codec) {
    case Codec::kUncompressed:
      if (size != uncompressed_size) ThrowError("page size mismatch in an uncompressed page");
      out->assign(reinterpret_cast<const char*>(data), size);
      return;
    case Codec::kSnappy: {
      size_t n = 0;
      if (!snappy::GetUncompressedLength(reinterpret_cast<const char*>(data), size, &n) ||
          n != uncompressed_size)
        ThrowError("corrupt snappy page (its length is not the declared {} bytes)",
                   uncompressed_size);
      out->resize(uncompressed_size);
      if (!snappy::RawUncompress(reinterpret_cast<const char*>(data), size, out->data()))
        ThrowError("corrupt snappy page");
      return;
    }
    case Codec::kZstd: {
      unsigned long long content = ZSTD_getFrameContentSize(data, size);
      if (content == ZSTD_CONTENTSIZE_ERROR ||
          (content != ZSTD_CONTENTSIZE_UNKNOWN && content != uncompressed_size))
        ThrowError("corrupt zstd page (its frame is not the declared {} bytes)", uncompressed_size);
      out->resize(uncompressed_size);
      thread_local ZSTD_DCtx* context = ZSTD_createDCtx();
      size_t n = ZSTD_decompressDCtx(context, out->data(), uncompressed_size, data, size);
      if (ZSTD_isError(n) || n != uncompressed_size)
        ThrowError("corrupt zstd page: {}", ZSTD_isError(n) ? ZSTD_getErrorName(n) : "size");
      return;
    }
    case Codec::kGzip: {
      if (uncompressed_size > UINT32_MAX) ThrowError("gzip page larger than 4 GiB");
      out->resize(uncompressed_size);
      z_stream stream{};
      if (inflateInit2(&stream, 15 + 32) != Z_OK) ThrowError("cannot start gzip decompression");
      stream.next_in = const_cast<Bytef*>(data);
      stream.avail_in = static_cast<uInt>(size);
      stream.next_out = reinterpret_cast<Bytef*>(out->data());
      stream.avail_out = static_cast<uInt>(uncompressed_size);
      int rc = inflate(&stream, Z_FINISH);
      inflateEnd(&stream);
      if (rc != Z_STREAM_END || stream.total_out != uncompressed_size)
        ThrowError("corrupt gzip page");
      return;
    }
    default:
      ThrowError("unsupported compression codec {}", static_cast<int>(codec));
  }
}

}  // namespace tally::parquet
