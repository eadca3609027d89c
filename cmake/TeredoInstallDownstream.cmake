# Run with -P by the CTest test install.downstream: the installed package works
# for a user's own project, from a fresh prefix.
#  1. cmake --install <build> --prefix <work>/prefix;
#  2. the library (with its SOVERSION links), exactly the public headers and the
#     package files are there, the package names nothing in the build tree, and
#     it finds Boost itself (find_dependency) for the Boost.MultiIndex headers
#     that public headers include, ns3::teredo linking Boost's headers;
#  3. test/downstream configured with -DCMAKE_PREFIX_PATH=<work>/prefix (its
#     find_package(ns3-teredo) must find that prefix, and Boost for it, since
#     test/downstream does not look for Boost), built, and run with no
#     LD_LIBRARY_PATH: the installed library must be the one loaded (ldd), the
#     Teredo client must qualify (exit code 0) and the program must see the
#     compile definitions the module was built with.
# Input: SETTINGS, a file written by cmake/TeredoTests.cmake (BUILD_DIR,
# DOWNSTREAM_DIR, WORK_DIR, CONFIG, generator and compiler, the expected files).
# The work folder is removed at the end, pass or fail (-D KEEP=ON keeps it).
cmake_minimum_required(VERSION 3.13)

if(NOT SETTINGS OR NOT EXISTS "${SETTINGS}")
  message(FATAL_ERROR "usage: cmake -D SETTINGS=<install-downstream-settings.cmake> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
include(${SETTINGS})
if(CONFIG STREQUAL "")
  set(CONFIG ${BUILD_TYPE})
endif()

set(prefix ${WORK_DIR}/prefix)
set(downstream_build ${WORK_DIR}/build)
string(TIMESTAMP started "%s")

function(say text)
  message("install.downstream: ${text}")
endfunction()

macro(clean_up)
  if(KEEP)
    say("keeping ${WORK_DIR}")
  else()
    file(REMOVE_RECURSE ${WORK_DIR})
  endif()
endmacro()

macro(fail text)
  clean_up()
  message(FATAL_ERROR "install.downstream: FAILED: ${text}")
endmacro()

# Runs a command, prints it; on failure prints its output and fails. Its output
# is left in step_output.
function(run_step description)
  string(REPLACE ";" " " command_line "${ARGN}")
  say("${description}: ${command_line}")
  execute_process(
    COMMAND ${ARGN}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE out
  )
  set(step_output "${out}" PARENT_SCOPE)
  if(NOT rc STREQUAL "0")
    message("${out}")
    fail("${description} (exit code ${rc})")
  endif()
endfunction()

# 1. A fresh prefix.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
run_step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --config ${CONFIG} --prefix ${prefix})

# 2. What landed there.
set(missing "")
foreach(file ${LIBRARY_FILES})
  if(NOT EXISTS ${prefix}/${LIBDIR}/${file})
    list(APPEND missing ${LIBDIR}/${file})
  endif()
endforeach()
set(package_dir ${prefix}/${LIBDIR}/cmake/ns3-teredo)
foreach(file ns3-teredoConfig.cmake ns3-teredoConfigVersion.cmake ns3-teredoTargets.cmake)
  if(NOT EXISTS ${package_dir}/${file})
    list(APPEND missing ${LIBDIR}/cmake/ns3-teredo/${file})
  endif()
endforeach()
if(missing)
  fail("not installed: ${missing}")
endif()
string(REPLACE ";" ", " library_files "${LIBRARY_FILES}")
say("installed ${library_files} in ${LIBDIR}, the package in ${LIBDIR}/cmake/ns3-teredo")

file(GLOB installed_headers RELATIVE ${prefix}/${INCLUDEDIR}/ns3 ${prefix}/${INCLUDEDIR}/ns3/*)
list(SORT installed_headers)
list(SORT HEADERS)
if(NOT installed_headers STREQUAL HEADERS)
  set(extra ${installed_headers})
  list(REMOVE_ITEM extra ${HEADERS})
  set(absent ${HEADERS})
  if(installed_headers)
    list(REMOVE_ITEM absent ${installed_headers})
  endif()
  fail("headers in ${INCLUDEDIR}/ns3 differ from the build's: missing [${absent}], unexpected [${extra}]")
endif()
list(LENGTH HEADERS header_count)
say("installed ${header_count} headers in ${INCLUDEDIR}/ns3, as the build copies them")

file(GLOB package_files ${package_dir}/*.cmake)
foreach(file ${package_files})
  file(READ ${file} content)
  foreach(build_path ${BUILD_DIR}/include ${BUILD_DIR}/libns3-teredo)
    string(FIND "${content}" "${build_path}" at)
    if(NOT at EQUAL -1)
      fail("${file} names the build tree (${build_path})")
    endif()
  endforeach()
endforeach()

# Public headers include Boost.MultiIndex: the package must look for Boost
# itself and the target must pass Boost's headers on, or a project whose Boost
# is not in a default include folder cannot compile the module's headers.
file(READ ${package_dir}/ns3-teredoConfig.cmake config_content)
if(NOT config_content MATCHES "find_dependency\\(Boost ")
  fail("ns3-teredoConfig.cmake does not find_dependency(Boost)")
endif()
file(READ ${package_dir}/ns3-teredoTargets.cmake targets_content)
string(REGEX MATCH "INTERFACE_LINK_LIBRARIES \"[^\"]*\"" interface_libraries "${targets_content}")
if(NOT interface_libraries MATCHES "Boost::(headers|boost)")
  fail("ns3::teredo links no Boost target publicly: ${interface_libraries}")
endif()
say("the package finds Boost itself, and ns3::teredo links ${CMAKE_MATCH_0}")

# 3. The downstream project against that prefix only.
set(configure_args -S ${DOWNSTREAM_DIR} -B ${downstream_build} -G ${GENERATOR}
                   -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${CONFIG}
                   -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
)
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
run_step("configure test/downstream" ${CMAKE_COMMAND} ${configure_args})
file(STRINGS ${downstream_build}/CMakeCache.txt found_dir REGEX "^ns3-teredo_DIR:")
string(REGEX REPLACE "^[^=]*=" "" found_dir "${found_dir}")
get_filename_component(found_dir "${found_dir}" REALPATH)
get_filename_component(expected_dir "${package_dir}" REALPATH)
if(NOT found_dir STREQUAL expected_dir)
  fail("find_package(ns3-teredo) found ${found_dir}, not the fresh prefix's ${expected_dir}")
endif()
say("find_package(ns3-teredo) found ${found_dir}")
# test/downstream does not look for Boost: whatever Boost its cache holds, the
# package found.
file(STRINGS ${downstream_build}/CMakeCache.txt boost_entries
     REGEX "^(Boost_DIR|Boost_INCLUDE_DIR):[^=]*=."
)
list(FILTER boost_entries EXCLUDE REGEX "-NOTFOUND$")
if(NOT boost_entries)
  fail("configuring test/downstream found no Boost: the package did not look for it")
endif()
say("Boost found for test/downstream by the package: ${boost_entries}")

run_step("build test/downstream" ${CMAKE_COMMAND} --build ${downstream_build} --config ${CONFIG})

set(program ${downstream_build}/teredo-downstream)
if(NOT EXISTS ${program})
  fail("${program} was not built")
endif()
# The installed library must come from the program's RUNPATH (CMake's build
# RPATH points at the imported library's folder), not from the environment.
unset(ENV{LD_LIBRARY_PATH})
find_program(LDD ldd)
if(LDD)
  run_step("libraries of the program" ${LDD} ${program})
  string(REGEX MATCH "libns3-teredo[^\n]*" loaded "${step_output}")
  get_filename_component(real_prefix ${prefix} REALPATH)
  if(NOT loaded MATCHES "=> (${prefix}|${real_prefix})/${LIBDIR}/libns3-teredo")
    fail("the program would load '${loaded}', not the installed library")
  endif()
  say("loads ${loaded}")
else()
  say("ldd not found: not checking which libns3-teredo.so the program loads")
endif()

run_step("run" ${program})
message("${step_output}")
if(NOT step_output MATCHES "client qualified: 2001:0:")
  fail("the program did not print a qualified Teredo address")
endif()
if(EXPECT_LOGS_ASSERTS)
  set(expected_definitions "NS3_LOG_ENABLE and NS3_ASSERT_ENABLE: defined")
else()
  set(expected_definitions "NS3_LOG_ENABLE and NS3_ASSERT_ENABLE: not defined")
endif()
string(FIND "${step_output}" "${expected_definitions}" at)
if(at EQUAL -1)
  fail("expected '${expected_definitions}' (TEREDO_ENABLE_LOGS_ASSERTS=${EXPECT_LOGS_ASSERTS})")
endif()

clean_up()
string(TIMESTAMP finished "%s")
math(EXPR seconds "${finished} - ${started}")
say("passed in ${seconds} s")
