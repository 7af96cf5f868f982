// cli.hpp — the lowp-report command line.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace lowp_report {

// Exit codes.
constexpr int exit_ok = 0;
constexpr int exit_output_failed = 1;  // an output file (--svg, --convert) could not be written
constexpr int exit_bad_input = 2;      // a bad file or bad usage: nothing was written

// run(args, out, err, err_is_terminal): lowp-report with arguments `args` (without the
// program name). The report goes to `out`, messages to `err`; a progress bar is drawn on
// the process's stderr only if err_is_terminal. Returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool err_is_terminal);

// The --help text.
const char* help_text() noexcept;

}  // namespace lowp_report
