#include "exec/input_identity.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <set>

#include "common/error.h"
#include "exec/shared_plan.h"

namespace tally {
namespace {

constexpr size_t kEndBytes = 64 << 10;

uint64_t Fnv1a(const char* data, size_t size, uint64_t hash) {
  for (size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

// One line per file: "path<TAB>size<TAB>checksum".
std::string Identities(const std::vector<std::string>& files) {
  std::string out;
  for (const std::string& path : files) out += path + "\t" + FileIdentity(path) + "\n";
  return out;
}

// A line without its path: what is compared (the same data under another directory, as a
// warehouse copied to each host or ingested on each, is the same input).
std::string Contents(const std::string& line) {
  return line.substr(line.find('\t') + 1);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  return lines;
}

// "path<TAB>size<TAB>checksum" as "path: 1,234 bytes, checksum 0123abcd...".
std::string Describe(const std::string& line) {
  size_t a = line.find('\t'), b = line.rfind('\t');
  if (a == std::string::npos || a == b) return line;
  return fmt::format("{}: {} bytes, head and tail checksum {}", line.substr(0, a),
                     line.substr(a + 1, b - a - 1), line.substr(b + 1));
}

}  // namespace

std::string FileIdentity(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(SourceLocation{path}, fmt::format("cannot open: {}", std::strerror(errno)));
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    throw Error(SourceLocation{path}, fmt::format("cannot stat: {}", std::strerror(errno)));
  }
  uint64_t size = static_cast<uint64_t>(info.st_size);
  uint64_t hash = 0xCBF29CE484222325ULL;
  std::string buffer(kEndBytes, '\0');
  for (uint64_t offset : {uint64_t{0}, size > kEndBytes ? size - kEndBytes : uint64_t{0}}) {
    ssize_t n;
    do {
      n = ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      int error = errno;
      ::close(fd);
      throw Error(SourceLocation{path}, fmt::format("cannot read: {}", std::strerror(error)));
    }
    hash = Fnv1a(buffer.data(), static_cast<size_t>(n), hash);
  }
  ::close(fd);
  return fmt::format("{}\t{:016x}", size, hash);
}

std::vector<std::string> InputFilesOf(const LogicalNode& plan) {
  std::set<std::string> files;
  std::set<const SharedPlanSource*> seen;
  std::function<void(const LogicalNode&)> walk = [&](const LogicalNode& node) {
    if (const SharedPlanSource* shared = SharedSourceOf(node)) {
      if (seen.insert(shared).second) walk(*shared->plan());
      return;
    }
    if (node.kind == PlanKind::kScan)
      for (std::string& f : node.As<ScanNode>().source->InputFiles()) files.insert(std::move(f));
    for (const auto& c : node.children) walk(*c);
  };
  walk(plan);
  return {files.begin(), files.end()};
}

void CheckInputsAgree(const LogicalNode& plan, Communicator& comm) {
  if (comm.size() > 1) CheckFilesAgree(InputFilesOf(plan), comm);
}

void CheckFilesAgree(const std::vector<std::string>& files, Communicator& comm) {
  if (comm.size() <= 1) return;
  // A file this rank cannot read is reported by the comparison (every rank must take part).
  std::string mine;
  try {
    mine = Identities(files);
  } catch (const Error& e) {
    mine = "!" + e.message();
  }
  std::vector<std::string> all = comm.AllGather(mine + "\x1f" + comm.host());
  auto split = [](const std::string& s) {
    size_t at = s.rfind('\x1f');
    return std::make_pair(s.substr(0, at), s.substr(at + 1));
  };
  auto [first, first_host] = split(all[0]);
  for (size_t r = 0; r < all.size(); ++r) {
    auto [theirs, host] = split(all[r]);
    if (!theirs.empty() && theirs[0] == '!')
      ThrowError("rank {} on host {} cannot read its input: {}", r, host, theirs.substr(1));
    std::vector<std::string> a = Lines(first), b = Lines(theirs);
    size_t i = 0;
    while (i < a.size() && i < b.size() && Contents(a[i]) == Contents(b[i])) ++i;
    if (i == a.size() && i == b.size()) continue;
    std::string here = i < b.size() ? Describe(b[i]) : "no such input";
    std::string there = i < a.size() ? Describe(a[i]) : "no such input";
    ThrowError(
        "the ranks' inputs differ: rank {} on host {} has {}; rank 0 on host {} has {}. Every "
        "host must read the same data (a shared file system, or identical copies)",
        r, host, here, first_host, there);
  }
}

}  // namespace tally
