#include "ingest/sql_script_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "common/error.h"

namespace tally {
namespace {

constexpr size_t kReadBytes = 1 << 20;

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

bool SqlScriptReader::Fill() {
  if (eof_) return false;
  // Everything from pos_ on is the statement or line being read.
  if (buf_.size() - pos_ >= max_bytes_)
    throw Error(SourceLocation{input_->name(), line_, 1},
                fmt::format("a statement or line longer than {} bytes (raise --max-record-size "
                            "to read longer ones)",
                            max_bytes_));
  size_t old = buf_.size();
  buf_.resize(old + kReadBytes);
  size_t n = input_->Read(buf_.data() + old, kReadBytes);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  return n > 0;
}

char SqlScriptReader::At(size_t offset) {
  while (pos_ + offset >= buf_.size())
    if (!Fill()) return '\0';
  return buf_[pos_ + offset];
}

void SqlScriptReader::Compact() {
  if (pos_ > kReadBytes) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

void SqlScriptReader::Consume(size_t bytes) {
  line_ +=
      static_cast<uint64_t>(std::count(buf_.begin() + pos_, buf_.begin() + pos_ + bytes, '\n'));
  pos_ += bytes;
}

void SqlScriptReader::NoteComment(std::string_view comment) {
  while (!comment.empty() && (comment.back() == '\r' || comment.back() == ' '))
    comment.remove_suffix(1);
  if (comment == "-- PostgreSQL database dump" && !any_statement_) opened_as_pg_dump_ = true;
  if (comment == "-- PostgreSQL database dump complete") ended_complete_ = true;
}

bool SqlScriptReader::NextLine(std::string_view* line, uint64_t* line_number) {
  Compact();
  size_t searched = pos_;
  for (;;) {
    const char* start = buf_.data() + searched;
    const void* nl = std::memchr(start, '\n', buf_.size() - searched);
    if (nl) {
      size_t end = static_cast<const char*>(nl) - buf_.data();
      size_t length = end - pos_;
      if (length > 0 && buf_[end - 1] == '\r') --length;
      *line = std::string_view(buf_.data() + pos_, length);
      *line_number = line_++;
      pos_ = end + 1;
      return true;
    }
    searched = buf_.size();
    if (!Fill()) break;
  }
  if (pos_ >= buf_.size()) return false;
  *line = std::string_view(buf_.data() + pos_, buf_.size() - pos_);
  *line_number = line_;
  pos_ = buf_.size();
  return true;
}

bool SqlScriptReader::NextStatement(std::string* sql, uint64_t* first_line) {
  Compact();
  // Skip blanks, comments and psql meta-command lines between statements (dropping what was
  // skipped from the buffer as it goes, however much of it there is).
  for (;;) {
    Compact();
    char c = At(0);
    if (c == '\0') return false;
    if (std::isspace(static_cast<unsigned char>(c))) {
      Consume(1);
    } else if (c == '-' && At(1) == '-') {
      size_t k = 2;
      while (At(k) != '\n' && At(k) != '\0') ++k;
      NoteComment(std::string_view(buf_.data() + pos_, k));
      Consume(k);
    } else if (c == '\\') {
      size_t k = 1;
      while (At(k) != '\n' && At(k) != '\0') ++k;
      Consume(k);
    } else {
      break;
    }
  }
  *first_line = line_;
  any_statement_ = true;
  ended_complete_ = false;
  enum class State { kNormal, kQuote, kEscapeQuote, kIdent, kDollar, kLineComment, kBlockComment };
  State state = State::kNormal;
  std::string tag;  // the dollar quote's delimiter, e.g. "$body$"
  int depth = 0;    // nesting of /* */
  size_t k = 0;
  for (;; ++k) {
    char c = At(k);
    if (c == '\0') break;
    switch (state) {
      case State::kNormal:
        if (c == ';') {
          sql->assign(buf_, pos_, k);
          Consume(k + 1);
          // The rest of the terminating line (usually just the line break) belongs to it, so
          // that COPY data starts on the next NextLine().
          size_t r = 0;
          while (At(r) == ' ' || At(r) == '\t' || At(r) == '\r') ++r;
          if (At(r) == '\n') Consume(r + 1);
          return true;
        } else if (c == '\'') {
          bool escape = k > 0 && (buf_[pos_ + k - 1] == 'E' || buf_[pos_ + k - 1] == 'e') &&
                        (k < 2 || !IsIdentChar(buf_[pos_ + k - 2]));
          state = escape ? State::kEscapeQuote : State::kQuote;
        } else if (c == '"') {
          state = State::kIdent;
        } else if (c == '-' && At(k + 1) == '-') {
          state = State::kLineComment;
        } else if (c == '/' && At(k + 1) == '*') {
          state = State::kBlockComment;
          depth = 1;
          ++k;
        } else if (c == '$' && (k == 0 || !IsIdentChar(buf_[pos_ + k - 1]))) {
          size_t e = k + 1;
          while (IsIdentChar(At(e)) && !std::isdigit(static_cast<unsigned char>(At(k + 1)))) ++e;
          if (At(e) == '$') {
            tag.assign(buf_, pos_ + k, e - k + 1);
            state = State::kDollar;
            k = e;
          }
        }
        break;
      case State::kQuote:
        if (c == '\'') state = State::kNormal;  // a doubled '' re-enters at once
        break;
      case State::kEscapeQuote:
        if (c == '\\' || (c == '\'' && At(k + 1) == '\''))
          ++k;  // an escaped or doubled quote does not end the string
        else if (c == '\'')
          state = State::kNormal;
        break;
      case State::kIdent:
        if (c == '"') state = State::kNormal;
        break;
      case State::kDollar:
        if (c == '$' && At(k + tag.size() - 1) != '\0' &&
            buf_.compare(pos_ + k, tag.size(), tag) == 0) {
          k += tag.size() - 1;
          state = State::kNormal;
        }
        break;
      case State::kLineComment:
        if (c == '\n') state = State::kNormal;
        break;
      case State::kBlockComment:
        if (c == '*' && At(k + 1) == '/') {
          ++k;
          if (--depth == 0) state = State::kNormal;
        } else if (c == '/' && At(k + 1) == '*') {
          ++k;
          ++depth;
        }
        break;
    }
  }
  // The script ended without a final ';'.
  if (state == State::kQuote || state == State::kEscapeQuote || state == State::kIdent ||
      state == State::kDollar)
    throw Error(SourceLocation{input_->name(), *first_line, 0},
                "the script ends inside a quoted string or identifier");
  sql->assign(buf_, pos_, k);
  Consume(k);
  return sql->find_first_not_of(" \t\r\n") != std::string::npos;
}

}  // namespace tally
