#pragma once
// In a distributed run every rank reads its own copy of the inputs (a shared file system, or a
// copy on each host). Before a query runs, the ranks compare what they are about to read, so
// that a truncated CSV or an older table on one host stops the query with a message naming
// the host and the file, instead of giving a wrong answer.
#include <string>
#include <vector>

#include "dist/communicator.h"
#include "exec/logical_plan.h"

namespace tally {

// The identity of a file as the ranks compare it: its size and a checksum (FNV-1a) of its
// first and last 64 KB. The modification time is left out on purpose: copying a file to
// another host (cp, scp) changes it while the contents stay the same. Throws for a file that
// cannot be read.
std::string FileIdentity(const std::string& path);

// Every file the plan's scans read (shared plans included), sorted, each once.
std::vector<std::string> InputFilesOf(const LogicalNode& plan);

// Collective: the ranks exchange the identities of the plan's input files and, when any rank's
// differ from rank 0's (the files in path order compared by size and checksum, so that a copy of
// the data under another directory counts as the same), every rank throws the same Error naming
// the file and both hosts. Does nothing with one rank.
void CheckInputsAgree(const LogicalNode& plan, Communicator& comm);
// The same for a list of files (a distributed ingest's input).
void CheckFilesAgree(const std::vector<std::string>& files, Communicator& comm);

}  // namespace tally
