// `tally shell`: an interactive SQL prompt on the warehouse. Line editing, history (kept in
// ~/.tally_history between sessions) and tab completion of keywords, tables, columns and
// functions come from libedit (BSD-licensed, from Debian). Statements may span lines and end
// with ';'; lines starting with '.' are the shell's own commands (.help lists them). Ctrl-C
// cancels the running query and keeps the shell. Without a terminal on standard input the shell
// reads statements from it line by line, as a script.
#include <editline/readline.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/lib/commands.h"
#include "common/error.h"
#include "common/text_escape.h"
#include "exec/function_registry.h"
#include "report/table_output.h"
#include "report/text_table.h"
#include "sql/sql_parse.h"
#include "sql/sql_session.h"
#include "sql/sql_statements.h"
#include "sql/warehouse_catalog.h"

namespace tally {
namespace {

// The running query, for the interrupt handler (Cancel only stores an atomic flag, which is
// safe in a signal handler).
std::atomic<QueryContext*> g_running{nullptr};
// Set by Ctrl-C: at the prompt it drops the statement being typed instead of ending the shell.
std::atomic<bool> g_interrupted{false};

void OnInterrupt(int) {
  g_interrupted.store(true);
  if (QueryContext* query = g_running.load()) query->Cancel();
}

// Whether `text` holds a whole statement: its last character outside quotes and comments is ';'.
bool StatementComplete(const std::string& text) {
  ScriptSpans spans = SplitStatements(text);
  return !spans.open && !spans.statements.empty() && spans.statements.back().terminated;
}

size_t TerminalWidth() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    int n = std::atoi(columns);
    if (n > 0) return static_cast<size_t>(n);
  }
  return 120;
}

// Words tab completion offers: keywords, then the warehouse's tables, views and columns and the
// built-in functions (refreshed after every statement, which may have made or dropped some).
std::vector<std::string> g_words;

const std::vector<std::string>& Keywords() {
  static const std::vector<std::string> kKeywords = {
      "SELECT", "FROM",      "WHERE",    "GROUP",     "BY",      "HAVING",   "ORDER",
      "LIMIT",  "OFFSET",    "DISTINCT", "JOIN",      "LEFT",    "RIGHT",    "FULL",
      "INNER",  "OUTER",     "CROSS",    "ON",        "USING",   "AS",       "AND",
      "OR",     "NOT",       "IN",       "EXISTS",    "BETWEEN", "LIKE",     "ILIKE",
      "IS",     "NULL",      "CASE",     "WHEN",      "THEN",    "ELSE",     "END",
      "UNION",  "INTERSECT", "EXCEPT",   "ALL",       "WITH",    "OVER",     "PARTITION",
      "WINDOW", "ROWS",      "RANGE",    "ASC",       "DESC",    "NULLS",    "FIRST",
      "LAST",   "CREATE",    "TABLE",    "VIEW",      "INSERT",  "INTO",     "VALUES",
      "COPY",   "DROP",      "EXPLAIN",  "SHOW",      "TABLES",  "DESCRIBE", "ANALYZE",
      "CAST",   "INTERVAL",  "DATE",     "TIMESTAMP", "EXTRACT", "FILTER",   "ROLLUP",
      "CUBE",   "GROUPING",  "SETS",     "TRUE",      "FALSE",   "REPLACE",  "IF"};
  return kKeywords;
}

char* CompletionCandidate(const char* text, int state) {
  static size_t next = 0;
  if (state == 0) next = 0;
  std::string prefix(text);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string lower_prefix = lower(prefix);
  bool lower_case = !prefix.empty() && std::islower(static_cast<unsigned char>(prefix[0]));
  while (next < g_words.size()) {
    const std::string& word = g_words[next++];
    if (lower(word).compare(0, lower_prefix.size(), lower_prefix) != 0) continue;
    // Keywords follow the case being typed; names keep their own.
    bool keyword = std::find(Keywords().begin(), Keywords().end(), word) != Keywords().end();
    std::string shown = keyword && lower_case ? lower(word) : word;
    return strdup(shown.c_str());
  }
  return nullptr;
}

char** Complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;  // no file names
  return rl_completion_matches(text, CompletionCandidate);
}

class Shell {
 public:
  Shell(const GlobalOptions& global, bool interactive)
      : catalog_(global.WarehouseDir()), interactive_(interactive) {}

  int Run() {
    if (interactive_) {
      history_ = HistoryPath();
      using_history();
      if (!history_.empty()) read_history(history_.c_str());
      rl_attempted_completion_function = Complete;
      RefreshWords();
      fmt::print("tally shell: SQL on the warehouse {} (.help for help, .quit to leave)\n",
                 catalog_.warehouse().root());
    }
    std::signal(SIGINT, OnInterrupt);
    std::string buffer;
    while (!quit_) {
      std::string line;
      g_interrupted.store(false);
      bool read = ReadLine(buffer.empty() ? "tally> " : "  ...> ", &line);
      if (g_interrupted.exchange(false) && interactive_) {
        // Ctrl-C at the prompt: forget the statement being typed, as psql does.
        buffer.clear();
        fmt::print("\n");
        continue;
      }
      if (!read) break;
      if (buffer.empty() && line.find_first_not_of(" \t") == std::string::npos) continue;
      if (buffer.empty() && !line.empty() && line[0] == '.') {
        Remember(line);
        DotCommand(line);
        continue;
      }
      buffer += buffer.empty() ? line : "\n" + line;
      if (!StatementComplete(buffer)) continue;
      Remember(buffer);
      Execute(buffer);
      buffer.clear();
    }
    if (!buffer.empty() && buffer.find_first_not_of(" \t\n") != std::string::npos) Execute(buffer);
    if (interactive_) fmt::print("\n");
    return failed_ && !interactive_ ? 1 : 0;
  }

 private:
  static std::string HistoryPath() {
    if (const char* path = std::getenv("TALLY_HISTORY")) return path;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.tally_history";
    return "";
  }

  bool ReadLine(const char* prompt, std::string* line) {
    if (!interactive_) return static_cast<bool>(std::getline(std::cin, *line));
    char* text = readline(prompt);
    if (!text) return false;
    *line = text;
    std::free(text);
    return true;
  }

  void Remember(const std::string& entry) {
    if (!interactive_) return;
    add_history(entry.c_str());
    if (!history_.empty()) write_history(history_.c_str());
  }

  void RefreshWords() {
    std::set<std::string> names;
    try {
      for (const auto& t : catalog_.warehouse().ListTables()) {
        names.insert(t);
        if (auto entry = catalog_.warehouse().FindTable(t))
          for (const auto& f : entry->schema->fields()) names.insert(f.name);
      }
      for (const auto& v : catalog_.warehouse().ListViews()) names.insert(v);
    } catch (const Error&) {
      // An unreadable catalog only costs completions; statements will say what is wrong.
    }
    for (const auto& line : BuiltinFunctions().Describe())
      names.insert(line.substr(0, line.find('(')));
    g_words = Keywords();
    g_words.insert(g_words.end(), names.begin(), names.end());
  }

  void Print(const std::string& text) {
    fmt::print("{}", text);
    std::fflush(stdout);
  }

  void Show(const Table& table) {
    if (mode_ == "csv")
      Print(RenderCsv(table));
    else if (mode_ == "json")
      Print(RenderJson(table));
    else if (mode_ == "line")
      Print(RenderLines(table));
    else
      Print(RenderFittedTable(table, TerminalWidth(), kMaxRows));
  }

  void Execute(const std::string& text) {
    auto start = std::chrono::steady_clock::now();
    auto context = std::make_shared<QueryContext>();
    g_running.store(context.get());
    try {
      for (const SqlResult& r : RunSql(text, catalog_, context, &catalog_.warehouse())) {
        if (r.is_text)
          Print(r.text);
        else if (!r.tag.empty())
          Print(r.tag + "\n");
        else
          Show(r.table);
      }
    } catch (const QueryCancelled&) {
      fmt::print(stderr, "query cancelled\n");
      failed_ = true;
    } catch (const Error& e) {
      fmt::print(stderr, "Error: {}\n", EscapeControlCharacters(e.Describe(), true));
      failed_ = true;
    } catch (const std::bad_alloc&) {
      fmt::print(stderr, "Error: out of memory\n");
      failed_ = true;
    }
    g_running.store(nullptr);
    if (timer_) {
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Print(fmt::format("Run Time: {:.3f} s\n", seconds));
    }
    if (interactive_) RefreshWords();
  }

  void DotCommand(const std::string& line) {
    std::istringstream words(line);
    std::string command, argument;
    words >> command >> argument;
    try {
      if (command == ".quit" || command == ".exit") {
        quit_ = true;
      } else if (command == ".help") {
        Print(
            ".tables               the warehouse's tables and views\n"
            ".schema NAME          a table's columns and types, or a view's statement\n"
            ".mode table|csv|json|line   how results are shown\n"
            ".timer on|off         show each statement's run time\n"
            ".read FILE            run the statements of a file\n"
            ".quit                 leave (also Ctrl-D)\n"
            "SQL statements end with ';' and may span lines. Ctrl-C cancels a running query.\n");
      } else if (command == ".tables") {
        for (const auto& t : catalog_.warehouse().ListTables()) Print(t + "\n");
        for (const auto& v : catalog_.warehouse().ListViews()) Print(v + " (view)\n");
      } else if (command == ".schema") {
        Schema(argument);
      } else if (command == ".mode") {
        if (argument != "table" && argument != "csv" && argument != "json" && argument != "line")
          throw Error("usage: .mode table|csv|json|line");
        mode_ = argument;
      } else if (command == ".timer") {
        if (argument != "on" && argument != "off") throw Error("usage: .timer on|off");
        timer_ = argument == "on";
      } else if (command == ".read") {
        std::ifstream in(argument, std::ios::binary);
        if (!in) throw Error(fmt::format("cannot open {}", argument));
        std::stringstream text;
        text << in.rdbuf();
        Execute(text.str());
      } else {
        throw Error(fmt::format("unknown command {} (.help lists the commands)", command));
      }
    } catch (const Error& e) {
      fmt::print(stderr, "Error: {}\n", e.Describe());
      failed_ = true;
    }
  }

  void Schema(const std::string& name) {
    if (name.empty()) throw Error("usage: .schema NAME");
    if (auto view = catalog_.warehouse().FindView(name)) {
      Print(*view + ";\n");
      return;
    }
    auto entry = catalog_.warehouse().FindTable(name);
    if (!entry) throw Error(fmt::format("no table or view \"{}\"", name));
    std::string out = fmt::format("CREATE TABLE {} (", name);
    for (size_t i = 0; i < entry->schema->size(); ++i) {
      const Field& f = entry->schema->field(i);
      out += fmt::format("{}\n  {} {}{}", i ? "," : "", f.name, SqlTypeName(f.type),
                         f.nullable ? "" : " NOT NULL");
    }
    Print(out + fmt::format("\n);  -- {}\n", Counted(static_cast<uint64_t>(entry->rows), "row")));
  }

  static constexpr size_t kMaxRows = 40;

  WarehouseCatalog catalog_;
  bool interactive_;
  std::string history_;
  std::string mode_ = "table";
  bool timer_ = false;
  bool quit_ = false;
  bool failed_ = false;
};

}  // namespace

void RegisterShellCommand(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "shell", "An interactive SQL prompt on the warehouse (statements end with ';', .help)");
  cmd->callback([&global] {
    Shell shell(global, isatty(STDIN_FILENO) != 0);
    int code = shell.Run();
    if (code != 0) throw Error("some statements failed");
  });
}

}  // namespace tally
