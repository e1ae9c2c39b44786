#pragma once
// Streams a SQL script (plain pg_dump output) statement by statement without holding more than
// one statement (or one line of COPY data) in memory, so that dumps of any size can be read.
//
// Statements end at a ';' outside quotes ('...', E'...' with backslash escapes, "..."),
// dollar quotes ($$...$$, $tag$...$tag$) and comments (-- and nested /* */). Lines that start
// with a backslash where a statement would start are psql meta-commands (\connect, \restrict)
// and are skipped. After a `COPY ... FROM stdin;` the caller reads the data with NextLine up to
// the `\.` line; the data never goes through the statement scanner.
#include <cstdint>
#include <string>
#include <string_view>

#include "io/input_stream.h"

namespace tally {

class SqlScriptReader {
 public:
  // A statement or line longer than `max_bytes` ends the read with an error naming its line.
  SqlScriptReader(InputStream* input, size_t max_bytes) : input_(input), max_bytes_(max_bytes) {}

  // The next statement without its ';' (comments inside it are kept), and the line it starts
  // on. False at the end of the script.
  bool NextStatement(std::string* sql, uint64_t* first_line);
  // The next raw line without its line break; valid until the next call. False at the end.
  bool NextLine(std::string_view* line, uint64_t* line_number);

  const std::string& name() const { return input_->name(); }
  // pg_dump opens its output with a "-- PostgreSQL database dump" comment and ends it with
  // "-- PostgreSQL database dump complete": a dump without the last line was cut short.
  bool opened_as_pg_dump() const { return opened_as_pg_dump_; }
  bool ended_as_complete_dump() const { return ended_complete_; }
  uint64_t line() const { return line_; }

 private:
  bool Fill();
  // The character `offset` bytes after pos_, reading more input as needed; '\0' at the end.
  char At(size_t offset);
  void Compact();
  void Consume(size_t bytes);  // advances pos_, counting line breaks

  void NoteComment(std::string_view comment);

  InputStream* input_;
  size_t max_bytes_;
  bool any_statement_ = false;
  bool opened_as_pg_dump_ = false;
  bool ended_complete_ = false;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;  // line number of buf_[pos_]
};

}  // namespace tally
