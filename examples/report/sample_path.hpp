// sample_path.hpp — where the bundled sample is, for a run without arguments.
#pragma once

#include <string>
#include <vector>

namespace lowp_report {

// The places to look, in order: next to an installed executable
// (<prefix>/share/lowp/sample.safetensors), the configured install prefix, the source tree.
std::vector<std::string> bundled_sample_candidates();

}  // namespace lowp_report
