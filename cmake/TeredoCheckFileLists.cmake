# Run with -P: checks that CMakeLists.txt and wscript each name exactly the
# .cc and .h files present under model/, helper/, test/ and examples/.
# Inputs: ROOT (the module folder), CMAKE_LISTS and WSCRIPT (the files to check).
cmake_minimum_required(VERSION 3.13)
set(dirs model helper test examples)
set(on_disk "")
foreach(dir ${dirs})
  file(GLOB_RECURSE found RELATIVE ${ROOT} ${ROOT}/${dir}/*.cc ${ROOT}/${dir}/*.h)
  list(APPEND on_disk ${found})
endforeach()
# test/downstream is not part of the module: a user's own project, built
# against the installed module by the CTest test install.downstream, with its
# own CMakeLists.txt. Neither build compiles it, so neither lists it.
set(not_module_pattern "^test/downstream/")
list(FILTER on_disk EXCLUDE REGEX "${not_module_pattern}")
list(SORT on_disk)

set(pattern "(model|helper|test|examples)/[A-Za-z0-9_./-]+\\.(cc|h)")
set(errors "")
foreach(list_file ${CMAKE_LISTS} ${WSCRIPT})
  get_filename_component(list_name ${list_file} NAME)
  file(READ ${list_file} content)
  string(REGEX MATCHALL "${pattern}" listed "${content}")
  list(REMOVE_DUPLICATES listed)
  list(FILTER listed EXCLUDE REGEX "${not_module_pattern}")
  foreach(file ${on_disk})
    if(NOT file IN_LIST listed)
      string(APPEND errors "${file} is on disk but missing from ${list_name}\n")
    endif()
  endforeach()
  foreach(file ${listed})
    if(NOT file IN_LIST on_disk)
      string(APPEND errors "${file} is listed in ${list_name} but not on disk\n")
    endif()
  endforeach()
endforeach()

if(errors)
  message(FATAL_ERROR "File lists out of step:\n${errors}")
endif()
list(LENGTH on_disk count)
message(STATUS "CMakeLists.txt and wscript list all ${count} files")
