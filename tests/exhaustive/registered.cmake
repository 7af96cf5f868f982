# Fails when test_exhaustive runs a check that tests/CMakeLists.txt gives no result entry
# (or lists one the program does not have).  cmake -DPROGRAM=... -DEXPECTED=a;b -P registered.cmake
execute_process(COMMAND ${PROGRAM} --list OUTPUT_VARIABLE listed RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --list failed (${status})")
endif()
string(STRIP "${listed}" listed)
string(REPLACE "\n" ";" listed "${listed}")
if(NOT listed STREQUAL EXPECTED)
  message(FATAL_ERROR "test_exhaustive checks: ${listed}\ntests/CMakeLists.txt entries: ${EXPECTED}")
endif()
message(STATUS "every check of test_exhaustive has its CTest entry: ${listed}")
