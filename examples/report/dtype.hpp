// dtype.hpp — the element types lowp-report reads, and rounding modes by name.
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

// Rounding modes by name: to_nearest_even (rne), to_nearest_away (rna), toward_zero (rtz),
// upward (up), downward (down).
bool find_rounding(std::string_view name, lowp::rounding& out) noexcept;
const char* rounding_name(lowp::rounding mode) noexcept;

}  // namespace lowp_report
