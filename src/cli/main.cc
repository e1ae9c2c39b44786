// tally: command-line entry point. Exit codes: 0 ok, 1 failure, 2 usage error.
#include <fmt/format.h>

#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/lib/commands.h"
#include "common/error.h"
#include "common/memory_budget.h"
#include "exec/spill_file.h"

int main(int argc, char** argv) {
  // Column buffers are large and short-lived. glibc's defaults return them to the kernel
  // (munmap / trim) after every batch, and faulting fresh pages back in costs more than the
  // parsing itself; keeping freed memory in the process avoids that.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  tally::GlobalOptions global;
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
         "of physical memory)")
      ->type_name("SIZE");
  app.add_option_function<std::string>(
         "--temp-dir", [](const std::string& dir) { tally::SetSpillTempDir(dir); },
         "Directory for spill files (default: $TMPDIR or /tmp)")
      ->type_name("DIR");
  tally::InstallSpillCleanupHandlers();
  app.require_subcommand(1);
  app.fallthrough();
  tally::RegisterIngestCommand(app, global);
  tally::RegisterTableCommands(app, global);
  tally::RegisterReportCommands(app, global);
  tally::RegisterGenerateCommand(app, global);
  tally::RegisterWdiCommand(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tally: error: {}\nRun 'tally --help' for usage.\n", e.what());
    return 2;
  } catch (const tally::UsageError& e) {
    fmt::print(stderr, "tally: error: {}\n", e.Describe());
    return 2;
  } catch (const tally::Error& e) {
    fmt::print(stderr, "tally: error: {}\n", e.Describe());
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "tally: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tally: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
