// plan.hpp — --plan: a format per tensor, the smallest that keeps every value.
//
// For each floating tensor, the first format in preference order (fewest bytes first) that
// --convert can write, whose ieee conversion has no overflow (no inf or NaN created), changes the class of no
// value (inf stays inf, NaN stays NaN) and has SNR >= min_snr_db; none of them: "keep"
// (the input dtype). A tensor whose name matches a --keep glob keeps its dtype, as does
// one whose planned format would not be smaller than its dtype. Other dtypes: keep.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report.hpp"

namespace lowp_report {

struct plan_options {
  double min_snr_db = 40.0;
  bool scale = false;  // a format scaled by a power of two (--scale) is a candidate too
  std::vector<std::string> keep;  // shell globs (fnmatch) of tensor names
};

std::vector<plan_entry> make_plan(const file_report& f, const plan_options& options);

// The bytes of the floating tensors under the plan, and all in float32 / bfloat16.
struct plan_totals {
  std::uint64_t planned = 0, float32 = 0, bfloat16 = 0, input = 0;
  std::size_t kept = 0;
};
plan_totals totals_of(const file_report& f, const std::vector<plan_entry>& plan);

// The plan as the JSON --plan-out writes and --plan-file reads:
//   {"lowp_report_plan": 1, "tensors": {"name": "float16" | "keep" | "float8_e4m3fn*2^-7", ...}}
// where FORMAT*2^K means: stored in FORMAT as x / 2^K, with NAME_scale = 2^K.
nlohmann::ordered_json plan_document(const file_report& f, const std::vector<plan_entry>& plan);

// "float16", "float8_e4m3fn*2^-7", "keep".
std::string plan_format_text(const plan_entry& p);

// read_plan(text, file): the plan a --plan-file gives for `file`; throws input_error if it
// is not such a document, names a tensor the file does not have, leaves out one it has, or
// names an unknown format.
std::vector<plan_entry> read_plan(const std::string& text, const tensor_file& file);

}  // namespace lowp_report
