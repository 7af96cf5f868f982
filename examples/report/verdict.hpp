// verdict.hpp — from statistics to a word per cell and a recommendation per tensor/file.
//
// Verdict of one (format, policy) cell, the first rule that applies:
//   overflows   ieee policy and some finite input overflows (it becomes inf, or NaN on
//               float8_e4m3fn): the "black image" failure
//   saturates   saturate policy and some finite input overflows, or an infinite input
//               becomes +-max: it is clamped
//   changes_class  ieee policy and some NaN or infinite input comes out of another class
//               (-inf becomes NaN on float8_e4m3fn; NaN becomes a number on a format
//               without NaN): the value means something else
//   underflows  more than max_underflow (default 1%) of the finite nonzero inputs become 0
//   exact       every finite input converts exactly
//   lossy       SNR below min_snr_db (default 40 dB: error energy above 1/10000 of the signal)
//   safe        otherwise
// For a block format (no policy) overflows means some finite value became NaN (its block
// holds a NaN or an infinity); values clamped by their block's max are part of its error.
// Recommendation for a tensor: the first format in preference_order (targets.hpp: fewest
// bits per value first; at equal size the one with more precision), whose ieee verdict is
// exact or safe; "keep" (stay in the input dtype) if none is. Saturation is
// never recommended on its own: it changes values; the saturate rows show by how much.
// Recommendation for a file: the first format, in the same order, that every floating
// tensor accepts; else "mixed" if every tensor has a recommendation of its own; else "keep".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis.hpp"

namespace lowp_report {

enum class verdict { exact, safe, lossy, underflows, changes_class, saturates, overflows };
const char* verdict_name(verdict v) noexcept;

struct verdict_rules {
  double min_snr_db = 40.0;
  double max_underflow = 0.01;  // a fraction of the finite nonzero inputs
};

// The numbers the report shows for one cell. An undefined number (a max over no inputs)
// is NaN; an error made infinite by overflow is +inf (SNR -inf); a conversion without
// any error has SNR +inf.
struct cell_summary {
  lowp::conversion_stats counts;
  std::uint64_t nan_changed;  // NaN inputs that became numbers
  std::uint64_t inf_changed;  // infinite inputs that became NaN or finite
  std::uint64_t class_changed() const noexcept { return nan_changed + inf_changed; }
  double max_abs_error;
  double max_rel_error;
  double rms_rel_error;
  double snr_db;
  std::uint64_t clamped;  // block formats: values clamped by their block's max
  std::uint64_t bytes;  // the tensor's size in this format (block formats: with the scales)
  int scale_exponent;   // scaled by 2^-scale_exponent before conversion (0: no scale)
  verdict verdict_of;
};

cell_summary summarize(const tensor_stats& s, target t, lowp::overflow policy, const verdict_rules& rules);
// The --scale cell of format t (s.scaled[t].used), ieee policy, in the tensor's units.
cell_summary summarize_scaled(const tensor_stats& s, target t, const verdict_rules& rules);
// A cell of statistics measured on x / 2^k.
cell_summary summarize_cell(const tensor_stats& s, const cell_stats& cell, int k, target t, lowp::overflow policy,
                            const verdict_rules& rules);

struct recommendation {
  std::string format;  // a target name, or "keep" / "mixed" / "none"
  std::string reason;  // one line, for people
};

// Whether a verdict makes a format acceptable for recommendation.
bool acceptable(verdict v) noexcept;

// The ieee cells of one tensor, by target index.
using format_cells = std::array<cell_summary, target_count>;

recommendation recommend_tensor(const tensor_stats& s, const format_cells& ieee);

// `ieee`: the cells of a file's floating tensors; `recs`: their recommendations.
recommendation recommend_file(const std::vector<const format_cells*>& ieee, const std::vector<const recommendation*>& recs);

// A short description of a cell's problem or quality, e.g. "96 values overflow to inf".
std::string describe(const cell_summary& c, const tensor_stats& s, target t, lowp::overflow policy);

}  // namespace lowp_report
