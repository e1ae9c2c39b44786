#include "io/input_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "common/error.h"
#include "compress_test_util.h"

namespace tally {
namespace {

std::string WriteTemp(const std::string& name, const std::string& contents) {
  std::string path = ::testing::TempDir() + "/tally_io_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

// Reads the whole stream `step` bytes at a time.
std::string ReadAllOf(InputStream& stream, size_t step) {
  std::string out, buffer(step, '\0');
  while (size_t n = stream.Read(buffer.data(), step)) out.append(buffer.data(), n);
  return out;
}

std::string Sample() {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i * 7919 % 10007) + "\n";
  return text;
}

TEST(InputStream, PlainFile) {
  std::string text = Sample();
  std::string path = WriteTemp("plain.txt", text);
  for (size_t step : {997, 4096, 1 << 20}) {
    auto stream = OpenInput(path);
    EXPECT_EQ(ReadAllOf(*stream, step), text);
    EXPECT_EQ(stream->raw_bytes_read(), text.size());
  }
  EXPECT_EQ(InputSizeHint(path), text.size());
}

TEST(InputStream, TinyAndEmptyFiles) {
  auto stream = OpenInput(WriteTemp("empty.txt", ""));
  EXPECT_EQ(ReadAllOf(*stream, 10), "");
  stream = OpenInput(WriteTemp("one.txt", "\x1F"));  // half a gzip magic: plain
  EXPECT_EQ(ReadAllOf(*stream, 10), "\x1F");
}

TEST(InputStream, Zstd) {
  std::string text = Sample();
  std::string compressed = testing::ZstdCompress(text);
  std::string path = WriteTemp("data.zst", compressed);
  for (size_t step : {7, 65536}) {
    auto stream = OpenInput(path);
    EXPECT_EQ(ReadAllOf(*stream, step), text);
  }
  EXPECT_EQ(InputSizeHint(path), compressed.size());
  // Two frames back to back.
  auto stream = OpenInput(WriteTemp("two.zst", compressed + testing::ZstdCompress("tail\n")));
  EXPECT_EQ(ReadAllOf(*stream, 1000), text + "tail\n");
}

TEST(InputStream, GzipWithSeveralMembers) {
  std::string a = Sample(), b = "second member\n";
  auto stream =
      OpenInput(WriteTemp("data.gz", testing::GzipCompress(a) + testing::GzipCompress(b)));
  EXPECT_EQ(ReadAllOf(*stream, 4096), a + b);
}

// A pipe (as standard input is) opened several times: each open reads from the first byte, the
// first reads only the head, later ones the rest of the stream too.
void ExpectReplayed(const std::string& bytes, const std::string& text) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t done = 0; done < bytes.size();) {
      ssize_t n = ::write(fds[1], bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  std::string path = "/dev/fd/" + std::to_string(fds[0]);
  char head[10];
  auto first = OpenInput(path);
  size_t got = 0;
  while (got < sizeof(head))
    if (size_t n = first->Read(head + got, sizeof(head) - got))
      got += n;
    else
      break;
  EXPECT_EQ(std::string(head, got), text.substr(0, sizeof(head)));
  EXPECT_EQ(ReadAllOf(*OpenInput(path), 4096), text);
  EXPECT_EQ(ReadAllOf(*OpenInput(path), 333), text);  // all from the kept copy
  EXPECT_EQ(ReadAllOf(*first, 100), text.substr(sizeof(head)));
  writer.join();
  ::close(fds[0]);
}

TEST(InputStream, PipesCanBeOpenedAgainFromTheStart) {
  std::string text = Sample();
  ExpectReplayed(text, text);
  ExpectReplayed(testing::ZstdCompress(text), text);
}

// Only the first 64 MB of a pipe are kept: the stream that read furthest goes on past them, a
// later open that needs more than was kept is an error that says so (no wrong or missing bytes).
TEST(InputStream, APipeIsKeptForReadingAgainUpTo64MB) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const size_t total = (64 << 20) + (6 << 20);
  std::thread writer([&] {
    std::string block(1 << 20, 'x');
    for (size_t done = 0; done < total;) {
      ssize_t n = ::write(fds[1], block.data(), std::min(block.size(), total - done));
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  std::string path = "/dev/fd/" + std::to_string(fds[0]);
  EXPECT_EQ(ReadAllOf(*OpenInput(path), 1 << 20).size(), total);
  auto again = OpenInput(path);
  std::string buffer(1 << 20, '\0');
  size_t read = 0;
  try {
    while (size_t n = again->Read(buffer.data(), buffer.size())) read += n;
    FAIL() << "read " << read << " bytes again";
  } catch (const Error& e) {
    EXPECT_EQ(read, size_t{64} << 20);
    EXPECT_NE(e.message().find("cannot read the stream again past its first 64 MB"),
              std::string::npos)
        << e.message();
  }
  writer.join();
  ::close(fds[0]);
}

TEST(InputStream, ErrorsNameTheFile) {
  std::string missing = ::testing::TempDir() + "/no_such_file.csv";
  try {
    OpenInput(missing);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.location().file, missing);
    EXPECT_NE(e.message().find("cannot open"), std::string::npos);
  }
  std::string compressed = testing::ZstdCompress(Sample());
  std::string truncated = WriteTemp("cut.zst", compressed.substr(0, compressed.size() / 2));
  auto stream = OpenInput(truncated);
  try {
    ReadAllOf(*stream, 4096);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.location().file, truncated);
    EXPECT_EQ(e.message(), "truncated zstd data");
  }
  std::string gz = testing::GzipCompress(Sample());
  gz[gz.size() / 2] ^= 0x55;
  gz[gz.size() / 2 + 1] ^= 0x55;
  std::string corrupt = WriteTemp("bad.gz", gz);
  stream = OpenInput(corrupt);
  EXPECT_THROW(ReadAllOf(*stream, 4096), Error);
}

}  // namespace
}  // namespace tally
