# Run with -P: the NAT model must not depend on Teredo (researchers use it on its
# own). Fails when a NAT source or header includes a Teredo header.
# Input: ROOT (the module folder).
cmake_minimum_required(VERSION 3.13)
file(GLOB nat_files ${ROOT}/model/*nat*.h ${ROOT}/model/*nat*.cc ${ROOT}/helper/*nat*.h
     ${ROOT}/helper/*nat*.cc
)
set(errors "")
foreach(f ${nat_files})
  file(STRINGS ${f} includes REGEX "^#include .*teredo")
  if(includes)
    file(RELATIVE_PATH rel ${ROOT} ${f})
    string(APPEND errors "${rel}: ${includes}\n")
  endif()
endforeach()
list(LENGTH nat_files count)
if(count EQUAL 0)
  message(FATAL_ERROR "no NAT files found under ${ROOT}")
endif()
if(errors)
  message(FATAL_ERROR "the NAT model includes Teredo headers:\n${errors}")
endif()
message(STATUS "${count} NAT files, none includes a Teredo header")
