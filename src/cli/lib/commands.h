#pragma once
// Registration of tally's subcommands on the command-line parser. Each command's options and
// behaviour live in its own file (ingest_command.cc, table_commands.cc, ...).
#include <CLI/CLI.hpp>

#include "cli/lib/global_options.h"

namespace tally {

void RegisterIngestCommand(CLI::App& app, GlobalOptions& global);
void RegisterTableCommands(CLI::App& app, GlobalOptions& global);
void RegisterReportCommands(CLI::App& app, GlobalOptions& global);
void RegisterGenerateCommand(CLI::App& app, GlobalOptions& global);
void RegisterWdiCommand(CLI::App& app, GlobalOptions& global);
void RegisterSqlCommand(CLI::App& app, GlobalOptions& global);
void RegisterShellCommand(CLI::App& app, GlobalOptions& global);

}  // namespace tally
