// The formats under test: one row per format. Every test that loops over formats uses this
// table, so adding a format to the tests is adding one row here.
//
// A row states, in the test's own words, what the format is: its name, its lowp type, its
// exponent and mantissa widths and its kind of special values. From those three numbers
// shape<X> derives every bias, limit and special bit pattern the tests need, so the tests
// and the independent reference never read the library's own special-value traits. The
// static_asserts below tie each row to the type it names through the public API only.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <lowp/lowp.hpp>

namespace lowp_test {

// What a format's special encodings are.
enum class specials_kind {
  ieee,           // infinity (all-ones exponent, mantissa 0) and NaNs (mantissa != 0), as IEEE 754
  nan_all_ones,   // finite numbers, except that the all-ones magnitude is NaN (OCP "fn" formats)
  nan_negative_zero,  // no infinity, no -0: the -0 pattern (sign bit alone) is the one NaN ("fnuz")
  none,           // no infinity, no NaN: every encoding is a finite number (OCP FP6, FP4)
  exponent_only,  // no sign, no zero, no mantissa: 2^(field - bias), all-ones field NaN (OCP E8M0)
};

struct row_tag {};

// Bias: IEEE's 2^(E-1) - 1 unless the format says otherwise (fnuz formats: one more).
template <class T, int Exponent, int Mantissa, specials_kind Specials, int Bias = (1 << (Exponent - 1)) - 1>
struct format_row : row_tag {
  using type = T;
  static constexpr int E = Exponent;
  static constexpr int M = Mantissa;
  static constexpr specials_kind specials = Specials;
  static constexpr int bias = Bias;
};

// The table. The name is the one users read and type (test names, CLI filters).
struct float16_row : format_row<lowp::float16, 5, 10, specials_kind::ieee> {
  static constexpr const char* name = lowp::type_name<lowp::float16>;  // the library's name table
};
struct bfloat16_row : format_row<lowp::bfloat16, 8, 7, specials_kind::ieee> {
  static constexpr const char* name = lowp::type_name<lowp::bfloat16>;  // the library's name table
};
struct float8_e5m2_row : format_row<lowp::float8_e5m2, 5, 2, specials_kind::ieee> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e5m2>;  // the library's name table
};
struct float8_e4m3fn_row : format_row<lowp::float8_e4m3fn, 4, 3, specials_kind::nan_all_ones> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e4m3fn>;  // the library's name table
};
struct float8_e4m3fnuz_row : format_row<lowp::float8_e4m3fnuz, 4, 3, specials_kind::nan_negative_zero, 8> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e4m3fnuz>;
};
struct float8_e5m2fnuz_row : format_row<lowp::float8_e5m2fnuz, 5, 2, specials_kind::nan_negative_zero, 16> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e5m2fnuz>;
};
struct float8_e4m3_row : format_row<lowp::float8_e4m3, 4, 3, specials_kind::ieee> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e4m3>;
};
struct float8_e3m4_row : format_row<lowp::float8_e3m4, 3, 4, specials_kind::ieee> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e3m4>;
};
struct float8_e8m0fnu_row : format_row<lowp::float8_e8m0fnu, 8, 0, specials_kind::exponent_only> {
  static constexpr const char* name = lowp::type_name<lowp::float8_e8m0fnu>;
};
struct float6_e2m3fn_row : format_row<lowp::float6_e2m3fn, 2, 3, specials_kind::none> {
  static constexpr const char* name = lowp::type_name<lowp::float6_e2m3fn>;
};
struct float6_e3m2fn_row : format_row<lowp::float6_e3m2fn, 3, 2, specials_kind::none> {
  static constexpr const char* name = lowp::type_name<lowp::float6_e3m2fn>;
};
struct float4_e2m1fn_row : format_row<lowp::float4_e2m1fn, 2, 1, specials_kind::none> {
  static constexpr const char* name = lowp::type_name<lowp::float4_e2m1fn>;
};

// The table: every format of the library.
using all_format_rows =
    std::tuple<float16_row, bfloat16_row, float8_e5m2_row, float8_e4m3fn_row, float8_e4m3fnuz_row,
               float8_e5m2fnuz_row, float8_e4m3_row, float8_e3m4_row, float8_e8m0fnu_row, float6_e2m3fn_row,
               float6_e3m2fn_row, float4_e2m1fn_row>;

// for_each_format(fn): calls fn(Row{}) for every row of all_format_rows (or of Rows), in order.
template <class Rows = all_format_rows, class Fn>
void for_each_format(Fn&& fn) {
  std::apply([&](auto... rows) { (fn(rows), ...); }, Rows{});
}

// The lowp types of the table, as a tuple (for code that wants the types themselves).
template <class Rows>
struct types_of;
template <class... Rows>
struct types_of<std::tuple<Rows...>> {
  using type = std::tuple<typename Rows::type...>;
};
// Every format of the table, as lowp types; and those with arithmetic and cmath (a signed
// format: float8_e8m0fnu is a scale type, with conversions and comparisons only).
using every_type = typename types_of<all_format_rows>::type;
template <class Types, class Kept = std::tuple<>>
struct signed_types_of;
template <class... Kept>
struct signed_types_of<std::tuple<>, std::tuple<Kept...>> {
  using type = std::tuple<Kept...>;
};
template <class T, class... Rest, class... Kept>
struct signed_types_of<std::tuple<T, Rest...>, std::tuple<Kept...>>
    : signed_types_of<std::tuple<Rest...>,
                      std::conditional_t<T::format_type::is_signed, std::tuple<Kept..., T>, std::tuple<Kept...>>> {};
using every_arithmetic_type = typename signed_types_of<every_type>::type;

// The rows of float and double, for the reference's checks of the library's own use of
// the engine on them (not lowp types; not part of the table).
struct binary32_row : format_row<float, 8, 23, specials_kind::ieee> {
  static constexpr const char* name = "float";
};
struct binary64_row : format_row<double, 11, 52, specials_kind::ieee> {
  static constexpr const char* name = "double";
};

// row_of<X>: the row of a lowp type or of its format type (or binary32 / binary64).
template <class X, class Rows = all_format_rows>
struct row_lookup;
template <class X>
struct row_lookup<X, std::tuple<>> {
  using type = std::conditional_t<std::is_same<X, lowp::detail::binary32>::value || std::is_same<X, float>::value,
                                  binary32_row,
                                  std::conditional_t<std::is_same<X, lowp::detail::binary64>::value ||
                                                         std::is_same<X, double>::value,
                                                     binary64_row, void>>;
  static_assert(!std::is_void<type>::value, "this type has no row in tests/support/formats.hpp");
};
template <class X, class Row, class... Rest>
struct row_lookup<X, std::tuple<Row, Rest...>>  // (inherits: only the chosen branch is instantiated)
    : std::conditional_t<std::is_same<X, typename Row::type>::value ||
                             std::is_same<X, typename Row::type::format_type>::value,
                         std::common_type<Row>, row_lookup<X, std::tuple<Rest...>>> {};
template <class X>
using row_of = typename std::conditional_t<std::is_base_of<row_tag, X>::value, std::common_type<X>, row_lookup<X>>::type;

template <class X>
const char* format_name() {
  return row_of<X>::name;
}

// shape_of_row<Row>: the numbers of a format, derived from E, M and the kind of specials
// alone (the names are those of IEEE 754 and of lowp's documentation).
template <class T, bool = std::is_floating_point<T>::value>
struct storage_of {
  using type = typename T::storage_type;
};
template <class T>
struct storage_of<T, true> {
  using type = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
};

template <class Row>
struct shape_of_row {
  using storage = typename storage_of<typename Row::type>::type;  // the encoding's integer type
  static constexpr specials_kind kind = Row::specials;
  static constexpr int exponent_bits = Row::E;
  static constexpr int mantissa_bits = Row::M;
  static constexpr bool is_signed = kind != specials_kind::exponent_only;
  static constexpr bool has_zero = kind != specials_kind::exponent_only;
  static constexpr bool has_negative_zero = has_zero && kind != specials_kind::nan_negative_zero;
  static constexpr bool has_infinity = kind == specials_kind::ieee;
  static constexpr bool has_nan = kind != specials_kind::none;
  static constexpr int total_bits = (is_signed ? 1 : 0) + Row::E + Row::M;
  static constexpr int bias = Row::bias;
  // The exponent of the lowest binade of normal numbers: field 1, or field 0 in a format
  // without zero (there field 0 is an ordinary binade and nothing is subnormal).
  static constexpr int min_exponent = (has_zero ? 1 : 0) - bias;
  static constexpr int min_subnormal_exponent = min_exponent - Row::M;

  static constexpr storage bits(std::uint64_t v) { return static_cast<storage>(v); }
  static constexpr storage sign_mask = bits(is_signed ? std::uint64_t{1} << (Row::E + Row::M) : 0);
  static constexpr storage mantissa_mask = bits((std::uint64_t{1} << Row::M) - 1);
  static constexpr storage exponent_mask = bits(((std::uint64_t{1} << Row::E) - 1) << Row::M);
  static constexpr storage magnitude_mask = bits(std::uint64_t{exponent_mask} | mantissa_mask);
  static constexpr storage min_normal_bits = bits(has_zero ? std::uint64_t{1} << Row::M : 0);
  // The largest finite number sits just below infinity (ieee), just below the all-ones NaN
  // (nan_all_ones, exponent_only), or is the all-ones magnitude (no NaN up there).
  static constexpr storage max_finite_bits =
      bits(kind == specials_kind::ieee ? exponent_mask - 1u
           : (kind == specials_kind::nan_all_ones || kind == specials_kind::exponent_only) ? magnitude_mask - 1u
                                                                                           : magnitude_mask);
  static constexpr int max_exponent = static_cast<int>(max_finite_bits >> Row::M) - bias;
  // What an overflow to "infinity" gives, before the sign is applied: infinity, the NaN of
  // a format without infinity (the sign bit alone for fnuz: sign | it is it), or the
  // largest finite number in a format with no NaN either.
  static constexpr storage infinity_bits = kind == specials_kind::ieee                ? exponent_mask
                                           : kind == specials_kind::nan_negative_zero ? sign_mask
                                           : kind == specials_kind::none              ? max_finite_bits
                                                                                      : magnitude_mask;
  static constexpr storage quiet_bit = bits(has_infinity ? std::uint64_t{1} << (Row::M - 1) : 0);
  // The NaN a conversion gives (before any sign or payload): none: the largest finite.
  static constexpr storage quiet_nan_bits = has_infinity ? bits(std::uint64_t{exponent_mask} | quiet_bit)
                                                         : infinity_bits;
  static constexpr bool has_signaling_nan = has_infinity && Row::M >= 2;
  static constexpr storage signaling_nan_bits =
      has_signaling_nan ? bits(std::uint64_t{exponent_mask} | 1u) : quiet_nan_bits;
};

// shape<X>: the test's description of format X (a row, a lowp type or a format type).
template <class X>
using shape = shape_of_row<row_of<X>>;

template <class Row>
struct row_matches_type {
  using T = typename Row::type;
  using limits = std::numeric_limits<T>;
  static constexpr bool value = limits::is_specialized && limits::digits == Row::M + 1 &&
                                limits::has_infinity == shape_of_row<Row>::has_infinity &&
                                limits::has_quiet_NaN == shape_of_row<Row>::has_nan &&
                                limits::is_signed == shape_of_row<Row>::is_signed &&
                                limits::min_exponent == shape_of_row<Row>::min_exponent + 1 &&
                                limits::max_exponent == shape_of_row<Row>::max_exponent + 1 &&
                                T::format_type::total_bits == shape_of_row<Row>::total_bits &&
                                sizeof(typename T::storage_type) * 8 >= std::size_t(shape_of_row<Row>::total_bits);
};
template <class... Rows>
constexpr bool every_row_matches(std::tuple<Rows...>*) {
  return (row_matches_type<Rows>::value && ...);
}
static_assert(every_row_matches(static_cast<all_format_rows*>(nullptr)),
              "a row of tests/support/formats.hpp disagrees with the lowp type it names");

}  // namespace lowp_test
