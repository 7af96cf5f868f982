// targets.cpp — the run-time facts of every row of the format table.
#include "targets.hpp"

#include <algorithm>
#include <limits>

namespace lowp_report {
namespace {

template <class T>
target_range range_of_type() noexcept {
  using F = typename T::format_type;
  return {F::min_subnormal_exponent, F::min_exponent, F::max_exponent,
          static_cast<double>(std::numeric_limits<T>::max()), std::numeric_limits<T>::has_infinity,
          std::numeric_limits<T>::has_quiet_NaN};
}

template <class Row>
target_info info_of(Row) noexcept {
  target_info i{};
  i.name = Row::name();
  i.block = Row::block;
  i.candidate = Row::candidate;
  i.scale = Row::scale;
  if constexpr (Row::block) {
    using E = typename Row::element;
    constexpr int element_bits = E::format_type::total_bits;
    constexpr int scale_bits = Row::scale_type::format_type::total_bits;
    i.block_size = Row::block_size;
    i.bits_per_value = element_bits + static_cast<double>(scale_bits) / static_cast<double>(Row::block_size);
    i.element_bits = element_bits;
    i.scale_bits = scale_bits;
    i.element_name = lowp::type_name<E>;
    i.needs_tensor_amax = Row::needs_tensor_amax;
    i.writable = Row::writable;
    i.range = range_of_type<E>();
  } else {
    using T = typename Row::type;
    i.bits_per_value = 8.0 * sizeof(T);
    i.element_bits = static_cast<int>(8 * sizeof(T));
    i.element_name = lowp::type_name<T>;
    i.stored = Row::stored();
    i.writable = i.stored.has_value();
    i.range = range_of_type<T>();
  }
  return i;
}

template <class... R>
std::vector<target_info> make_table(lowp::type_list<R...>) {
  return {info_of(R{})...};
}

const std::vector<target_info>& table() {
  static const std::vector<target_info> rows = make_table(target_rows{});
  return rows;
}

std::vector<target> make_preference_order() {
  std::vector<target> order;
  for (int i = 0; i < target_count; ++i)
    if (table()[static_cast<std::size_t>(i)].candidate) order.push_back(target{static_cast<std::uint8_t>(i)});
  std::stable_sort(order.begin(), order.end(),
                   [](target a, target b) { return info(a).bits_per_value < info(b).bits_per_value; });
  return order;
}

}  // namespace

const target_info& info(target t) noexcept { return table()[t.index]; }

const std::vector<target> preference_order = make_preference_order();

const char* target_name(target t) noexcept { return info(t).name; }

bool find_target(std::string_view name, target& out) noexcept {
  for (const target t : all_targets) {
    const target_info& i = info(t);
    // The name, the safetensors dtype of an element format, and a short name.
    std::string_view shorter = i.name;
    if (shorter.rfind("float8_", 0) == 0) shorter.remove_prefix(7);  // e4m3fn -> e4m3 below
    if (shorter == "e4m3fn") shorter = "e4m3";
    if (name == i.name || (i.stored && name == dtype_name(*i.stored)) || (!i.block && name == shorter)) {
      out = t;
      return true;
    }
  }
  struct alias {
    const char* name;
    target t;
  };
  static const alias aliases[] = {{"f16", targets::float16}, {"half", targets::float16}, {"bf16", targets::bfloat16}};
  for (const auto& a : aliases) {
    if (name == a.name) {
      out = a.t;
      return true;
    }
  }
  return false;
}

std::string writable_target_names() {
  std::string names;
  for (const target t : all_targets)
    if (info(t).writable) names += (names.empty() ? "" : ", ") + std::string(target_name(t));
  return names;
}

std::uint64_t target_bytes(target t, std::uint64_t count, std::uint64_t row_length) noexcept {
  const target_info& i = info(t);
  const auto element_bits = static_cast<std::uint64_t>(i.element_bits);
  if (!i.block) return count * element_bits / 8;
  if (count == 0) return 0;
  const std::uint64_t rows = row_length == 0 ? 0 : count / row_length;
  const std::uint64_t blocks_per_row = (row_length + i.block_size - 1) / i.block_size;
  const std::uint64_t per_row = (row_length * element_bits + 7) / 8 + blocks_per_row * static_cast<std::uint64_t>(i.scale_bits) / 8;
  return rows * per_row + (i.needs_tensor_amax ? 4 : 0);
}

}  // namespace lowp_report
