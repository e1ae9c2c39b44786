#pragma once
// The reader options for this rank's share of a CSV file in a distributed run: a plain file is
// cut into byte ranges at record starts (each rank counts the quotes and newlines of an equal
// slice, the counts are exchanged, and each rank finds where its first record starts; see
// csv_split.h); a compressed file cannot be entered in the middle, so every rank decompresses
// it and parses every size-th chunk. Collective: every rank calls it.
#include <string>

#include "dist/communicator.h"
#include "io/csv/csv_options.h"

namespace tally {

CsvOptions CsvShareOptions(const std::string& path, CsvOptions options, Communicator& comm);

}  // namespace tally
