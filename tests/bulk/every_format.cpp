// Every format of the test table (lowp_test::every_type, all twelve) through every bulk
// path this CPU has, against the scalar engine: float -> format on a dense sample of floats
// (every 4099th encoding, which visits every binade and both signs, NaNs and infinities
// included) in all 5 modes x 2 policies, check_conversion's statistics on the same sample,
// and every encoding widened. The formats whose hw_traits row opts into the SIMD kernels
// run them; the others run the scalar loop. (The walk over all 2^32 floats,
// tests/exhaustive, checks the scalar engine against the grid reference.)
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <lowp/lowp.hpp>

#include "format_test_case.hpp"
#include "lowp_test.hpp"

namespace {

template <class T>
void check_every_path() {
  using F = typename T::format_type;
  // Sanitizer and -O0 builds (LOWP_TEST_EXHAUSTIVE=OFF) take a 16 times sparser sample.
  constexpr std::uint64_t stride = lowp_test::exhaustive ? 4099 : 65537;
  std::vector<float> in;
  for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += stride) {
    in.push_back(lowp::detail::bit_cast<float>(static_cast<std::uint32_t>(u)));
  }
  std::vector<T> out(in.size());
  std::uint64_t checked = 0, failed = 0;
  std::string first;
  int paths = 0;
  const lowp::simd_path initial = lowp::bulk_path();
  for (const lowp::simd_path p : {lowp::simd_path::portable, lowp::simd_path::avx2, lowp::simd_path::avx512,
                                  lowp::simd_path::avx512bf16}) {
    if (!lowp::bulk_path_supported(p)) {
      WARN("SKIPPED: " << lowp::bulk_path_name(p) << " (this CPU cannot run it)");
      continue;
    }
    ++paths;
    REQUIRE(lowp::set_bulk_path(p));
    for (const lowp::rounding m : lowp::all_roundings) {
      for (const lowp::overflow o : lowp::all_overflows) {
        lowp::convert(in.data(), out.data(), in.size(), m, o);
        lowp::conversion_stats want;
        for (std::size_t i = 0; i < in.size(); ++i) {
          const T scalar = lowp::convert<T>(in[i], m, o);
          lowp::detail::count_conversion<T>(in[i], m, o, want);
          ++checked;
          if (out[i].bits() != scalar.bits() && failed++ == 0) {
            first = std::string(lowp::bulk_path_name(p)) + " " + lowp::to_string(m) + "/" + lowp::to_string(o) +
                    ": " + lowp_test::hex(lowp::detail::bit_cast<std::uint32_t>(in[i])) + " -> " +
                    lowp_test::hex(out[i].bits()) + ", scalar " + lowp_test::hex(scalar.bits());
          }
        }
        const lowp::conversion_stats got = lowp::check_conversion<T>(in.data(), in.size(), m, o);
        ++checked;
        if ((got.nan != want.nan || got.overflow != want.overflow || got.underflow != want.underflow ||
             got.subnormal != want.subnormal || got.inexact != want.inexact) &&
            failed++ == 0) {
          first = std::string(lowp::bulk_path_name(p)) + " check_conversion " + lowp::to_string(m) + " differs";
        }
      }
    }
    // Widening every encoding.
    const std::uint32_t encodings = 1u << F::total_bits;
    std::vector<T> e(encodings);
    std::vector<float> w(encodings);
    for (std::uint32_t b = 0; b < encodings; ++b) e[b] = T::from_bits(static_cast<typename T::storage_type>(b));
    lowp::convert(e.data(), w.data(), encodings);
    for (std::uint32_t b = 0; b < encodings; ++b) {
      ++checked;
      if (lowp::detail::bit_cast<std::uint32_t>(w[b]) != lowp::detail::bit_cast<std::uint32_t>(float(e[b])) &&
          failed++ == 0) {
        first = std::string(lowp::bulk_path_name(p)) + " widening " + lowp_test::hex(b);
      }
    }
  }
  lowp::set_bulk_path(initial);
  INFO(lowp::type_name<T> << ": first failure: " << first);
  CHECK(failed == 0);
  WARN(lowp::type_name<T> << " on " << paths << " bulk paths: " << checked << " results, " << failed << " mismatches");
}

}  // namespace

LOWP_FORMAT_TEST_CASE("every format through every bulk path, against the scalar engine", "[bulk][formats]",
                      lowp_test::every_type) {
  check_every_path<TestType>();
}

// The test table holds every format of the library: were a type added to lowp's own list
// (lowp::for_each_type) without its row, the loop above would miss it.
TEST_CASE("the test table holds every format of the library", "[bulk][formats]") {
  std::size_t library = 0;
  lowp::for_each_type([&](auto) { ++library; });
  CHECK(library == std::tuple_size<lowp_test::every_type>::value);
}
