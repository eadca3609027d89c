# bench.teredo-scale-short: run teredo-scale-bench small (both modes, each in
# its own process) and check that its output is well formed and that every
# flow it promises lossless (all of them: no symmetric NAT in the scenario)
# delivered what was sent. No timing assertions.
# Use: cmake -D PROGRAM=path -D ARGS="--clients=100;..." -P TeredoCheckScaleBench.cmake
execute_process(
  COMMAND ${PROGRAM} ${ARGS}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc
)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "teredo-scale-bench exited with ${rc}: ${err}")
endif()

string(REGEX MATCHALL "\n\\|[^\n]*" table_lines "${out}")
list(LENGTH table_lines n_table)
if(NOT n_table EQUAL 5)
  message(FATAL_ERROR "expected 5 table lines (header, rule, teredo, baseline, ratio), got ${n_table}")
endif()
foreach(line IN LISTS table_lines)
  string(REGEX MATCHALL "\\|" bars "${line}")
  list(LENGTH bars n_bars)
  if(NOT n_bars EQUAL 16)
    message(FATAL_ERROR "table line with ${n_bars} bars, not 16:${line}")
  endif()
endforeach()
if(NOT out MATCHES "\n\\| teredo \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+ \\|")
  message(FATAL_ERROR "malformed teredo row")
endif()
if(NOT out MATCHES "\n\\| baseline \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| - \\|")
  message(FATAL_ERROR "malformed baseline row")
endif()
if(NOT out MATCHES "\n\\| ratio teredo/baseline per delivered \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\(wall\\) \\| [0-9.]+ \\(events\\)")
  message(FATAL_ERROR "malformed ratio row")
endif()

foreach(mode teredo baseline)
  if(NOT out MATCHES "ROW mode=${mode} clients=([0-9]+) [^\n]* sent=([0-9]+) delivered=([0-9]+) [^\n]* not-sent=([0-9]+) qualified=([0-9]+)")
    message(FATAL_ERROR "no ROW line for ${mode}")
  endif()
  set(clients ${CMAKE_MATCH_1})
  set(sent ${CMAKE_MATCH_2})
  set(delivered ${CMAKE_MATCH_3})
  set(skipped ${CMAKE_MATCH_4})
  set(qualified ${CMAKE_MATCH_5})
  if(sent EQUAL 0)
    message(FATAL_ERROR "${mode}: nothing sent")
  endif()
  if(NOT sent EQUAL delivered)
    message(FATAL_ERROR "${mode}: ${delivered} delivered of ${sent} sent")
  endif()
  if(NOT skipped EQUAL 0 OR NOT qualified EQUAL clients)
    message(FATAL_ERROR "${mode}: ${qualified} of ${clients} qualified, ${skipped} sends skipped")
  endif()
  message(STATUS "${mode}: ${delivered} of ${sent} delivered, ${qualified} qualified")
endforeach()
