// libFuzzer target for lowp::from_chars and operator>> (build and run: run_fuzz.sh).
//
// Every input is read by every lowp format in every chars_format, and checked for:
//  - the end pointer and "invalid" agreeing with std::from_chars(double) (same grammar);
//  - the value being untouched on any error;
//  - the value equalling GNU MPFR's correctly rounded reading in the emulated format,
//    including result_out_of_range exactly when MPFR overflows or flushes a nonzero to 0;
//  - to_chars of the value reading back to the same encoding.
// operator>> must not crash, and whatever it accepts must equal from_chars's reading.
// A violated check traps, which libFuzzer reports as a crash with the input.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>

#include <lowp/lowp.hpp>

#include "../math/mpfr_reference.hpp"

namespace {

void require(bool ok) {
  if (!ok) __builtin_trap();
}

template <class T>
void check_format(const char* first, const char* last, std::chars_format fmt) {
  using F = typename T::format_type;
  T x = T::from_bits(0x5a);
  const auto r = lowp::from_chars(first, last, x, fmt);
  require(r.ptr >= first && r.ptr <= last);
  require(r.ec == std::errc{} || x.bits() == 0x5a);

  double d = 0;
  const auto w = std::from_chars(first, last, d, fmt);
  const std::string consumed(first, w.ptr);
  // libstdc++ 12 takes "p+-" in a hexadecimal exponent; the grammar does not.
  const bool libstdcxx_bug = fmt == std::chars_format::hex &&
                             (consumed.find("p+-") != std::string::npos || consumed.find("P+-") != std::string::npos);
  if (!libstdcxx_bug) {
    require((r.ec == std::errc::invalid_argument) == (w.ec == std::errc::invalid_argument));
    require(r.ptr == w.ptr);
  }
  if (r.ec == std::errc::invalid_argument) return;

  // The number itself (not inf or nan) against MPFR.
  std::string text(first, r.ptr);
  const std::size_t start = text[0] == '-' ? 1 : 0;
  const char c = text[start];
  const bool word = c == 'i' || c == 'I' || c == 'n' || c == 'N';
  if (!word) {
    const int base = fmt == std::chars_format::hex ? 16 : 10;
    const std::uint32_t want = lowp_mpfr::emulate<T>(
        [&](mpfr_ptr out, mpfr_rnd_t rnd) { return mpfr_strtofr(out, text.c_str(), nullptr, base, rnd); });
    const std::uint32_t magnitude = want & lowp_test::shape<F>::magnitude_mask;
    const std::size_t exponent_at = text.find_first_of(base == 10 ? "eE" : "pP");
    const bool nonzero = text.find_first_of(base == 10 ? "123456789" : "123456789abcdefABCDEF") < exponent_at;
    const bool out_of_range = magnitude > lowp_test::shape<F>::max_finite_bits || (magnitude == 0 && nonzero);
    require((r.ec == std::errc::result_out_of_range) == out_of_range);
    if (!out_of_range) require(x.bits() == want);
  }
  if (r.ec == std::errc{} && !lowp::isnan(x)) {
    char buf[64];
    const auto t = lowp::to_chars(buf, buf + sizeof buf, x);
    require(t.ec == std::errc{});
    T y = T::from_bits(0x5a);
    const auto back = lowp::from_chars(buf, t.ptr, y);
    require(back.ec == std::errc{} && back.ptr == t.ptr && y.bits() == x.bits());
  }
}

template <class T>
void check_type(const char* first, const char* last) {
  for (const auto fmt : {std::chars_format::general, std::chars_format::scientific, std::chars_format::fixed,
                         std::chars_format::hex})
    check_format<T>(first, last, fmt);
  // operator>>: what it accepts is what from_chars reads from the token it took.
  std::istringstream is(std::string(first, last));
  T x = T::from_bits(0x5a);
  is >> x;
  if (is.fail()) {
    require(x.bits() == 0x5a);
  } else {
    const std::string rest = is.eof() ? std::string() : is.str().substr(static_cast<std::size_t>(is.tellg()));
    std::string token = is.str().substr(0, is.str().size() - rest.size());
    const std::size_t begin = token.find_first_not_of(" \t\n\v\f\r");
    token = token.substr(begin);
    if (token[0] == '+') token.erase(0, 1);
    T y = T::from_bits(0x5a);
    const auto r = lowp::from_chars(token.data(), token.data() + token.size(), y);
    require(r.ec == std::errc{} && r.ptr == token.data() + token.size() && y.bits() == x.bits());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const char* first = reinterpret_cast<const char*>(data);
  const char* last = first + size;
  check_type<lowp::float16>(first, last);
  check_type<lowp::bfloat16>(first, last);
  check_type<lowp::float8_e5m2>(first, last);
  check_type<lowp::float8_e4m3fn>(first, last);
  return 0;
}
