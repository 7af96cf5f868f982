// dtype.cpp — names and sizes of dtypes, and rounding modes.
#include "dtype.hpp"

#include <limits>

namespace lowp_report {
namespace {

struct dtype_row {
  dtype type;
  const char* name;
  std::size_t size;
  bool floating;
};

constexpr dtype_row dtype_table[] = {
    {dtype::f64, "F64", 8, true},       {dtype::f32, "F32", 4, true},         {dtype::f16, "F16", 2, true},
    {dtype::bf16, "BF16", 2, true},     {dtype::f8_e4m3, "F8_E4M3", 1, true}, {dtype::f8_e5m2, "F8_E5M2", 1, true},
    {dtype::boolean, "BOOL", 1, false}, {dtype::u8, "U8", 1, false},          {dtype::i8, "I8", 1, false},
    {dtype::u16, "U16", 2, false},      {dtype::i16, "I16", 2, false},        {dtype::u32, "U32", 4, false},
    {dtype::i32, "I32", 4, false},      {dtype::u64, "U64", 8, false},        {dtype::i64, "I64", 8, false},
};

const dtype_row& row(dtype t) noexcept {
  for (const auto& r : dtype_table)
    if (r.type == t) return r;
  return dtype_table[0];  // unreachable: every enumerator has a row
}

}  // namespace

const char* dtype_name(dtype t) noexcept { return row(t).name; }
std::size_t dtype_size(dtype t) noexcept { return row(t).size; }
bool is_floating(dtype t) noexcept { return row(t).floating; }

bool find_dtype(std::string_view name, dtype& out) noexcept {
  for (const auto& r : dtype_table) {
    if (name == r.name) {
      out = r.type;
      return true;
    }
  }
  return false;
}

bool find_rounding(std::string_view name, lowp::rounding& out) noexcept {
  // The library's names (lowp::to_string), and short aliases.
  for (const lowp::rounding mode : lowp::all_roundings) {
    if (name == lowp::to_string(mode)) {
      out = mode;
      return true;
    }
  }
  struct alias {
    const char* name;
    lowp::rounding mode;
  };
  static constexpr alias aliases[] = {
      {"rne", lowp::rounding::to_nearest_even}, {"rna", lowp::rounding::to_nearest_away},
      {"rtz", lowp::rounding::toward_zero},     {"up", lowp::rounding::upward},
      {"down", lowp::rounding::downward},
  };
  for (const auto& a : aliases) {
    if (name == a.name) {
      out = a.mode;
      return true;
    }
  }
  return false;
}

const char* rounding_name(lowp::rounding mode) noexcept { return lowp::to_string(mode); }

}  // namespace lowp_report
