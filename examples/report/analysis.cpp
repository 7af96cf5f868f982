// analysis.cpp — the chunked, multi-threaded statistics pass.
//
// Work is cut into blocks of up to block_elements elements of one tensor; threads take
// blocks in turn, each block's partial statistics are kept, and every tensor's partials
// are merged in block order at the end, so sums do not depend on the thread count.
// Within a block the elements go through the chunk pipeline:
//
//   load (copy, widen to float) -> input stats
//   for each format T: check_conversion<T> -> counts
//                      convert to T (ieee), widen back -> errors
//                      if some element overflowed: convert to T (saturate) -> errors
//
// The counts of check_conversion do not depend on the overflow policy (DESIGN.md defines
// them on the rounded magnitude), and the two policies give the same result for every
// finite input that does not overflow; so a chunk without overflow shares its numbers
// between the two cells. The tests check both cells against the scalar conversion.
#include "analysis.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <tuple>

#include "chunk_loader.hpp"
#include "lanes.hpp"
#include "progress.hpp"

namespace lowp_report {
namespace {

constexpr std::size_t block_elements = 64 * chunk_elements;
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double max_double = std::numeric_limits<double>::max();

void add_counts(lowp::conversion_stats& a, const lowp::conversion_stats& b) noexcept {
  a.nan += b.nan;
  a.overflow += b.overflow;
  a.underflow += b.underflow;
  a.subnormal += b.subnormal;
  a.inexact += b.inexact;
}

// floor(log2 a) for a finite a > 0, exactly.
int floor_log2(double a) noexcept {
  std::uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  const int field = static_cast<int>(bits >> 52);
  return field != 0 ? field - 1023 : std::ilogb(a);  // ilogb only for double subnormals
}

// The buffer a row converts into: T for an element format, bytes for a block format.
template <class Row, bool = Row::block>
struct buffer_of {
  using type = typename Row::type;
};
template <class Row>
struct buffer_of<Row, true> {
  using type = std::uint8_t;
};
template <class List>
struct buffers;
template <class... R>
struct buffers<lowp::type_list<R...>> {
  using type = std::tuple<std::vector<typename buffer_of<R>::type>...>;
};

// Scratch memory of one thread: the converted chunk of every format, the widened results,
// 1/|x| for float inputs, block scales.
struct scratch {
  chunk_loader loader;
  buffers<target_rows>::type converted;
  std::vector<float> widened = std::vector<float>(chunk_elements);
  std::vector<float> as_float;  // F64 inputs rounded to float for the block quantizers
  std::vector<double> inverse = std::vector<double>(chunk_elements);
  std::vector<double> scaled = std::vector<double>(chunk_elements);
  std::vector<lowp::float8_e8m0fnu> mx_scales = std::vector<lowp::float8_e8m0fnu>(chunk_elements / 16 + 1);
  std::vector<lowp::float8_e4m3fn> nv_scales = std::vector<lowp::float8_e4m3fn>(chunk_elements / 16 + 1);
  std::vector<double> limits = std::vector<double>(chunk_elements / 16 + 1);       // per block
  std::vector<double> min_normals = std::vector<double>(chunk_elements / 16 + 1);  // per block

  scratch() {
    std::apply([](auto&... v) { (v.resize(chunk_elements), ...); }, converted);
  }
  template <class Row>
  typename buffer_of<Row>::type* buffer(Row) noexcept {
    return std::get<position_of<Row>(target_rows{})>(converted).data();
  }
  lowp::float8_e8m0fnu* scales(lowp::float8_e8m0fnu*) noexcept { return mx_scales.data(); }
  lowp::float8_e4m3fn* scales(lowp::float8_e4m3fn*) noexcept { return nv_scales.data(); }
};

// The statistics kernels below handle `lanes` (8) elements per step, element i going to
// lane i % 8, and combine the lanes in a fixed order: vectorised, yet the sums do not
// depend on anything but the data (nor on the instruction set: see run_kernel). The last
// n % 8 elements are padded with zeros, which change no statistic but the count of zeros
// (corrected for).
constexpr std::size_t step_elements = lanes;

template <class Src>
void padded_tail(const Src* x, std::size_t n, Src (&out)[step_elements]) {
  for (std::size_t i = 0; i < step_elements; ++i) out[i] = i < n ? x[i] : Src{0};
}

// floor(log2 |x|) of the finite nonzero inputs, counted per power of two.
void count_exponents(const float* x, std::size_t n, input_stats& s) {
  std::uint64_t by_field[256] = {};
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &x[i], sizeof bits);
    const std::uint32_t field = (bits >> 23) & 0xff;
    ++by_field[field];
    if (field == 0 && (bits & 0x7fffff) != 0) {  // a float subnormal: exact via double
      const int e = std::max(floor_log2(std::fabs(static_cast<double>(x[i]))), histogram_min_exponent);
      ++s.histogram[static_cast<std::size_t>(e - histogram_min_exponent)];
    }
  }
  for (int field = 1; field < 255; ++field)  // normal floats: 2^(field - 127) <= |x| < 2^(field - 126)
    s.histogram[static_cast<std::size_t>(field - 127 - histogram_min_exponent)] += by_field[field];
}
void count_exponents(const double* x, std::size_t n, input_stats& s) {
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i]);
    if (!(a <= max_double) || a == 0) continue;
    const int e = std::clamp(floor_log2(a), histogram_min_exponent, histogram_min_exponent + histogram_bins - 1);
    ++s.histogram[static_cast<std::size_t>(e - histogram_min_exponent)];
  }
}

// The power of two 2^-k that brings the largest of the finite |x| (F64 inputs) to [1, 2),
// clamped so that the scale itself is finite; float inputs are not scaled (k = 0).
template <class Src, class Magnitude>
int chunk_scale_exponent(std::size_t n, Magnitude&& magnitude) {
  if constexpr (!std::is_same<Src, double>::value) {
    (void)n;
    (void)magnitude;
    return 0;
  } else {
    double largest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double a = magnitude(i);
      if (a <= max_double && a > largest) largest = a;
    }
    return largest == 0 ? 0 : std::clamp(floor_log2(largest), -1000, 1000);
  }
}

// Input statistics of a chunk. For float inputs also inverse[i] = 1/|x[i]| (0 where x[i]
// is zero or not finite), which turns the relative errors of every format into products.
template <std::size_t W, class Src>
[[gnu::always_inline]] inline void measure_input_kernel(const Src* x, std::size_t n, input_stats& s, double* inverse) {
  using V = typename vec<W>::f64;
  using M = typename vec<W>::mask;
  constexpr std::size_t parts = lanes / W;
  M numbers[parts] = {}, inf[parts] = {}, zero[parts] = {}, nonzero[parts] = {};  // numbers: not NaN
  V sum_sq[parts] = {}, min_abs[parts], max_abs[parts] = {};
  for (V& m : min_abs) m = splat<V>(infinity);
  const int k = chunk_scale_exponent<Src>(n, [&](std::size_t i) { return std::fabs(static_cast<double>(x[i])); });
  const V scale = splat<V>(std::ldexp(1.0, -k));
  // Step by step (no lambda: it would not be built for the kernel's instruction set); the
  // last, partial step reads a copy padded with zeros.
  Src tail[step_elements];
  double tail_inverse[step_elements];
  for (std::size_t i = 0; i < n; i += step_elements) {
    const Src* p = x + i;
    double* inv = inverse + i;
    if (n - i < step_elements) {
      padded_tail(x + i, n - i, tail);
      p = tail;
      inv = tail_inverse;
    }
    for (std::size_t part = 0; part < parts; ++part) {
      const V v = load<W>(p + W * part);
      const V a = absv(v);
      const M finite = a <= splat<V>(max_double);
      const M finite_nonzero = finite & (a > splat<V>(0));
      count(numbers[part], v == v);
      count(inf[part], a == splat<V>(infinity));
      count(zero[part], a == splat<V>(0));
      count(nonzero[part], finite_nonzero);
      const V scaled = a * scale;
      sum_sq[part] += select(finite, scaled * scaled, splat<V>(0));
      min_abs[part] = minv(select(finite_nonzero, a, splat<V>(infinity)), min_abs[part]);
      max_abs[part] = maxv(select(finite, a, splat<V>(0)), max_abs[part]);
      if constexpr (std::is_same<Src, float>::value)
        store(inv + W * part, select(finite_nonzero, splat<V>(1.0) / a, splat<V>(0)));
    }
    if constexpr (std::is_same<Src, float>::value)
      if (inv == tail_inverse)
        for (std::size_t j = i; j < n; ++j) inverse[j] = tail_inverse[j - i];
  }
  const std::size_t whole = n - n % step_elements;
  s.count += n;
  s.nan += (n + step_elements - 1) / step_elements * step_elements - count_lanes(numbers);  // padding: numbers
  s.inf += count_lanes(inf);
  s.zero += count_lanes(zero) - (whole != n ? step_elements - (n - whole) : 0);
  s.finite_nonzero += count_lanes(nonzero);
  s.sum_sq.add(sum_lanes(sum_sq), 2 * k);
  s.min_abs = std::min(s.min_abs, min_lanes(min_abs));
  s.max_abs = std::max(s.max_abs, max_lanes(max_abs));
}

// Errors of the converted values q (widened to float) against the inputs x. With
// saturate_max > 0, q are the ieee results and the errors are those of the saturating
// conversion, derived: it differs only where ieee gives an infinity (+-max instead) or
// turns a non-NaN input into NaN (float8_e4m3fn overflow and inf: +-max with the input's
// sign); DESIGN.md's saturate rule. The tests check it against the scalar saturate_cast.
template <std::size_t W, class Src>
[[gnu::always_inline]] inline void measure_errors_kernel(const Src* x, const float* q, const double* inverse,
                                                         std::size_t n, error_sums& out, double saturate_max) {
  using V = typename vec<W>::f64;
  using M = typename vec<W>::mask;
  constexpr std::size_t parts = lanes / W;
  V max_abs[parts] = {}, max_rel[parts] = {}, sq_rel[parts] = {}, sq_err[parts] = {};
  // NaN inputs that become numbers: numbers out - numbers in and out; infinite inputs
  // that change: infinite inputs - those that stay.
  M numbers_out[parts] = {}, numbers_both[parts] = {}, infinite[parts] = {}, infinite_kept[parts] = {};
  const int k = chunk_scale_exponent<Src>(n, [&](std::size_t i) {
    const double v = static_cast<double>(x[i]);
    return std::fabs(v) <= max_double ? std::fabs(v - static_cast<double>(q[i])) : 0.0;  // NaN: skipped
  });
  const V scale = splat<V>(std::ldexp(1.0, -k));
  Src tail[step_elements];
  float tail_q[step_elements];
  double tail_inverse[step_elements] = {};
  for (std::size_t i = 0; i < n; i += step_elements) {
    const Src* p = x + i;
    const float* qp = q + i;
    const double* inv = inverse + i;
    if (n - i < step_elements) {  // the last, partial step: copies padded with zeros
      padded_tail(x + i, n - i, tail);
      padded_tail(q + i, n - i, tail_q);
      if constexpr (std::is_same<Src, float>::value) padded_tail(inverse + i, n - i, tail_inverse);
      p = tail;
      qp = tail_q;
      inv = tail_inverse;
    }
    for (std::size_t part = 0; part < parts; ++part) {
      const V v = load<W>(p + W * part);
      V qv = load<W>(qp + W * part);
      if (saturate_max > 0) {
        // NaN from a number: +-max with the input's sign; an infinity: +-max.
        qv = select(qv == qv, qv, select(v == v, copysignv(splat<V>(saturate_max), v), qv));
        qv = select(absv(qv) == splat<V>(infinity), copysignv(splat<V>(saturate_max), qv), qv);
      }
      const V a = absv(v);
      const M finite = a <= splat<V>(max_double);
      // A NaN that stops being NaN, or an infinity that becomes anything else.
      const M q_number = qv == qv, is_infinite = a == splat<V>(infinity);
      count(numbers_out[part], q_number);
      count(numbers_both[part], q_number & (v == v));
      count(infinite[part], is_infinite);
      count(infinite_kept[part], is_infinite & (qv == v));
      V d = absv(v - qv);
      d = select(d == d, d, splat<V>(infinity));  // a NaN result from a finite input: the value is lost
      d = select(finite, d, splat<V>(0));            // NaN and inf inputs carry no error
      V r;
      if constexpr (std::is_same<Src, float>::value) {
        // inverse is 0 where x is 0 or not finite; d is 0 there, but for a zero lost to a
        // NaN block (inf): no relative error either way.
        const V inverse_lanes = load<W>(inv + W * part);
        r = select(inverse_lanes == splat<V>(0), splat<V>(0), d * inverse_lanes);
      } else {
        r = select(finite & (a > splat<V>(0)), d / a, splat<V>(0));  // 1/|x| overflows for double subnormals
      }
      max_abs[part] = maxv(d, max_abs[part]);
      max_rel[part] = maxv(r, max_rel[part]);
      sq_rel[part] += r * r;
      const V scaled = d * scale;
      sq_err[part] += scaled * scaled;
    }
  }
  error_sums e;
  e.max_abs = max_lanes(max_abs);
  e.max_rel = max_lanes(max_rel);
  e.sum_sq_rel = sum_lanes(sq_rel);
  e.sum_sq_error.add(sum_lanes(sq_err), 2 * k);
  e.nan_changed = count_lanes(numbers_out) - count_lanes(numbers_both);
  e.inf_changed = count_lanes(infinite) - count_lanes(infinite_kept);
  out.merge(e);
}

// The counts of a block format over a run of whole blocks (see cell_stats): x the inputs,
// q their dequantized values, block b (of `size` values; the last may be shorter) with
// limit[b] and min_normal[b], its largest and smallest normal magnitude. Integers: every
// build gives the same numbers.
struct block_counts {
  std::uint64_t nan = 0, lost = 0, flushed = 0, subnormal = 0, inexact = 0, clamped = 0;
};
template <std::size_t W, class Src>
[[gnu::always_inline]] inline void count_blocks_kernel(const Src* x, const float* q, std::size_t n, std::size_t size,
                                                       const double* limit, const double* min_normal,
                                                       block_counts& c) {
  using V = typename vec<W>::f64;
  using M = typename vec<W>::mask;
  M numbers{}, finite_in{}, kept{}, flushed{}, subnormal{}, exact{}, clamped{};
  const V big = splat<V>(max_double), zero = splat<V>(0);
  std::uint64_t counts[7] = {};
  for (std::size_t first = 0, b = 0; first < n; first += size, ++b) {
    const std::size_t end = std::min(n, first + size);
    const V lim = splat<V>(limit[b]), low = splat<V>(min_normal[b]);
    const M clamps = limit[b] > 0 ? ~M{} : M{};  // (a zero block scale flushes, it does not clamp)
    std::size_t i = first;
    for (; i + W <= end; i += W) {
      const V v = load<W>(x + i), r = load<W>(q + i);
      const V a = absv(v), ar = absv(r);
      const M finite = a <= big;
      const M k = finite & (ar <= big);
      count(numbers, v == v);
      count(finite_in, finite);
      count(kept, k);
      count(flushed, k & (a > zero) & (r == zero));
      count(subnormal, k & (ar > zero) & (ar < low));
      count(exact, k & (r == v));
      count(clamped, k & (a > lim) & clamps);
    }
    for (; i < end; ++i) {  // the rest of a short block, one by one
      const double v = static_cast<double>(x[i]), r = static_cast<double>(q[i]);
      const double a = std::fabs(v), ar = std::fabs(r);
      const bool finite = a <= max_double, k = finite && ar <= max_double;
      counts[0] += v == v;
      counts[1] += finite;
      counts[2] += k;
      counts[3] += k && a > 0 && r == 0;
      counts[4] += k && ar > 0 && ar < min_normal[b];
      counts[5] += k && r == v;
      counts[6] += k && a > limit[b] && limit[b] > 0;
    }
  }
  const M all[7] = {numbers, finite_in, kept, flushed, subnormal, exact, clamped};
  for (int k = 0; k < 7; ++k) counts[k] += count_lanes<M, 1>({all[k]});
  c.nan += n - counts[0];
  c.lost += counts[1] - counts[2];
  c.flushed += counts[3];
  c.subnormal += counts[4];
  c.inexact += counts[2] - counts[5];
  c.clamped += counts[6];
}

// Each kernel is built twice: for SSE2 (W = 2, any x86-64; other targets: their 16-byte
// vectors) and for AVX2 (W = 4), which runs when lowp's bulk functions use AVX2 or
// AVX-512 (lowp::simd::active_path: the best the CPU has, or LOWP_FORCE_PATH /
// lowp::set_bulk_path). No AVX-512 build: GCC 12 lowers these vector-extension selects at
// 512 bits lane by lane through general registers, slower than AVX2 (measured:
// examples/report/RESULTS.md). The builds compute the same IEEE operations lane by lane
// (no contraction into FMA: -ffp-contract=off) into the same 8 accumulators, so the
// results are bit-identical; the tests check it.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
constexpr bool x86_kernels = true;
template <class Src>
__attribute__((target("avx2"))) void measure_input_avx2(const Src* x, std::size_t n, input_stats& s, double* inverse) {
  measure_input_kernel<4>(x, n, s, inverse);
}
template <class Src>
__attribute__((target("avx2"))) void measure_errors_avx2(const Src* x, const float* q, const double* inverse,
                                                         std::size_t n, error_sums& out, double saturate_max) {
  measure_errors_kernel<4>(x, q, inverse, n, out, saturate_max);
}
template <class Src>
__attribute__((target("avx2"))) void count_blocks_avx2(const Src* x, const float* q, std::size_t n, std::size_t size,
                                                       const double* limit, const double* min_normal,
                                                       block_counts& c) {
  count_blocks_kernel<4>(x, q, n, size, limit, min_normal, c);
}
#else
constexpr bool x86_kernels = false;
#endif

bool avx2_kernels() noexcept {
  const lowp::simd_path p = lowp::bulk_path();
  return x86_kernels && p != lowp::simd_path::portable;
}

template <class Src>
void measure_input(const Src* x, std::size_t n, input_stats& s, double* inverse) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (avx2_kernels()) return measure_input_avx2(x, n, s, inverse);
#endif
  measure_input_kernel<2>(x, n, s, inverse);
}

template <class Src>
void measure_errors(const Src* x, const float* q, const double* inverse, std::size_t n, error_sums& out,
                    double saturate_max = 0) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (avx2_kernels()) return measure_errors_avx2(x, q, inverse, n, out, saturate_max);
#endif
  measure_errors_kernel<2>(x, q, inverse, n, out, saturate_max);
}

template <class Src>
void count_blocks(const Src* x, const float* q, std::size_t n, std::size_t size, const double* limit,
                  const double* min_normal, block_counts& c) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (avx2_kernels()) return count_blocks_avx2(x, q, n, size, limit, min_normal, c);
#endif
  count_blocks_kernel<2>(x, q, n, size, limit, min_normal, c);
}

// `infinities`: the number of infinite inputs among x[0, n).
template <class Row, class Src>
void measure_format(Row row, const Src* x, std::size_t n, std::uint64_t infinities, lowp::rounding mode, scratch& s,
                    cell_stats (&cells)[2]) {
  using T = typename Row::type;
  const auto counts = lowp::check_conversion<T>(x, n, mode, lowp::overflow::ieee);
  add_counts(cells[0].counts, counts);
  add_counts(cells[1].counts, counts);
  T* q = s.buffer(row);
  error_sums errors[2];
  for (int p = 0; p < 2; ++p) {
    if (p == 1 && counts.overflow == 0 && infinities == 0) {
      errors[1] = errors[0];  // nothing overflowed, no infinity: saturate changes no result
      break;
    }
    if (p == 1 && std::is_same<Src, float>::value) {
      // Derived from the ieee results still in s.widened. (F64 inputs convert again: their
      // squares are scaled per chunk by the largest error, which clamping changes.)
      measure_errors(x, s.widened.data(), s.inverse.data(), n, errors[1],
                     static_cast<double>(std::numeric_limits<T>::max()));
      break;
    }
    lowp::convert(x, q, n, mode, policies[p]);
    lowp::convert(static_cast<const T*>(q), s.widened.data(), n);  // exact
    measure_errors(x, s.widened.data(), s.inverse.data(), n, errors[p]);
  }
  cells[0].errors.merge(errors[0]);
  cells[1].errors.merge(errors[1]);
}

// A block format over x[0, n), elements [position, position + n) of a tensor whose rows
// (last dimension) are row_length long. Blocks run along a row; when row_length is not a
// multiple of the block size each row ends in a short block, so the chunk is quantized row
// by row (the chunk starts at a block boundary: see next_boundary). F64 inputs are rounded
// to float first: the quantizers take float.
template <class Row, class Src>
void measure_block(Row row, const Src* x, std::size_t n, std::uint64_t position, std::uint64_t row_length,
                   float tensor_scale, lowp::rounding mode, scratch& s, cell_stats (&cells)[2]) {
  using E = typename Row::element;
  using scale_type = typename Row::scale_type;
  const float* xf = nullptr;
  if constexpr (std::is_same<Src, float>::value) {
    xf = x;
  } else {
    s.as_float.resize(chunk_elements);
    for (std::size_t i = 0; i < n; ++i) s.as_float[i] = static_cast<float>(x[i]);
    xf = s.as_float.data();
  }
  std::uint8_t* elements = s.buffer(row);
  scale_type* scales = s.scales(static_cast<scale_type*>(nullptr));
  float* q = s.widened.data();
  const float element_max = static_cast<float>(std::numeric_limits<E>::max());
  const float element_min_normal = static_cast<float>(std::numeric_limits<E>::min());
  cell_stats c;
  block_counts counts;
  std::uint64_t in_row = row_length != 0 ? position % row_length : 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t segment = n - i;
    if (row_length % Row::block_size != 0) segment = static_cast<std::size_t>(std::min<std::uint64_t>(segment, row_length - in_row));
    Row::quantize(xf + i, segment, elements, scales, tensor_scale, mode);
    Row::dequantize(elements, scales, tensor_scale, segment, q + i);
    for (std::size_t b = 0; b * Row::block_size < segment; ++b) {
      // The largest and the smallest normal magnitude of the block, as dequantize forms
      // them (element * scale * tensor scale, float operations in that order).
      const float scale = static_cast<float>(scales[b]);
      s.limits[b] = static_cast<double>(element_max * scale * tensor_scale);
      s.min_normals[b] = static_cast<double>(element_min_normal * scale * tensor_scale);
    }
    count_blocks(x + i, q + i, segment, Row::block_size, s.limits.data(), s.min_normals.data(), counts);
    i += segment;
    in_row = 0;
  }
  c.counts.nan = counts.nan;
  c.counts.overflow = counts.lost;
  c.counts.underflow = counts.flushed;
  c.counts.subnormal = counts.subnormal;
  c.counts.inexact = counts.inexact;
  c.clamped = counts.clamped;
  measure_errors(x, q, s.inverse.data(), n, c.errors);
  for (cell_stats& cell : cells) {
    add_counts(cell.counts, c.counts);
    cell.clamped += c.clamped;
    cell.errors.merge(c.errors);
  }
}

// The tensor scale of a block format that needs one (NVFP4), from the tensor's largest |x|
// (rounded to float, as the quantizer sees the values; infinite if the tensor holds an
// infinity or a NaN, as a max over every |x| is).
template <class Row>
float tensor_scale_of(const tensor_stats& s) {
  const bool finite = s.input.nan == 0 && s.input.inf == 0;
  return Row::tensor_scale(finite ? static_cast<float>(s.input.max_abs) : std::numeric_limits<float>::infinity());
}

// Every format whose statistics a pass measures: the first pass, every format measurable
// from the chunk alone; the second (`second` non-null: the merged first-pass statistics),
// the scaled conversions and the block formats that need the tensor's largest |x|.
template <class Src>
void measure_chunk(const Src* x, std::size_t n, std::uint64_t position, lowp::rounding mode, scratch& s,
                   const tensor_stats* second, tensor_stats& out) {
  input_stats input;
  measure_input(x, n, input, s.inverse.data());
  count_exponents(x, n, input);
  const std::uint64_t infinities = input.inf;
  if (second == nullptr) out.input.merge(input);
  for (const target t : all_targets) {
    with_target(t, [&](auto row) {
      using Row = decltype(row);
      cell_stats(&cells)[2] = out.cells[target_index(t)];
      if constexpr (Row::block) {
        if (Row::needs_tensor_amax == (second != nullptr))
          measure_block(row, x, n, position, out.row_length, second ? tensor_scale_of<Row>(*second) : 1.0f, mode, s,
                        cells);
      } else if (second == nullptr) {
        measure_format(row, x, n, infinities, mode, s, cells);
      } else if (second->scaled[target_index(t)].used) {
        // x / 2^k exactly (in double), measured for every format the tensor has a scale for.
        const scaled_cell& wanted = second->scaled[target_index(t)];
        const double factor = std::ldexp(1.0, -wanted.exponent);
        std::uint64_t scaled_infinities = 0;
        for (std::size_t i = 0; i < n; ++i) {
          s.scaled[i] = static_cast<double>(x[i]) * factor;
          scaled_infinities += std::fabs(s.scaled[i]) == infinity;
        }
        cell_stats scaled_cells[2];
        measure_format(row, static_cast<const double*>(s.scaled.data()), n, scaled_infinities, mode, s, scaled_cells);
        scaled_cell& into = out.scaled[target_index(t)];
        into.used = true;
        into.exponent = wanted.exponent;
        add_counts(into.stats.counts, scaled_cells[0].counts);
        into.stats.errors.merge(scaled_cells[0].errors);
      }
    });
  }
}

// The end of a run of tensor t's elements that starts at `first` and takes at most
// max_step of them: first + max_step, moved back, if it would fall inside a block of a
// block format, to that block's start. (With a last dimension that is a multiple of 32
// every multiple of 32 is a block boundary; otherwise each row ends in a short block.)
std::uint64_t next_boundary(const tensor_entry& t, std::uint64_t row_length, std::uint64_t first,
                            std::uint64_t max_step) {
  std::uint64_t end = std::min(t.count, first + max_step);
  if (end == t.count || row_length % 32 == 0) return end;
  const std::uint64_t into_block = (end % row_length) % 32;
  return end - into_block > first ? end - into_block : end;
}

// Elements [first, first + n) of tensor t.
// `second`: null for the first pass; for the second, the tensor's merged statistics with
// the chosen scales.
void measure_range(const tensor_entry& t, const byte_source& source, std::uint64_t first, std::uint64_t n,
                   lowp::rounding mode, scratch& s, tensor_stats& out, progress_bar* progress,
                   const tensor_stats* second) {
  for (std::uint64_t done = 0; done < n;) {
    const auto step = static_cast<std::size_t>(
        std::min(n - done, next_boundary(t, out.row_length, first + done, chunk_elements) - (first + done)));
    s.loader.with_chunk(t, source, first + done, step, [&](const auto* x, std::size_t count) {
      measure_chunk(x, count, first + done, mode, s, second, out);
    });
    done += step;
    if (progress != nullptr) progress->add(step * dtype_size(t.type));
  }
}

}  // namespace

void scaled_sum::add(double v, int e) noexcept {
  if (v == 0) return;
  if (value == 0) {
    value = v;
    exponent = e;
  } else if (e > exponent) {
    value = std::ldexp(value, exponent - e) + v;
    exponent = e;
  } else {
    value += std::ldexp(v, e - exponent);
  }
}

double scaled_sum::to_double() const noexcept { return std::ldexp(value, exponent); }

double ratio_db(const scaled_sum& a, const scaled_sum& b) noexcept {
  // log10(a.value / b.value) is safe: both values are sums of numbers below 4 per term.
  return 10.0 * (std::log10(a.value / b.value) + (a.exponent - b.exponent) * std::log10(2.0));
}

void input_stats::merge(const input_stats& o) noexcept {
  count += o.count;
  nan += o.nan;
  inf += o.inf;
  zero += o.zero;
  finite_nonzero += o.finite_nonzero;
  sum_sq.merge(o.sum_sq);
  min_abs = std::min(min_abs, o.min_abs);
  max_abs = std::max(max_abs, o.max_abs);
  for (std::size_t i = 0; i < histogram.size(); ++i) histogram[i] += o.histogram[i];
}

void error_sums::merge(const error_sums& o) noexcept {
  max_abs = std::max(max_abs, o.max_abs);
  max_rel = std::max(max_rel, o.max_rel);
  sum_sq_rel += o.sum_sq_rel;
  sum_sq_error.merge(o.sum_sq_error);
  nan_changed += o.nan_changed;
  inf_changed += o.inf_changed;
}

bool scalable(target t) noexcept { return info(t).scale != scaling::never; }

std::uint64_t row_length_of(const tensor_entry& t) noexcept { return t.shape.empty() ? 1 : t.shape.back(); }

int scale_exponent(target t, double max_abs, lowp::rounding mode) noexcept {
  if (!(max_abs > 0) || !(max_abs <= max_double) || !scalable(t)) return 0;
  const double max_finite = info(t).range.max_finite;
  // max_abs / 2^k within a factor 2 of max; 2^k must be a normal float (it is stored as
  // F32), and a larger k only makes the scaled values smaller.
  int k = std::max(floor_log2(max_abs) - floor_log2(max_finite), -126);
  return with_target(t, [&](auto row) {
    using Row = decltype(row);
    if constexpr (Row::block) {
      return 0;
    } else {
    using T = typename Row::type;
    // Two steps at most: rounding may carry max_abs / 2^k just past the max.
    for (int tries = 0; tries < 4; ++tries, ++k) {
      const T q = lowp::convert<T>(std::ldexp(max_abs, -k), mode, lowp::overflow::ieee);
      if (std::fabs(static_cast<double>(static_cast<float>(q))) <= max_finite) return std::min(k, 127);
    }
    return std::min(k, 127);
    }
  });
}

void tensor_stats::merge(const tensor_stats& o) noexcept {
  row_length = o.row_length;
  input.merge(o.input);
  for (int t = 0; t < target_count; ++t) {
    if (!o.scaled[t].used) continue;
    scaled[t].used = true;
    scaled[t].exponent = o.scaled[t].exponent;
    add_counts(scaled[t].stats.counts, o.scaled[t].stats.counts);
    scaled[t].stats.errors.merge(o.scaled[t].stats.errors);
  }
  for (int t = 0; t < target_count; ++t) {
    for (int p = 0; p < 2; ++p) {
      add_counts(cells[t][p].counts, o.cells[t][p].counts);
      cells[t][p].clamped += o.cells[t][p].clamped;
      cells[t][p].errors.merge(o.cells[t][p].errors);
    }
  }
}


std::vector<std::vector<tensor_stats>> analyze(const std::vector<analysis_input>& inputs,
                                               const analysis_options& options) {
  struct block {
    std::size_t file, tensor;
    std::uint64_t first, count;
  };
  std::vector<block> blocks;
  std::uint64_t total_bytes = 0;
  std::vector<std::vector<tensor_stats>> result(inputs.size());
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    const auto& tensors = inputs[f].file->tensors;
    result[f].resize(tensors.size());
    for (std::size_t t = 0; t < tensors.size(); ++t) {
      if (!is_floating(tensors[t].type)) continue;
      total_bytes += tensors[t].size;
      const std::uint64_t row_length = row_length_of(tensors[t]);
      result[f][t].row_length = row_length;
      for (std::uint64_t first = 0, end; first < tensors[t].count; first = end) {
        end = next_boundary(tensors[t], row_length, first, block_elements);
        blocks.push_back({f, t, first, end - first});
      }
    }
  }

  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, blocks.size())));

  // One pass over every block: the main statistics, or (scaled) those of the scaled
  // conversions, each block's partial kept and merged in block order.
  auto run_pass = [&](bool scaled, const char* label) {
    std::vector<tensor_stats> partial(blocks.size());
    std::atomic<std::size_t> next{0};
    progress_bar progress(label, total_bytes, options.progress);
    // The first error of any thread stops every thread and is rethrown here.
    std::mutex error_mutex;
    std::exception_ptr error;
    auto worker = [&] {
      std::size_t file = 0;
      try {
        scratch s;
        for (std::size_t i; (i = next.fetch_add(1)) < blocks.size();) {
          const block& b = blocks[i];
          file = b.file;
          const auto& in = inputs[b.file];
          partial[i].row_length = result[b.file][b.tensor].row_length;
          measure_range(in.file->tensors[b.tensor], *in.source, b.first, b.count, options.mode, s, partial[i],
                        &progress, scaled ? &result[b.file][b.tensor] : nullptr);
        }
      } catch (const input_error& e) {
        next.store(blocks.size());
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::make_exception_ptr(read_error(file, e.what()));
      } catch (...) {
        next.store(blocks.size());
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      tensor_stats& into = result[blocks[i].file][blocks[i].tensor];
      if (scaled) {
        for (int t = 0; t < target_count; ++t) {
          into.scaled[t].stats.counts = {};  // filled from the partials below
          into.scaled[t].stats.errors = {};
        }
      }
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) result[blocks[i].file][blocks[i].tensor].merge(partial[i]);
  };

  run_pass(false, "lowp-report: analysing");
  bool any_fixed = false;
  for (std::size_t f = 0; f < options.fixed_scales.size() && f < result.size(); ++f) {
    for (const auto& fixed : options.fixed_scales[f]) {
      scaled_cell& c = result[f][fixed.tensor].scaled[target_index(fixed.format)];
      c.used = true;
      c.exponent = fixed.exponent;
      any_fixed = true;
    }
  }
  bool needs_amax = false;
  for (const target t : all_targets) needs_amax = needs_amax || info(t).needs_tensor_amax;
  if (options.scale || any_fixed || needs_amax) {
    // The scales, from the merged statistics of the first pass.
    for (auto& file : result) {
      for (tensor_stats& s : file) {
        if (s.input.finite_nonzero == 0) continue;
        for (const target t : all_targets) {
          if (!scalable(t)) continue;
          const cell_stats& plain = s.cell(t, lowp::overflow::ieee);
          if (!options.scale || s.scaled[target_index(t)].used) continue;  // fixed in advance
          if (info(t).scale == scaling::when_out_of_range && plain.counts.overflow == 0 && plain.counts.underflow == 0)
            continue;
          s.scaled[target_index(t)].used = true;
          s.scaled[target_index(t)].exponent = scale_exponent(t, s.input.max_abs, options.mode);
        }
      }
    }
    run_pass(true, options.scale || any_fixed ? "lowp-report: analysing scales" : "lowp-report: analysing blocks");
  }
  return result;
}

tensor_stats analyze_tensor(const tensor_entry& t, const unsigned char* data, lowp::rounding mode) {
  tensor_file file;
  file.tensors.push_back(t);
  analysis_options options;
  options.mode = mode;
  options.threads = 1;
  const memory_source source(data, static_cast<std::size_t>(t.offset + t.size));
  return analyze({{&file, &source}}, options)[0][0];
}

}  // namespace lowp_report
