#pragma once
// DuckDB as an independent Parquet reader for the interoperability tests: queries run through
// node and tests/node/parquet_check.mjs (installed by scripts/setup.sh --test).
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace tally::duckdb_oracle {

inline const std::string kNodeDir = std::string(TALLY_SOURCE_DIR) + "/tests/node";

inline bool Available() {
  if (std::system("node --version > /dev/null 2>&1") != 0) return false;
  return std::filesystem::exists(kNodeDir + "/node_modules/@duckdb/node-api");
}

// Runs one query in DuckDB; returns its first row as a JSON array (stdout, trimmed).
inline std::string Query(const std::string& sql) {
  std::string quoted;
  for (char c : sql) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  std::string command = "node " + kNodeDir + "/parquet_check.mjs '" + quoted + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buffer;
  while (pipe && fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace tally::duckdb_oracle
