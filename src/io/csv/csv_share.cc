#include "io/csv/csv_share.h"

#include "dist/byte_buffer.h"
#include "io/csv/csv_split.h"

namespace tally {

CsvOptions CsvShareOptions(const std::string& path, CsvOptions options, Communicator& comm) {
  if (comm.size() == 1) return options;
  if (!CsvCanSplitByBytes(path)) {
    options.share_index = comm.rank();
    options.share_count = comm.size();
    return options;
  }
  uint64_t size = CsvFileSize(path);
  auto [begin, end] = NominalByteRange(size, comm.rank(), comm.size());
  CsvSpanCounts mine = CountQuotesAndNewlines(path, begin, end);
  std::string message;
  PutValue(&message, mine);
  std::vector<CsvSpanCounts> counts;
  for (const std::string& m : comm.AllGather(std::move(message))) {
    ByteReader in(m);
    counts.push_back(in.Get<CsvSpanCounts>());
  }
  CsvByteRange range = RecordAlignedRange(path, size, counts, comm.rank());
  options.range_begin = range.begin;
  options.range_end = range.end;
  options.range_first_line = range.first_line;
  return options;
}

}  // namespace tally
