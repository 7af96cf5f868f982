// view.hpp — what the outputs show, computed once from a report: per tensor the summary
// of every cell, the --scale cells and the recommendation; per file the summary (bytes
// now and with each tensor in its recommended format, tensors per recommendation, the
// tensors that force a wider format than most of the bytes accept, NaN inputs), the
// recommendation and the plan's totals. The text, JSON and SVG renderers only format it.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "plan.hpp"
#include "report.hpp"

namespace lowp_report {

struct tensor_view {
  const tensor_entry* entry = nullptr;
  const tensor_stats* stats = nullptr;
  bool floating = false;  // the rest is set only for floating tensors
  format_cells ieee{}, saturate{};                   // by target index
  std::optional<cell_summary> scaled[target_count];  // with --scale, where measured
  recommendation rec;

  const cell_summary& cell(target t, lowp::overflow p = lowp::overflow::ieee) const noexcept {
    return (p == lowp::overflow::ieee ? ieee : saturate)[target_index(t)];
  }
};

struct summary_row {
  std::string format;             // a target name, or "keep"
  std::size_t tensors = 0;
  std::uint64_t bytes_now = 0;    // their bytes in the input
  std::uint64_t bytes_after = 0;  // their bytes in that format
};

struct forcing_tensor {
  std::size_t index;        // in the file
  std::string format;       // its recommendation
  std::string reason;       // why the majority format does not suit it
  std::uint64_t bytes = 0;  // in the input
};

struct file_summary {
  std::size_t floating = 0;
  std::uint64_t bytes_now = 0;          // the floating tensors' bytes in the input
  std::uint64_t bytes_recommended = 0;  // with each tensor in its recommended format
  std::vector<summary_row> rows;        // in preference order, then keep
  std::string majority;                 // the recommendation of the largest share of bytes
  std::vector<forcing_tensor> forcing;  // need a wider format than `majority`
  std::uint64_t forcing_bytes = 0;
  std::vector<std::size_t> with_nan;    // tensors with NaN inputs
};

struct file_view {
  const file_report* file = nullptr;
  std::vector<tensor_view> tensors;
  file_summary summary;
  recommendation rec;
  std::optional<plan_totals> plan;  // with a plan
};

struct report_view {
  const report* source = nullptr;  // its conversion is read when rendered
  std::vector<file_view> files;
};

report_view make_view(const report& r);

// The human report (the default output): per file a summary, then one line per tensor
// (with details, a table per tensor).
void render_text(std::ostream& out, const report_view& v);
// The --json document (see the help text for its shape).
nlohmann::ordered_json render_json(const report_view& v);
// The --svg picture: per tensor, a histogram of log2|x| under the element formats' ranges.
void render_svg(std::ostream& out, const report_view& v);

}  // namespace lowp_report
