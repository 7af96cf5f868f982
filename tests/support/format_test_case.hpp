// LOWP_FORMAT_TEST_CASE(name, tags, types): Catch2's TEMPLATE_LIST_TEST_CASE, but each test
// is named after its format ("name - float16"), not after its index in the list ("name -
// 0"), so a failure, a --list-tests line and a command-line filter all say which format.
// `types` is a std::tuple of lowp types with rows in formats.hpp (usually
// lowp_test::every_type, or a list of format_widths.hpp); the body sees the type as TestType.
#pragma once

#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <tuple>

#include "formats.hpp"

namespace lowp_test {
// The registrar lives in an unnamed namespace, one per translation unit: its body names the
// test's holder, which is unnamed-namespace too and named by a counter that restarts in
// every file, so two files' `lowp_format_test_0<float16>` registrars would otherwise be the
// same inline function to the linker, which keeps one, and one file's tests would run the
// other's bodies under their own names.
namespace {

// Body is a class (in an unnamed namespace) with a member template run<T>(), not a class
// template: GCC gives a specialization whose template *template* argument lives in an
// unnamed namespace external linkage (GCC bug 70413), so the Nth test of two files over
// the same types shared one registrar and both ran the same body.
template <class Body, class Types>
struct format_test_registrar;

template <class Body, class... Types>
struct format_test_registrar<Body, std::tuple<Types...>> {
  format_test_registrar(const char* name, const char* tags, const Catch::SourceLineInfo& line) {
    // Catch keeps references to the names: they live as long as the program.
    static std::deque<std::string> names;
    (void)std::initializer_list<int>{
        (names.push_back(std::string(name) + " - " + format_name<Types>()),
         (void)Catch::AutoReg(Catch::makeTestInvoker(&Body::template run<Types>), line, Catch::StringRef(),
                              Catch::NameAndTags{Catch::StringRef(names.back()), Catch::StringRef(tags)}),
         0)...};
  }
};

}  // namespace
}  // namespace lowp_test

#define LOWP_FORMAT_TEST_CASE_IMPL(holder, registrar, name, tags, types)                                \
  namespace {                                                                                          \
  struct holder {                                                                                      \
    template <class TestType>                                                                          \
    static void run();                                                                                 \
  };                                                                                                   \
  const lowp_test::format_test_registrar<holder, types> registrar(name, tags, CATCH_INTERNAL_LINEINFO); \
  }                                                                                                    \
  template <class TestType>                                                                            \
  void holder::run()

#define LOWP_FORMAT_TEST_CASE(name, tags, types)                                                   \
  LOWP_FORMAT_TEST_CASE_IMPL(INTERNAL_CATCH_UNIQUE_NAME(lowp_format_test_),                        \
                             INTERNAL_CATCH_UNIQUE_NAME(lowp_format_test_registrar_), name, tags, types)
