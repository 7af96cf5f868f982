// dtype.hpp — the element types lowp-report reads, and the four formats it converts to.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <lowp/lowp.hpp>

namespace lowp_report {

// An element type of an input tensor, by its safetensors name. The floating-point ones are
// analysed and converted; the integer and boolean ones are listed, skipped by the analysis
// and copied unchanged by --convert.
enum class dtype { f64, f32, f16, bf16, f8_e4m3, f8_e5m2, boolean, u8, i8, u16, i16, u32, i32, u64, i64 };

// The safetensors name of a dtype ("F32", "BF16", "I64", ...).
const char* dtype_name(dtype t) noexcept;
// Bytes per element.
std::size_t dtype_size(dtype t) noexcept;
// Whether lowp-report analyses and converts tensors of this dtype.
bool is_floating(dtype t) noexcept;
// The dtype with the given safetensors name; false if the name is not one lowp-report knows.
bool find_dtype(std::string_view safetensors_name, dtype& out) noexcept;

// A format the report evaluates and --convert writes.
enum class target { float16, bfloat16, float8_e4m3fn, float8_e5m2 };
constexpr int target_count = 4;
// Display order (the order of the table and of the JSON "formats" object).
constexpr target all_targets[target_count] = {target::float16, target::bfloat16, target::float8_e4m3fn,
                                              target::float8_e5m2};

// "float16", "bfloat16", "float8_e4m3fn", "float8_e5m2".
const char* target_name(target t) noexcept;
// The dtype of a converted tensor (F16, BF16, F8_E4M3, F8_E5M2).
dtype target_dtype(target t) noexcept;
// A format by name: the lowp name, a short one (f16, bf16, e4m3, e5m2) or the safetensors
// dtype name; false if unknown.
bool find_target(std::string_view name, target& out) noexcept;
inline int target_index(target t) noexcept { return static_cast<int>(t); }

// with_target_type(t, fn): calls fn(type_tag<T>{}) with T the lowp type of format t.
template <class T>
struct type_tag {
  using type = T;
};
template <class Fn>
decltype(auto) with_target_type(target t, Fn&& fn) {
  switch (t) {
    case target::float16: return fn(type_tag<lowp::float16>{});
    case target::bfloat16: return fn(type_tag<lowp::bfloat16>{});
    case target::float8_e4m3fn: return fn(type_tag<lowp::float8_e4m3fn>{});
    case target::float8_e5m2: break;
  }
  return fn(type_tag<lowp::float8_e5m2>{});
}

// The range of a format as powers of two: subnormals lie in [2^min_subnormal, 2^min_normal),
// normal numbers in [2^min_normal, max_finite] with max_finite < 2^(max_exponent + 1).
struct target_range {
  int min_subnormal;
  int min_normal;
  int max_exponent;
  double max_finite;
  bool has_infinity;
  bool has_nan;
};
target_range range_of(target t) noexcept;

// Rounding modes by name: to_nearest_even (rne), to_nearest_away (rna), toward_zero (rtz),
// upward (up), downward (down).
bool find_rounding(std::string_view name, lowp::rounding& out) noexcept;
const char* rounding_name(lowp::rounding mode) noexcept;

}  // namespace lowp_report
