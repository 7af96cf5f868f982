# Regenerates the bundled sample and compares it byte for byte with the committed one.
#   cmake -DGENERATOR=... -DEXPECTED=... -DOUTPUT=... -P check_sample.cmake
execute_process(COMMAND ${GENERATOR} ${OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the sample generator failed: ${result}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUTPUT} ${EXPECTED} RESULT_VARIABLE different)
if(different)
  message(FATAL_ERROR "regenerating the sample gave other bytes than ${EXPECTED}")
endif()
message(STATUS "the regenerated sample is identical to ${EXPECTED}")
