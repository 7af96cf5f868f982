// safetensors_writer.hpp — --convert: a safetensors file with the floating tensors converted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atomic_output.hpp"
#include "byte_source.hpp"
#include "dtype.hpp"
#include "targets.hpp"
#include "tensor_file.hpp"

namespace lowp_report {

// safetensors_preamble(header): the 8-byte little-endian header length followed by the
// header's JSON, padded with spaces so that the data starts at a multiple of 8 bytes.
std::string safetensors_preamble(const nlohmann::ordered_json& header);
// The same from the header's JSON text.
std::string safetensors_preamble(std::string header_text);

struct conversion_request {
  std::string output;
  target to = targets::float16;
  // Per tensor (a plan): the format of each floating tensor, or none to keep its dtype.
  // Empty: every floating tensor goes to `to`.
  std::vector<std::optional<target>> formats;
  // Per tensor (--scale): store x / 2^k and add a tensor NAME_scale (F32, shape [], the
  // value 2^k: it multiplies the stored values back), as FP8 checkpoints do. Empty: none.
  std::vector<std::optional<int>> scales;
  lowp::overflow policy = lowp::overflow::ieee;
  lowp::rounding mode = lowp::rounding::to_nearest_even;
  bool progress = false;  // a progress bar may be drawn
  // The largest header written: the reader's limit, so that every output reads back.
  std::uint64_t max_header = max_safetensors_header;
};

struct conversion_summary {
  std::string path;
  target to = targets::float16;
  lowp::overflow policy = lowp::overflow::ieee;
  std::uint64_t bytes = 0;
  bool planned = false;       // per-tensor formats (then `to` means nothing)
  std::size_t converted = 0;  // floating tensors converted
  std::size_t copied = 0;     // other tensors (and those a plan keeps) copied unchanged
  std::size_t scaled = 0;     // converted with a scale (each with its NAME_scale tensor)
  // What the conversion changed, summed over the converted tensors (from the analysis of
  // the same conversion: see changes_of).
  std::uint64_t overflow = 0;     // finite values that became inf, NaN or +-max
  std::uint64_t underflow = 0;    // nonzero values that became 0
  std::uint64_t nan_inputs = 0;   // NaN inputs
  std::uint64_t nan_changed = 0;  // NaN inputs that became numbers
  std::uint64_t inf_changed = 0;  // infinite inputs that became NaN or finite
  std::uint64_t clamped = 0;      // block formats: values clamped by their block's max

  bool changed_values() const noexcept { return overflow + nan_changed + inf_changed != 0; }
};

// convert_file(file, data, request): writes request.output, a safetensors file with the
// tensors of `file` in the same header order, with the same names, shapes and metadata,
// and with their data in the same order. Floating tensors are converted to request.to by
// lowp::convert (rounded once from their value: F64 directly, the others widened exactly to
// float first); other dtypes are copied unchanged. A block format (MXFP4, MXFP8) writes a
// tensor W as two, the layout gpt-oss ships MXFP4 in: W.blocks (U8, the packed elements of
// lowp::quantize_mx, shape [..., n/32, 32 * bits / 8]: [..., n/32, 16] for MXFP4, element
// 2i in the low nibble of byte i) and W.scales (U8, the E8M0 scales, shape [..., n/32]),
// where n is the last dimension, which must be a multiple of 32 (block_layout_problem);
// F64 tensors are rounded to float first. Written through atomic_output: on any
// failure (output_error; input_error if the input shrank) nothing is left at
// request.output. A header that would exceed request.max_header is an output_error
// before anything is written.
conversion_summary convert_file(const tensor_file& file, const byte_source& input, const conversion_request& request);

// Why tensor t cannot be written in block format f ("" if it can): the layout has no place
// for a short last block, so the last dimension must be whole blocks. A message for people.
std::string block_layout_problem(const tensor_entry& t, target f);

}  // namespace lowp_report
