// report.hpp — what was measured: per file, its tensors, their statistics and the plan
// (view.hpp computes from it what the outputs show).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "safetensors_writer.hpp"
#include "tensor_file.hpp"
#include "verdict.hpp"

namespace lowp_report {

// One tensor's entry of a plan (plan.hpp).
struct plan_entry {
  bool keep = true;                 // stays in its input dtype
  target format;                   // when !keep
  std::optional<int> scale;         // stored as x / 2^scale, with NAME_scale (when !keep)
  double snr_db = 0;                // of the planned format (when !keep)
  std::string why;                  // for people: "--keep", the rejected formats, ...
};

struct file_report {
  std::string path;    // as shown to the user
  std::uint64_t size;  // bytes
  const tensor_file* file;
  std::vector<tensor_stats> stats;  // one per tensor of *file
  std::vector<plan_entry> plan;     // with --plan or --plan-file: one per tensor
};

struct report {
  lowp::rounding mode = lowp::rounding::to_nearest_even;
  verdict_rules rules;
  bool details = false;  // text: the per-format table of every tensor, not one line each
  bool planned = false;  // every file has a plan
  bool scaled = false;   // --scale: tensor_stats::scaled is measured
  std::vector<file_report> files;
  bool converted = false;
  conversion_summary conversion;  // what --convert did, if converted
};

// "146 values overflowed to inf, 2 infinities became NaN": what a conversion changed.
std::string changes_text(const conversion_summary& c);

// "64 KiB", "1.5 MiB".
std::string human_bytes(std::uint64_t bytes);

}  // namespace lowp_report
