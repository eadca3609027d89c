# Run with -P after the test runner is built: writes one CTest test per ns-3 TestSuite.
# --stop-on-failure: without it ns-3.37's NS_TEST_ASSERT_* report and carry on,
# so a test indexing past a failed size check would crash instead of failing.
# TIMEOUT: a hang (ns-3 itself can loop on hostile input) fails in minutes, not
# after CTest's default 25.
# Inputs: RUNNER (the test runner), OUTPUT (the CTest file to write).
cmake_minimum_required(VERSION 3.13)
execute_process(
  COMMAND ${RUNNER} --list
  OUTPUT_VARIABLE listing
  ERROR_VARIABLE errors
  RESULT_VARIABLE status
)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${RUNNER} --list failed (${status}): ${errors}")
endif()
string(REPLACE "\n" ";" names "${listing}")
set(content "")
foreach(name ${names})
  string(STRIP "${name}" name)
  if(name)
    string(APPEND content
           "add_test([=[ns3.${name}]=] \"${RUNNER}\" \"--suite=${name}\" \"--verbose\" \"--stop-on-failure\")\n"
           "set_tests_properties([=[ns3.${name}]=] PROPERTIES TIMEOUT 300)\n"
    )
  endif()
endforeach()
if(content STREQUAL "")
  message(FATAL_ERROR "${RUNNER} lists no TestSuite")
endif()
file(WRITE ${OUTPUT} "${content}")
