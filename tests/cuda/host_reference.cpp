// The host reference of the GPU test, compiled by the C++ compiler (see host_reference.hpp).
#include "host_reference.hpp"

#include <algorithm>
#include <thread>
#include <tuple>
#include <vector>

#include "lowp_test.hpp"

namespace lowp_cuda_test {
namespace {

// fn(begin, end) over [0, n) in one slice per core.
template <class Fn>
void in_parallel(std::size_t n, Fn fn) {
  const std::size_t slices = lowp_test::thread_count();
  const std::size_t per_slice = (n + slices - 1) / slices;
  std::vector<std::thread> threads;
  for (std::size_t begin = 0; begin < n; begin += per_slice) {
    threads.emplace_back(fn, begin, std::min(n, begin + per_slice));
  }
  for (auto& t : threads) t.join();
}

}  // namespace

template <class From, class To>
void host_convert(const From* src, To* dst, std::size_t n, lowp::rounding mode, lowp::overflow policy) {
  in_parallel(n, [=](std::size_t begin, std::size_t end) {
    lowp::convert(src + begin, dst + begin, end - begin, mode, policy);
  });
}

template <class To>
lowp::conversion_stats host_check(const float* src, std::size_t n, lowp::rounding mode, lowp::overflow policy) {
  std::vector<lowp::conversion_stats> parts(lowp_test::thread_count() + 1);
  const std::size_t per_slice = (n + lowp_test::thread_count() - 1) / lowp_test::thread_count();
  in_parallel(n, [&](std::size_t begin, std::size_t end) {
    parts[begin / per_slice] = lowp::check_conversion<To>(src + begin, end - begin, mode, policy);
  });
  lowp::conversion_stats total;
  for (const auto& p : parts) {
    total.nan += p.nan;
    total.overflow += p.overflow;
    total.underflow += p.underflow;
    total.subnormal += p.subnormal;
    total.inexact += p.inexact;
  }
  return total;
}

// float <-> every format of the test table, instantiated here, where the C++ compiler (not
// nvcc) compiles them: a table of their addresses with external linkage makes the compiler
// emit every one.
template <class T>
struct host_functions {
  void (*narrow)(const float*, T*, std::size_t, lowp::rounding, lowp::overflow);
  void (*widen)(const T*, float*, std::size_t, lowp::rounding, lowp::overflow);
  lowp::conversion_stats (*check)(const float*, std::size_t, lowp::rounding, lowp::overflow);
};
template <class... T>
constexpr std::tuple<host_functions<T>...> table_of(std::tuple<T...>*) {
  return {host_functions<T>{&host_convert<float, T>, &host_convert<T, float>, &host_check<T>}...};
}
using host_function_table = decltype(table_of(static_cast<lowp_test::every_type*>(nullptr)));
extern const host_function_table every_host_function;
const host_function_table every_host_function = table_of(static_cast<lowp_test::every_type*>(nullptr));

}  // namespace lowp_cuda_test
