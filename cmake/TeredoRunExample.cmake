# The runner of every example test: run a program, fail unless it exits with
# the expected code (0 by default), and check what it prints (standard output
# and error, merged) against regular expressions. CTest's own
# PASS_REGULAR_EXPRESSION ignores the exit code, so a program that printed its
# verdict and then crashed would pass: here it fails.
#
#   cmake -D SPEC=<file> -P TeredoRunExample.cmake -- PROGRAM [ARG...]
#
# SPEC, written by teredo_add_example_test (cmake/TeredoTests.cmake), sets
# - PASS_COUNT and PASS_0, PASS_1, ...: regular expressions the output must
#   each match (one variable each, so that a ';' inside one stays in it);
# - FAIL_COUNT and FAIL_0, ...: regular expressions it must not match;
# - EXIT_CODE: the expected exit code;
# - SKIP_CODE (optional): an exit code meaning "skipped": the runner then prints
#   "teredo-run-example: skipped", which the test's SKIP_REGULAR_EXPRESSION
#   turns into a skipped test (cmake -P cannot choose its own exit code);
# - WORKING_DIRECTORY (optional): created if missing, the program runs there.
cmake_minimum_required(VERSION 3.16)

if(NOT DEFINED SPEC)
  message(FATAL_ERROR "teredo-run-example: -D SPEC=<file> is required")
endif()
include(${SPEC})

# The command: every argument after "--".
set(command "")
set(seen_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(seen_separator)
    # Escaped, so that an argument holding a ';' stays one argument.
    string(REPLACE ";" "\\;" arg "${CMAKE_ARGV${i}}")
    list(APPEND command "${arg}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen_separator TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "teredo-run-example: no program after --")
endif()
list(GET command 0 program)

set(directory_option "")
if(WORKING_DIRECTORY)
  file(MAKE_DIRECTORY ${WORKING_DIRECTORY})
  set(directory_option WORKING_DIRECTORY ${WORKING_DIRECTORY})
endif()
execute_process(
  COMMAND ${command} ${directory_option}
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output
  RESULT_VARIABLE result
)
# Show the output whatever happens: ctest --output-on-failure prints it.
message("${output}")

if(DEFINED SKIP_CODE AND result STREQUAL "${SKIP_CODE}")
  message("teredo-run-example: skipped (${program} exited with ${result})")
  return()
endif()

set(errors "")
# A signal gives a word ("Subprocess aborted", "Segmentation fault"), not a number.
if(NOT result MATCHES "^[0-9]+$" OR NOT result EQUAL EXIT_CODE)
  string(APPEND errors "  exited with '${result}', not ${EXIT_CODE}\n")
endif()
if(PASS_COUNT GREATER 0)
  math(EXPR last "${PASS_COUNT} - 1")
  foreach(i RANGE ${last})
    if(NOT output MATCHES "${PASS_${i}}")
      string(APPEND errors "  no match for required '${PASS_${i}}'\n")
    endif()
  endforeach()
endif()
if(FAIL_COUNT GREATER 0)
  math(EXPR last "${FAIL_COUNT} - 1")
  foreach(i RANGE ${last})
    if(output MATCHES "${FAIL_${i}}")
      string(APPEND errors "  matches forbidden '${FAIL_${i}}': '${CMAKE_MATCH_0}'\n")
    endif()
  endforeach()
endif()

if(errors)
  message(FATAL_ERROR "teredo-run-example: ${program} failed:\n${errors}")
endif()
message("teredo-run-example: ${program} passed (exit ${result}, ${PASS_COUNT} required, "
        "${FAIL_COUNT} forbidden patterns)"
)
