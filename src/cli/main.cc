// tally: command-line entry point. Exit codes: 0 ok, 1 failure, 2 usage error.
#include <fmt/format.h>

#include <malloc.h>
#include <tbb/global_control.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "cli/lib/commands.h"
#include "common/closest_name.h"
#include "common/error.h"
#include "common/memory_budget.h"
#include "common/text_escape.h"
#include "dist/communicator.h"
#include "dist/mpi_launch.h"
#include "exec/query_context.h"
#include "exec/spill_file.h"
#include "io/input_stream.h"

namespace {

// Under an MPI launcher every rank runs the same command on its share of the input; rank 0
// alone prints and writes results, the others stay quiet. Returns whether this is such a run.
bool JoinDistributedRun(int* argc, char*** argv, tally::GlobalOptions* global) {
  if (!tally::LaunchedAsMpiRanks()) return false;
  tally::SetProcessCommunicator(tally::MakeMpiCommunicator(argc, argv));
  if (tally::CurrentCommunicator().rank() != 0) {
    global->quiet = true;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO);
  }
  return true;
}

// --rank-stats: rank 0 prints each rank's time (since MPI was ready) and bytes sent to other
// ranks; a single process prints its own line.
void PrintRankStats(double seconds) {
  tally::Communicator& comm = tally::CurrentCommunicator();
  std::string mine = fmt::format("{} {} {:.3f}", comm.host(), comm.bytes_sent(), seconds);
  std::vector<std::string> all = comm.AllGather(mine);
  if (comm.rank() != 0) return;
  fmt::print(stderr, "rank  host  bytes_sent  seconds\n");
  for (size_t r = 0; r < all.size(); ++r) fmt::print(stderr, "{}  {}\n", r, all[r]);
}

// An error on one rank ends the whole run: the other ranks may be waiting for it.
[[noreturn]] void AbortRun(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  tally::CurrentCommunicator().Abort(code);
  std::_Exit(code);  // not reached: Abort ends the process
}

std::string RankPrefix(bool distributed) {
  if (!distributed) return "";
  tally::Communicator& comm = tally::CurrentCommunicator();
  return fmt::format("rank {} on {}: ", comm.rank(), comm.host());
}

// Messages quote names and values from input files: their control characters are escaped.
std::string ShownMessage(const tally::Error& e) {
  return tally::EscapeControlCharacters(e.Describe(), /*keep_newlines=*/true);
}

// The deepest subcommand the command line chose ("tally report"), for pointing at its help.
std::string ChosenCommand(const CLI::App& app, const CLI::App** chosen) {
  std::string name = "tally";
  const CLI::App* at = &app;
  for (;;) {
    auto parsed = at->get_subcommands();
    if (parsed.empty()) break;
    at = parsed.front();
    name += " " + at->get_name();
  }
  *chosen = at;
  return name;
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(s->get_name());
  return names;
}

// "--name" of every option of `app` and of the commands above it (whose options fall through).
std::vector<std::string> OptionNames(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app != nullptr; app = app->get_parent())
    for (const CLI::Option* o : app->get_options()) {
      for (const auto& l : o->get_lnames()) names.push_back("--" + l);
      for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
  return names;
}

// A parse error as the user can act on it: an unknown command or option with the closest known
// one, and the help of the command that was meant.
std::string UsageMessage(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const CLI::App* chosen = nullptr;
  std::string command = ChosenCommand(app, &chosen);
  std::string message = error.what();
  if (chosen == &app) {
    // No command: the first word that is not an option (or an option's value) was meant as one.
    for (int i = 1; i < argc; ++i) {
      std::string word = argv[i];
      if (word.starts_with("-")) {
        bool takes_value = word.find('=') == std::string::npos && word != "-q" &&
                           word != "--quiet" && word != "--rank-stats" && word != "-h" &&
                           word != "--help" && word != "--version";
        if (takes_value) ++i;
        continue;
      }
      std::string closest = tally::ClosestName(word, SubcommandNames(app));
      message = fmt::format("unknown command \"{}\"{}", word,
                            closest.empty() ? "" : fmt::format("; did you mean \"{}\"?", closest));
      break;
    }
  } else {
    std::vector<std::string> known = OptionNames(chosen);
    for (int i = 1; i < argc; ++i) {
      std::string word = argv[i];
      if (!word.starts_with("-") || word == "-") continue;
      std::string name = word.substr(0, word.find('='));
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      std::string closest = tally::ClosestName(name, known);
      message = fmt::format("unknown option {} for '{}'{}", name, command,
                            closest.empty() ? "" : fmt::format("; did you mean {}?", closest));
      break;
    }
  }
  return fmt::format("{}\nRun '{} --help' for usage.", message, command);
}

}  // namespace

int main(int argc, char** argv) {
  // Column buffers are large and short-lived. glibc's defaults return them to the kernel
  // (munmap / trim) after every batch, and faulting fresh pages back in costs more than the
  // parsing itself; keeping freed memory in the process avoids that.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // A dump of many tables keeps one lock open per table until its commit: allow as many open
  // files as the system lets this process have.
  rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  tally::GlobalOptions global;
  std::string unlaunched = tally::SlurmTasksWithoutMpi(
      [](const char* name) -> const char* { return std::getenv(name); });
  if (!unlaunched.empty()) {
    fmt::print(stderr, "tally: error: {}\n", unlaunched);
    return 2;
  }
  bool distributed = false;
  try {
    distributed = JoinDistributedRun(&argc, &argv, &global);
  } catch (const tally::Error& e) {
    fmt::print(stderr, "tally: error: {}\n", e.Describe());
    return 1;
  }
  // Time from here on: the command's, without MPI's start-up.
  auto start = std::chrono::steady_clock::now();
  bool rank_stats = false;
  CLI::App app{"tally: fast, exact retail analytics over CSV and Parquet warehouses", "tally"};
  app.set_version_flag("--version", std::string("tally ") + TALLY_VERSION);
  app.add_option("--warehouse", global.warehouse,
                 "Warehouse directory (default: $TALLY_WAREHOUSE or ./warehouse)")
      ->envname("TALLY_WAREHOUSE");
  app.add_flag("-q,--quiet", global.quiet, "No progress bar or summaries");
  // Big operators (aggregation, sort) spill to compressed files past the memory limit.
  app.add_option_function<std::string>(
         "--memory-limit",
         [](const std::string& size) {
           tally::GlobalMemoryBudget().set_limit(tally::ParseByteSize(size));
         },
         "Memory for large operators before they spill to disk, e.g. 512MB, 2GB (default: 60% "
         "of physical memory or of the cgroup limit)")
      ->type_name("SIZE");
  app.add_option_function<std::string>(
         "--temp-dir",
         [](const std::string& dir) {
           tally::SetSpillTempDir(dir);
           tally::SetStreamSpoolDir(dir);
         },
         "Directory for spill files and the kept copy of standard input (default: $TMPDIR or /tmp)")
      ->type_name("DIR");
  // Cores per process (each rank's, in a distributed run); default: all.
  app.add_option_function<int>(
         "--threads",
         [](int threads) {
           static std::unique_ptr<tbb::global_control> limit;
           if (threads < 1) throw tally::UsageError("--threads must be at least 1");
           limit = std::make_unique<tbb::global_control>(
               tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
         },
         "Worker threads of this process (default: one per core)")
      ->type_name("N");
  app.add_option_function<uint64_t>(
         "--broadcast-join-rows", [](uint64_t rows) { tally::SetDefaultBroadcastJoinRows(rows); },
         "In a distributed run, a join whose build side is estimated at N rows or more shuffles "
         "both sides by key instead of copying the build side to every rank (default: 1000000)")
      ->type_name("N");
  app.add_flag("--rank-stats", rank_stats,
               "Print each rank's time (after start-up) and bytes sent to other ranks");
  tally::InstallSpillCleanupHandlers();
  app.require_subcommand(1);
  app.fallthrough();
  tally::RegisterIngestCommand(app, global);
  tally::RegisterTableCommands(app, global);
  tally::RegisterReportCommands(app, global);
  tally::RegisterGenerateCommand(app, global);
  tally::RegisterWdiCommand(app, global);
  tally::RegisterSqlCommand(app, global);
  tally::RegisterShellCommand(app, global);

  int code = 0;
  bool quiet_exit = false;
  try {
    app.parse(argc, argv);
    if (rank_stats)
      PrintRankStats(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  } catch (const CLI::CallForHelp& e) {
    code = app.exit(e);
    quiet_exit = true;
  } catch (const CLI::CallForAllHelp& e) {
    code = app.exit(e);
    quiet_exit = true;
  } catch (const CLI::CallForVersion& e) {
    code = app.exit(e);
    quiet_exit = true;
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tally: error: {}\n", UsageMessage(app, e, argc, argv));
    code = 2;
  } catch (const tally::UsageError& e) {
    fmt::print(stderr, "tally: error: {}{}\n", RankPrefix(distributed), ShownMessage(e));
    code = 2;
  } catch (const tally::Error& e) {
    fmt::print(stderr, "tally: error: {}{}\n", RankPrefix(distributed), ShownMessage(e));
    code = 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "tally: error: {}out of memory\n", RankPrefix(distributed));
    code = 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tally: internal error: {}{}\n", RankPrefix(distributed), e.what());
    code = 1;
  }
  // Help and version end every rank alike; any other failure may be this rank's alone.
  if (distributed && code != 0 && !quiet_exit) AbortRun(code);
  // Ends MPI (a no-op for a single process).
  tally::SetProcessCommunicator(nullptr);
  return code;
}
