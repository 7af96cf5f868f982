// targets.hpp — the formats the report evaluates, as one table: a row per format.
//
// A row is a type: element_row<T> for a lowp element format (every value rounded once into
// T by lowp::convert, counted by lowp::check_conversion), or a block row (lowp's MX and
// NVFP4 quantizers: blocks of values sharing one scale). target_rows lists them in display
// order; everything else (names, sizes, the recommendation's order, what --scale and
// --convert accept, the measuring code) is derived from the rows. A new element format is
// one line below; a new block format of an existing family is one line too.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <lowp/blocks.hpp>
#include <lowp/lowp.hpp>

#include "dtype.hpp"

namespace lowp_report {

// How --scale treats a format: never, always (fp8: a per-tensor power of two is how fp8
// weights are stored), or only where the tensor under- or overflows it (float16).
enum class scaling { never, always, when_out_of_range };

// An element format. `stored`: the safetensors dtype --convert writes (none: no dtype
// exists for it, so it is reported but not written). `candidate`: the recommendation and
// --plan consider it.
template <class T, dtype Stored, bool Candidate, scaling Scale>
struct element_row {
  using type = T;
  static constexpr bool block = false;
  static constexpr const char* name() noexcept { return lowp::type_name<T>; }
  static constexpr std::optional<dtype> stored() noexcept { return Stored; }
  static constexpr bool candidate = Candidate;
  static constexpr scaling scale = Scale;
};
// A row for an element format that no safetensors dtype names.
template <class T, bool Candidate, scaling Scale>
struct unstored_element_row : element_row<T, dtype::u8, Candidate, Scale> {
  static constexpr std::optional<dtype> stored() noexcept { return std::nullopt; }
};

// OCP Microscaling: 32 Elem values per E8M0 scale, the OCP (floor) scale rule.
template <class Elem>
struct mx_row {
  using element = Elem;
  using scale_type = lowp::float8_e8m0fnu;
  static constexpr bool block = true;
  static constexpr std::size_t block_size = 32;
  static constexpr bool candidate = true;
  static constexpr scaling scale = scaling::never;  // the block scales are the scale
  static constexpr bool needs_tensor_amax = false;
  // --convert writes W.blocks (the packed elements) and W.scales: defined for whole-byte
  // and two-per-byte elements (MXFP8, and MXFP4 as gpt-oss ships it); no common layout
  // packs FP6.
  static constexpr bool writable = Elem::format_type::total_bits == 8 || Elem::format_type::total_bits == 4;
  static float tensor_scale(float) noexcept { return 1.0f; }
  static void quantize(const float* x, std::size_t n, std::uint8_t* elements, scale_type* scales, float,
                       lowp::rounding mode) noexcept {
    lowp::quantize_mx<Elem>(x, n, elements, scales, lowp::scale_rule::floor, mode);
  }
  static void dequantize(const std::uint8_t* elements, const scale_type* scales, float, std::size_t n,
                         float* out) noexcept {
    lowp::dequantize_mx<Elem>(elements, scales, n, out);
  }
};

// NVIDIA NVFP4: 16 float4_e2m1fn values per float8_e4m3fn scale, and a float tensor
// scale from the tensor's largest |x| (so it is measured once that is known).
struct nvfp4_row {
  using element = lowp::float4_e2m1fn;
  using scale_type = lowp::float8_e4m3fn;
  static constexpr bool block = true;
  static constexpr std::size_t block_size = 16;
  static constexpr bool candidate = true;
  static constexpr scaling scale = scaling::never;
  static constexpr bool needs_tensor_amax = true;
  static constexpr bool writable = false;  // no one safetensors layout for it yet
  static constexpr const char* name() noexcept { return "nvfp4"; }
  static float tensor_scale(float amax) noexcept { return lowp::nvfp4_tensor_scale(amax); }
  static void quantize(const float* x, std::size_t n, std::uint8_t* elements, scale_type* scales, float tensor_scale,
                       lowp::rounding mode) noexcept {
    lowp::quantize_nvfp4(x, n, tensor_scale, elements, scales, mode);
  }
  static void dequantize(const std::uint8_t* elements, const scale_type* scales, float tensor_scale, std::size_t n,
                         float* out) noexcept {
    lowp::dequantize_nvfp4(elements, scales, tensor_scale, n, out);
  }
};

// ---- The table ----
// float16, bfloat16 and the OCP fp8 formats are what checkpoints store. The fnuz fp8
// formats (AMD MI300) are measured and shown, but not recommended or written: no
// safetensors dtype names them. fp6 and fp4 are not rows by themselves: as plain casts
// (max 7.5 and 6, a few values per binade) they flush or clamp nearly every real tensor;
// they are used inside block formats, which are rows. float8_e4m3 and float8_e3m4
// (IEEE-like fp8, no checkpoint format uses them) and float8_e8m0fnu (a scale format) are
// left out.
struct mxfp8_e4m3 : mx_row<lowp::float8_e4m3fn> {
  static constexpr const char* name() noexcept { return "mxfp8_e4m3"; }
};
struct mxfp6_e2m3 : mx_row<lowp::float6_e2m3fn> {
  static constexpr const char* name() noexcept { return "mxfp6_e2m3"; }
};
struct mxfp4 : mx_row<lowp::float4_e2m1fn> {
  static constexpr const char* name() noexcept { return "mxfp4"; }
};

using float16_row = element_row<lowp::float16, dtype::f16, true, scaling::when_out_of_range>;
using bfloat16_row = element_row<lowp::bfloat16, dtype::bf16, true, scaling::never>;
using float8_e4m3fn_row = element_row<lowp::float8_e4m3fn, dtype::f8_e4m3, true, scaling::always>;
using float8_e5m2_row = element_row<lowp::float8_e5m2, dtype::f8_e5m2, true, scaling::always>;
using float8_e4m3fnuz_row = unstored_element_row<lowp::float8_e4m3fnuz, false, scaling::always>;
using float8_e5m2fnuz_row = unstored_element_row<lowp::float8_e5m2fnuz, false, scaling::always>;

using target_rows = lowp::type_list<float16_row, bfloat16_row, float8_e4m3fn_row, float8_e5m2_row, float8_e4m3fnuz_row,
                                    float8_e5m2fnuz_row, mxfp8_e4m3, mxfp6_e2m3, mxfp4, nvfp4_row>;

template <class List>
struct list_size;
template <class... R>
struct list_size<lowp::type_list<R...>> {
  static constexpr int value = static_cast<int>(sizeof...(R));
};
constexpr int target_count = list_size<target_rows>::value;

// A format of the table, by its position.
struct target {
  std::uint8_t index = 0;
  constexpr bool operator==(target o) const noexcept { return index == o.index; }
  constexpr bool operator!=(target o) const noexcept { return index != o.index; }
};
inline std::size_t target_index(target t) noexcept { return t.index; }

// target_of<Row>(): the row's position in the table.
template <class Row, class... R>
constexpr int position_of(lowp::type_list<R...>) noexcept {
  int i = 0, found = -1;
  ((std::is_same<Row, R>::value ? (found = i, ++i) : ++i), ...);
  return found;
}
template <class Row>
constexpr target target_of() noexcept {
  static_assert(position_of<Row>(target_rows{}) >= 0, "not a row of target_rows");
  return target{static_cast<std::uint8_t>(position_of<Row>(target_rows{}))};
}

// Rows the code names (the rest is reached through the table).
namespace targets {
inline constexpr target float16 = target_of<float16_row>();
inline constexpr target bfloat16 = target_of<bfloat16_row>();
inline constexpr target float8_e4m3fn = target_of<float8_e4m3fn_row>();
inline constexpr target float8_e5m2 = target_of<float8_e5m2_row>();
inline constexpr target mxfp4 = target_of<lowp_report::mxfp4>();
inline constexpr target nvfp4 = target_of<nvfp4_row>();
}  // namespace targets

// with_target(t, fn): fn(Row{}) for the row of t; every row's call must return one type.
template <class Fn, class... R>
decltype(auto) with_row(int index, Fn&& fn, lowp::type_list<R...>) {
  using result = decltype(fn(typename std::tuple_element<0, std::tuple<R...>>::type{}));
  if constexpr (std::is_void<result>::value) {
    int i = 0;
    (void)((i++ == index ? (fn(R{}), true) : false) || ...);
  } else {
    result out{};
    int i = 0;
    (void)((i++ == index ? (out = fn(R{}), true) : false) || ...);
    return out;
  }
}
template <class Fn>
decltype(auto) with_target(target t, Fn&& fn) {
  return with_row(t.index, fn, target_rows{});
}

// The range of a format's elements as powers of two: subnormals lie in [2^min_subnormal,
// 2^min_normal), normal numbers in [2^min_normal, max_finite], max_finite <
// 2^(max_exponent + 1). For a block format, the range of its element type (the block
// scale moves it).
struct target_range {
  int min_subnormal;
  int min_normal;
  int max_exponent;
  double max_finite;
  bool has_infinity;
  bool has_nan;
};

// What the report needs to know of a row at run time.
struct target_info {
  const char* name;
  bool block;                 // a block format (no overflow policy: elements saturate)
  std::size_t block_size;     // values per block scale (0: element format)
  double bits_per_value;      // storage per value, the scales counted (for whole blocks)
  int element_bits;           // per element (packed)
  int scale_bits;             // per block scale (0: element format)
  const char* element_name;   // the lowp type of the elements
  std::optional<dtype> stored;  // element formats: the dtype --convert writes
  bool candidate;             // considered by the recommendation and --plan
  scaling scale;              // --scale
  bool needs_tensor_amax;     // measured in a second pass, once the tensor's max is known
  bool writable;              // --convert can write it
  target_range range;         // of the elements
};
const target_info& info(target t) noexcept;

// Every format, in display order (the details table, JSON "formats").
template <std::size_t... I>
constexpr std::array<target, sizeof...(I)> make_all_targets(std::index_sequence<I...>) noexcept {
  return {target{static_cast<std::uint8_t>(I)}...};
}
inline constexpr std::array<target, target_count> all_targets =
    make_all_targets(std::make_index_sequence<target_count>{});
// The recommendation's and plan's order: the candidates, fewest bits per value first (at
// equal size, table order: more precision first).
extern const std::vector<target> preference_order;

const char* target_name(target t) noexcept;
// A format by name: the report's name, a short one (f16, bf16, e4m3, e5m2) or the
// safetensors dtype name; false if unknown.
bool find_target(std::string_view name, target& out) noexcept;
// "float16, bfloat16, ..." of the formats --convert writes (for messages).
std::string writable_target_names();

// The bytes of a tensor of `count` values whose last dimension is `row_length`, stored in
// format t: blocks run along the last dimension (a short last block per row), each with
// its scale; NVFP4 adds its 4-byte tensor scale.
std::uint64_t target_bytes(target t, std::uint64_t count, std::uint64_t row_length) noexcept;

}  // namespace lowp_report
