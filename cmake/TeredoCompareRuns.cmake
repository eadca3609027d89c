# Determinism check: run PROGRAM twice with the same arguments (ARGS, a
# ;-list), each in its own empty folder under WORK, and require identical
# standard output and byte-identical files (pcaps, figures). Usage:
#   cmake -D PROGRAM=... -D ARGS="--seed=3;--run=2" -D WORK=... -P TeredoCompareRuns.cmake
foreach(var PROGRAM WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "TeredoCompareRuns: -D ${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
foreach(run a b)
  file(MAKE_DIRECTORY ${WORK}/${run})
  execute_process(
    COMMAND ${PROGRAM} ${ARGS}
    WORKING_DIRECTORY ${WORK}/${run}
    OUTPUT_FILE ${WORK}/${run}/stdout.txt
    RESULT_VARIABLE result
  )
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "run ${run} of ${PROGRAM} exited with ${result}")
  endif()
endforeach()

file(GLOB files_a RELATIVE ${WORK}/a ${WORK}/a/*)
file(GLOB files_b RELATIVE ${WORK}/b ${WORK}/b/*)
list(SORT files_a)
list(SORT files_b)
if(NOT files_a STREQUAL files_b)
  message(FATAL_ERROR "the two runs wrote different files:\n  ${files_a}\n  ${files_b}")
endif()
list(LENGTH files_a count)
if(count LESS 2)
  message(FATAL_ERROR "the runs wrote only ${files_a}: nothing to compare")
endif()
set(differ "")
foreach(f ${files_a})
  file(SHA256 ${WORK}/a/${f} hash_a)
  file(SHA256 ${WORK}/b/${f} hash_b)
  if(NOT hash_a STREQUAL hash_b)
    list(APPEND differ ${f})
  endif()
endforeach()
if(differ)
  message(FATAL_ERROR "the two runs differ in: ${differ}")
endif()
message(STATUS "identical: ${count} files (standard output included) in two runs")
file(REMOVE_RECURSE ${WORK})
