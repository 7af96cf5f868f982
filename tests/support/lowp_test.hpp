// Shared helpers for lowp's Catch2 tests: the format table (formats.hpp), the modes and
// policies, names for messages, and whether this build is exhaustive.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <lowp/lowp.hpp>

#include "formats.hpp"

#ifndef LOWP_TEST_EXHAUSTIVE
#define LOWP_TEST_EXHAUSTIVE 1
#endif

namespace lowp_test {

// Every format (every_type, every_arithmetic_type) is in formats.hpp; the lists of the
// formats by width in format_widths.hpp.

// Builds that cannot afford 2^32 inputs (sanitizers, -O0) configure with
// LOWP_TEST_EXHAUSTIVE=OFF and check a deterministic sample instead.
constexpr bool exhaustive = LOWP_TEST_EXHAUSTIVE != 0;

// The library's own names (lowp::to_string), so messages and tools spell modes alike.
inline const char* mode_name(lowp::rounding r) { return lowp::to_string(r); }
inline const char* policy_name(lowp::overflow o) { return lowp::to_string(o); }

constexpr lowp::rounding all_modes[] = {lowp::rounding::to_nearest_even, lowp::rounding::to_nearest_away,
                                        lowp::rounding::toward_zero, lowp::rounding::upward,
                                        lowp::rounding::downward};
constexpr lowp::overflow all_policies[] = {lowp::overflow::ieee, lowp::overflow::saturate};

inline unsigned thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2u : std::min(n, 64u);
}

inline std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace lowp_test
