// summary.hpp — the answer for a whole file, computed once and shown first by the text
// and JSON outputs: bytes now and with each tensor in its recommended format, tensors per
// recommendation, the tensors that force a wider format than most of the bytes accept,
// and the tensors with NaN inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report.hpp"

namespace lowp_report {

struct summary_row {
  std::string format;         // a target name, or "keep"
  std::size_t tensors = 0;
  std::uint64_t bytes_now = 0;  // their bytes in the input
  std::uint64_t bytes_after = 0;  // their bytes in that format
};

struct forcing_tensor {
  std::size_t index;          // in the file
  std::string format;         // its recommendation
  std::string reason;         // why the majority format does not suit it
  std::uint64_t bytes = 0;    // in the input
};

struct file_summary {
  std::size_t floating = 0;
  std::uint64_t bytes_now = 0;        // the floating tensors' bytes in the input
  std::uint64_t bytes_recommended = 0;  // with each tensor in its recommended format
  std::vector<summary_row> rows;     // in preference order, then keep
  std::string majority;              // the recommendation of the largest share of bytes
  std::vector<forcing_tensor> forcing;  // need a wider format than `majority`
  std::uint64_t forcing_bytes = 0;
  std::vector<std::size_t> with_nan;    // tensors with NaN inputs
};

file_summary summarize_file(const file_report& f, const verdict_rules& rules);

}  // namespace lowp_report
