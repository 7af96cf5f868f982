// Runs every pair of pairs.hpp on a set of inputs, spread over the cores, and counts per
// lowp conversion (one report row each) the inputs compared and the mismatches.
#pragma once

#include "pairs.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace lowp_cuda_host {

// One failing input, kept to be printed.
struct example {
  std::uint64_t input_bits;
  std::uint8_t cuda, lowp;
};

// What one row (one lowp conversion against one CUDA function) found.
struct tally {
  std::uint64_t mismatches = 0;
  std::uint64_t nan_bits_differ = 0;  // fp8 only: both NaN, other bits (the documented difference)
  std::vector<example> first;         // the failing inputs with the smallest encodings

  static constexpr std::size_t kept = 4;
  void add(const tally& o) {
    mismatches += o.mismatches;
    nan_bits_differ += o.nan_bits_differ;
    first.insert(first.end(), o.first.begin(), o.first.end());
    std::sort(first.begin(), first.end(), [](const example& a, const example& b) { return a.input_bits < b.input_bits; });
    if (first.size() > kept) first.resize(kept);
  }
};

// The description of a row, for the report.
struct row_info {
  const char* function;
  const char* cuda_mode;
  const char* saturation;
  const char* lowp_type;
  lowp::rounding mode;
  lowp::overflow policy;
  bool nan_by_class;
};

template <class X>
std::uint64_t bits_of(X x) {
  if constexpr (sizeof(X) == 4) {
    std::uint32_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  } else {
    std::uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  }
}

// Compares one lowp conversion with CUDA's result c for input x. The mismatch path is
// out of line: the hot loop is the two conversions and one comparison.
template <class Cuda, class Lowp, class X>
void compare_one(std::uint8_t c, X x, tally& t) {
  const std::uint8_t l = Lowp::of(x);
  if (__builtin_expect(c == l, 1)) return;
  using T = typename Lowp::type;
  if (Cuda::nan_by_class && std::isnan(x) && lowp::isnan(T::from_bits(c)) && lowp::isnan(T::from_bits(l))) {
    ++t.nan_bits_differ;
    return;
  }
  ++t.mismatches;
  if (t.first.size() < tally::kept) t.first.push_back({bits_of(x), c, l});
}

template <class Cuda, class... Lowp, class X>
void compare_pair(pair<Cuda, Lowp...>, X x, tally*& row) {
  const std::uint8_t c = Cuda::of(x);
  ((compare_one<Cuda, Lowp>(c, x, *row), ++row), ...);
}

template <class... Pairs, class X>
inline void compare_all(pair_list<Pairs...>, X x, tally* rows) {
  (compare_pair(Pairs{}, x, rows), ...);
}

// The check on the double inputs themselves: counts, per row, the inputs x where rounding
// through float first (lowp's conversion of float(x)) would not give CUDA's result, so a
// row with no such input shows that the double-rounding traps catch nothing there.
template <class Cuda, class... Lowp>
void count_float_detours(pair<Cuda, Lowp...>, double x, std::uint64_t*& row) {
  const std::uint8_t c = Cuda::of(x);
  ((*row += (!std::isnan(x) && Lowp::of(static_cast<float>(x)) != c) ? 1u : 0u, ++row), ...);
}
template <class... Pairs>
void count_float_detours(pair_list<Pairs...>, double x, std::uint64_t* rows) {
  (count_float_detours(Pairs{}, x, rows), ...);
}

template <class Cuda, class... Lowp>
void describe_pair(pair<Cuda, Lowp...>, std::vector<row_info>& out) {
  (out.push_back({Cuda::function, Cuda::mode, Cuda::saturation, lowp::type_name<typename Lowp::type>, Lowp::mode,
                  Lowp::policy, Cuda::nan_by_class}),
   ...);
}
template <class... Pairs>
std::vector<row_info> describe(pair_list<Pairs...>) {
  std::vector<row_info> rows;
  (describe_pair(Pairs{}, rows), ...);
  return rows;
}

inline const std::vector<row_info>& rows() {
  static const std::vector<row_info> r = describe(all_pairs{});
  return r;
}

inline unsigned worker_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2u : std::min(n, 64u);
}

// compare_blocks(blocks, input_of_block): every pair on every input of blocks 0..blocks-1,
// the blocks handed out to one thread per core. input_of_block(b, fn) calls fn(x) for each
// input x of block b. Returns one tally per row.
template <class Inputs>
std::vector<tally> compare_blocks(std::uint64_t blocks, Inputs input_of_block) {
  const std::size_t n_rows = rows().size();
  std::atomic<std::uint64_t> next{0};
  std::vector<std::vector<tally>> per_thread(worker_count(), std::vector<tally>(n_rows));
  std::vector<std::thread> threads;
  for (auto& mine : per_thread) {
    threads.emplace_back([&next, &mine, blocks, &input_of_block] {
      tally* const t = mine.data();
      for (std::uint64_t b; (b = next.fetch_add(1)) < blocks;) {
        input_of_block(b, [t](auto x) { compare_all(all_pairs{}, x, t); });
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<tally> total(n_rows);
  for (const auto& mine : per_thread) {
    for (std::size_t i = 0; i < n_rows; ++i) total[i].add(mine[i]);
  }
  return total;
}

}  // namespace lowp_cuda_host
