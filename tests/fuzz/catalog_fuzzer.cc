// Fuzzes the catalog loader: a table entry is untrusted JSON. Bad input must end in
// tally::Error; an entry that loads must be written and loaded again unchanged, and its file
// paths must stay inside the table's directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "catalog/table_entry.h"
#include "common/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tally::TableEntry entry;
  try {
    entry = tally::TableEntryFromJson(text, "fuzz.json");
  } catch (const tally::Error&) {
    return 0;
  }
  for (const tally::FileEntry& file : entry.files)
    if (!tally::IsTableFilePath(file.path, entry.name)) std::abort();
  std::string again = tally::TableEntryToJson(entry);
  tally::TableEntry back = tally::TableEntryFromJson(again, "fuzz.json");
  if (tally::TableEntryToJson(back) != again) std::abort();
  return 0;
}
