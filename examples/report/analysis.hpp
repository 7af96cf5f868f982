// analysis.hpp — what converting each tensor to each format would do, measured.
//
// For every floating tensor and every (format, overflow policy) cell, the analysis streams
// the tensor through lowp's bulk API in chunks: check_conversion<T> gives the counts and
// convert gives the converted values (block formats: quantize_mx / quantize_nvfp4 and
// back), from which the errors are computed in double:
//
//   abs error  |x - q(x)|            over the finite inputs
//   rel error  |x - q(x)| / |x|      over the finite nonzero inputs
//   SNR        10 log10(sum x^2 / sum (x - q(x))^2)   over the finite inputs
//
// A finite input whose result is not finite (inf; NaN on float8_e4m3fn) has an infinite
// error: the value is lost. NaN and infinite inputs are counted, never part of an error;
// but a NaN or infinite input whose result is of another class (inf -> NaN on
// float8_e4m3fn, inf -> +-max when saturating, NaN -> a number on a format without NaN)
// is counted as a class change, which no verdict calls exact or safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <lowp/bulk.hpp>

#include "byte_source.hpp"
#include "dtype.hpp"
#include "targets.hpp"
#include "tensor_file.hpp"

namespace lowp_report {

// The histogram of floor(log2 |x|) over the finite nonzero inputs has one bin per power of
// two from 2^-160 to 2^159; values outside fall into the first or last bin.
constexpr int histogram_min_exponent = -160;
constexpr int histogram_bins = 320;

// A sum of squares that neither overflows nor underflows: value * 2^exponent. F64 inputs
// are scaled by a power of two per chunk before squaring (1e200^2 and 1e-200^2 are
// outside double's range); float inputs never need it (exponent stays 0).
struct scaled_sum {
  double value = 0;
  int exponent = 0;

  void add(double v, int e) noexcept;  // += v * 2^e
  void merge(const scaled_sum& o) noexcept { add(o.value, o.exponent); }
  double to_double() const noexcept;  // may overflow to inf or underflow to 0
};
// 10 log10(a / b), without forming a / b.
double ratio_db(const scaled_sum& a, const scaled_sum& b) noexcept;

struct input_stats {
  std::uint64_t count = 0;
  std::uint64_t nan = 0;
  std::uint64_t inf = 0;
  std::uint64_t zero = 0;
  std::uint64_t finite_nonzero = 0;
  scaled_sum sum_sq;                                         // sum of x^2 over the finite inputs
  double min_abs = std::numeric_limits<double>::infinity();  // smallest finite nonzero |x|
  double max_abs = 0;                                       // largest finite |x|
  std::array<std::uint64_t, histogram_bins> histogram{};

  void merge(const input_stats& o) noexcept;
};

struct error_sums {
  double max_abs = 0;       // largest |x - q| over the finite inputs
  double max_rel = 0;       // largest |x - q| / |x| over the finite nonzero inputs
  double sum_sq_rel = 0;    // sum of (|x - q| / |x|)^2 over the finite nonzero inputs
  scaled_sum sum_sq_error;  // sum of (x - q)^2 over the finite inputs
  std::uint64_t nan_changed = 0;  // NaN inputs whose result is not NaN
  std::uint64_t inf_changed = 0;  // infinite inputs whose result is not that infinity

  void merge(const error_sums& o) noexcept;
};

// One format under one overflow policy. For a block format (no policy: its elements
// saturate) both cells hold the same numbers, and the counts mean: nan, NaN inputs;
// overflow, finite inputs whose result is NaN (their block holds a NaN or an infinity);
// underflow, nonzero inputs flushed to zero inside their block; subnormal, nonzero results
// whose element is subnormal; inexact as for element formats; clamped, finite inputs
// above the largest value their block can hold (the element max times the block's
// scales), stored as that value.
struct cell_stats {
  lowp::conversion_stats counts;
  std::uint64_t clamped = 0;
  error_sums errors;
};

enum class policy_index { ieee = 0, saturate = 1 };
constexpr lowp::overflow policies[2] = {lowp::overflow::ieee, lowp::overflow::saturate};

// --scale: the tensor divided by a power of two 2^exponent before conversion (the stored
// values times 2^exponent give the tensor back). The statistics are of the scaled values
// x / 2^exponent against their conversion, ieee policy; errors are relative, and the
// absolute ones are brought back to the tensor's units by summarize_scaled (verdict.hpp).
struct scaled_cell {
  bool used = false;
  int exponent = 0;
  cell_stats stats;
};

// Whether --scale considers format t (its row's `scale`: the fp8 formats always, float16
// only where it underflows or overflows without a scale; bfloat16 never, its range is
// float's; block formats never, their block scales do it).
bool scalable(target t) noexcept;

struct tensor_stats {
  std::uint64_t row_length = 0;  // the last dimension: block formats' blocks run along it
  input_stats input;
  cell_stats cells[target_count][2];  // [target_index][ieee, saturate]
  scaled_cell scaled[target_count];   // with --scale

  const cell_stats& cell(target t, lowp::overflow p) const noexcept {
    return cells[target_index(t)][p == lowp::overflow::ieee ? 0 : 1];
  }
  void merge(const tensor_stats& o) noexcept;
};

struct analysis_options {
  lowp::rounding mode = lowp::rounding::to_nearest_even;
  unsigned threads = 0;  // 0: one per core
  bool progress = false;  // a progress bar may be drawn (see progress_bar)
  bool scale = false;     // also measure the power-of-two-scaled conversions (a second pass)
  // Scales fixed in advance (a --plan-file): per input, per tensor, a format and exponent
  // to measure as well. Empty, or one entry per input.
  struct fixed_scale {
    std::size_t tensor;
    target format;
    int exponent;
  };
  std::vector<std::vector<fixed_scale>> fixed_scales;
};

// The scale exponent k for format T and a tensor whose largest finite |x| is max_abs: the
// smallest k with max_abs / 2^k rounding to at most T's max. A power of two changes no
// relative error of a normal result, so the smallest k that does not overflow keeps the
// most values out of the subnormal range: it maximises SNR without overflow.
int scale_exponent(target t, double max_abs, lowp::rounding mode) noexcept;

// A file to analyse: its parsed description and its bytes.
struct analysis_input {
  const tensor_file* file;
  const byte_source* source;
};

// An input that could not be read during the analysis: which one, and why.
class read_error : public input_error {
 public:
  read_error(std::size_t input_index, const std::string& what) : input_error(what), input(input_index) {}
  std::size_t input;
};

// The last dimension of a tensor (1 for a scalar): block formats' blocks run along it.
std::uint64_t row_length_of(const tensor_entry& t) noexcept;

// analyze(inputs, options): the statistics of every tensor of every input, in order
// (tensors that are not floating get default, empty statistics). The result does not
// depend on the number of threads: partial sums are combined in a fixed order. Throws
// read_error if an input cannot be read (it shrank while being read).
std::vector<std::vector<tensor_stats>> analyze(const std::vector<analysis_input>& inputs,
                                               const analysis_options& options);

// The statistics of one floating tensor, on the calling thread; `data` holds the tensor at
// t.offset.
tensor_stats analyze_tensor(const tensor_entry& t, const unsigned char* data, lowp::rounding mode);

}  // namespace lowp_report
