# Tests of the standalone build, all registered with CTest:
# - every GoogleTest case (gtest_discover_tests);
# - every ns-3 TestSuite in our runner (listed by the runner itself after each build);
# - the examples, checked on what they print;
# - interoperability with real Miredo (scripts/interop-miredo-*.sh; root only);
# - the build-file check that CMakeLists.txt and wscript list the files on disk.

find_package(GTest REQUIRED)
include(GoogleTest)

add_executable(teredo-gtest ${teredo_gtest_sources})
target_link_libraries(teredo-gtest PRIVATE ns3-teredo GTest::gtest_main)
target_compile_options(teredo-gtest PRIVATE ${teredo_warnings})
target_compile_definitions(
  teredo-gtest PRIVATE TEREDO_TEST_DATA_DIR="${teredo_test_data_dir}"
)
gtest_discover_tests(teredo-gtest TEST_PREFIX "gtest." DISCOVERY_TIMEOUT 60)

add_executable(
  teredo-test-runner ${teredo_test_runner_sources} ${teredo_ns3_test_sources}
)
target_link_libraries(
  teredo-test-runner PRIVATE ns3-teredo ns3::libinternet-apps ns3::libapplications
)
target_compile_options(teredo-test-runner PRIVATE ${teredo_warnings})
# ns-3 finds a suite's data directory (SetDataDir/CreateDataDirFilename) below
# the "top-level source directory": the first folder, from the runner's own
# upward, that holds VERSION and LICENSE. Make the runner's folder that, and give
# NS_TEST_SOURCEDIR relative to it, as an ns-3 tree gives "contrib/teredo/test".
set_target_properties(
  teredo-test-runner PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/VERSION "3.37\n")
configure_file(LICENSE ${CMAKE_CURRENT_BINARY_DIR}/LICENSE COPYONLY)
file(RELATIVE_PATH test_source_dir ${CMAKE_CURRENT_BINARY_DIR}
     ${CMAKE_CURRENT_SOURCE_DIR}/test
)
target_compile_definitions(
  teredo-test-runner PRIVATE NS_TEST_SOURCEDIR="${test_source_dir}"
)

# Ask the runner which suites it holds, after every build, so that a new
# TestSuite is a new CTest test without touching this file.
set(teredo_suites_file ${CMAKE_CURRENT_BINARY_DIR}/teredo-ns3-suites.cmake)
set(teredo_discover_script ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoDiscoverSuites.cmake)
add_custom_command(
  OUTPUT ${teredo_suites_file}
  COMMAND
    ${CMAKE_COMMAND} -D RUNNER=$<TARGET_FILE:teredo-test-runner>
    -D OUTPUT=${teredo_suites_file} -P ${teredo_discover_script}
  DEPENDS teredo-test-runner ${teredo_discover_script}
  VERBATIM
)
add_custom_target(teredo-ns3-suites ALL DEPENDS ${teredo_suites_file})
file(
  WRITE ${CMAKE_CURRENT_BINARY_DIR}/teredo-ns3-suites-include.cmake
  "if(EXISTS \"${teredo_suites_file}\")\n"
  "  include(\"${teredo_suites_file}\")\n"
  "else()\n"
  "  add_test(ns3.NOT_BUILT teredo-test-runner-NOT_BUILT)\n"
  "endif()\n"
)
set_property(
  DIRECTORY APPEND
  PROPERTY TEST_INCLUDE_FILES
           ${CMAKE_CURRENT_BINARY_DIR}/teredo-ns3-suites-include.cmake
)

# teredo_add_example_test(<name> COMMAND <program> [<arg>...]
#                         [WORKING_DIRECTORY <dir>] [PASS <regex>...] [FAIL <regex>...]
#                         [EXIT_CODE <code>] [SKIP_CODE <code>] [PROPERTIES <prop> <value>...])
# A CTest test that runs <program> (a target or a path) through
# cmake/TeredoRunExample.cmake: it fails unless the program exits with
# EXIT_CODE (default 0), its output matches every PASS regex and none of the
# FAIL ones. SKIP_CODE: the exit code that marks the test skipped. Arguments
# are read one by one (not with cmake_parse_arguments) so that a ';' inside a
# regex stays in it.
set(teredo_run_example ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoRunExample.cmake)
function(teredo_add_example_test name)
  set(command "")
  set(pass "")
  set(fail "")
  set(properties "")
  set(directory "")
  set(exit_code 0)
  set(skip_code "")
  set(mode "")
  set(pass_count 0)
  set(fail_count 0)
  set(spec "")
  math(EXPR last "${ARGC} - 1")
  foreach(i RANGE 1 ${last})
    set(arg "${ARGV${i}}")
    if(arg MATCHES "^(COMMAND|PASS|FAIL|PROPERTIES|WORKING_DIRECTORY|EXIT_CODE|SKIP_CODE)$")
      set(mode ${arg})
    elseif(mode STREQUAL "COMMAND")
      string(REPLACE ";" "\\;" arg "${arg}")
      list(APPEND command "${arg}")
    elseif(mode STREQUAL "PASS")
      string(APPEND spec "set(PASS_${pass_count} [==[${arg}]==])\n")
      math(EXPR pass_count "${pass_count} + 1")
    elseif(mode STREQUAL "FAIL")
      string(APPEND spec "set(FAIL_${fail_count} [==[${arg}]==])\n")
      math(EXPR fail_count "${fail_count} + 1")
    elseif(mode STREQUAL "PROPERTIES")
      list(APPEND properties "${arg}")
    elseif(mode STREQUAL "WORKING_DIRECTORY")
      set(directory "${arg}")
    elseif(mode STREQUAL "EXIT_CODE")
      set(exit_code "${arg}")
    elseif(mode STREQUAL "SKIP_CODE")
      set(skip_code "${arg}")
    else()
      message(FATAL_ERROR "teredo_add_example_test(${name}): unexpected '${arg}'")
    endif()
  endforeach()
  if(NOT command)
    message(FATAL_ERROR "teredo_add_example_test(${name}): no COMMAND")
  endif()
  list(GET command 0 program)
  if(TARGET ${program})
    list(REMOVE_AT command 0)
    list(INSERT command 0 "$<TARGET_FILE:${program}>")
  endif()
  string(APPEND spec "set(PASS_COUNT ${pass_count})\nset(FAIL_COUNT ${fail_count})\n"
         "set(EXIT_CODE ${exit_code})\n"
  )
  if(NOT skip_code STREQUAL "")
    string(APPEND spec "set(SKIP_CODE ${skip_code})\n")
  endif()
  if(directory)
    string(APPEND spec "set(WORKING_DIRECTORY [==[${directory}]==])\n")
  endif()
  set(spec_file ${CMAKE_CURRENT_BINARY_DIR}/example-tests/${name}.cmake)
  file(WRITE ${spec_file} "${spec}")
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -D SPEC=${spec_file} -P ${teredo_run_example}
                                -- ${command}
  )
  if(NOT skip_code STREQUAL "")
    list(APPEND properties SKIP_REGULAR_EXPRESSION "teredo-run-example: skipped")
  endif()
  if(properties)
    set_tests_properties(${name} PROPERTIES ${properties})
  endif()
endfunction()

# The runner itself: a program that prints what a test asks for and then
# exits non-zero must fail (CTest's PASS_REGULAR_EXPRESSION alone ignores the
# exit code and would pass it), so must one that then aborts, and one that
# exits 0 must pass.
teredo_add_example_test(
  build.example-runner-passes COMMAND sh -c "echo 'verdict: all good'" PASS "verdict: all good"
)
set(runner_failures exit-code "exit 3" abort "kill -ABRT $$")
while(runner_failures)
  list(POP_FRONT runner_failures what ending)
  teredo_add_example_test(
    build.example-runner-fails-on-${what}
    COMMAND sh -c "echo 'verdict: all good'; ${ending}"
    PASS "verdict: all good"
    # The runner fails (its exit code is not looked at here): the test asks
    # that it failed for the right reason.
    PROPERTIES PASS_REGULAR_EXPRESSION "exited with '[A-Za-z0-9 ]+', not 0"
  )
endwhile()

if(TEREDO_BUILD_EXAMPLES)
  # Every example test goes through teredo_add_example_test: exit code and output.
  set(example_dir ${CMAKE_CURRENT_BINARY_DIR}/example-output)
  # The flagship for now: decodes the RFC's sample addresses and prints a built RS.
  teredo_add_example_test(
    example.teredo-wire-format-example
    COMMAND teredo-wire-format-example
    PASS
      "server 65\\.54\\.227\\.120, cone, mapped 192\\.0\\.2\\.45:40000.*classified as router-solicitation"
    FAIL "rejected|mismatch"
  )
  # Every NAT type and every mapping x filtering combination discovered as configured.
  teredo_add_example_test(
    example.nat-behavior-discovery
    COMMAND nat-behavior-discovery --all
    WORKING_DIRECTORY ${example_dir}
    PASS "13 of 13 rows match"
  )
  # Qualification behind every NAT type, both procedures, as the RFCs predict
  # (doc/teredo.rst, the qualification table).
  teredo_add_example_test(
    example.teredo-qualification
    COMMAND teredo-qualification --prefix=teredo-qualification
    WORKING_DIRECTORY ${example_dir}
    PASS "10 of 10 rows as the RFCs predict"
  )
  # The connectivity matrix as the data paths make it: 32 direct pairs (none of
  # them behind a symmetric NAT), as doc/teredo.rst and teredo-connectivity's
  # test suite reason it out.
  teredo_add_example_test(
    example.teredo-connectivity COMMAND teredo-connectivity
    PASS "32 of 50 client pairs connected directly"
  )
  # The flagship: every client but the one behind the symmetric NAT qualifies
  # (RFC 4380 procedure); the three pairs among them connect directly, every
  # qualified client reaches the IPv6-only host through the relay and the
  # host-specific relay directly, and the host reaches each through the relay.
  teredo_add_example_test(
    example.teredo-world
    COMMAND teredo-world --pcap=false --figure=false
    PASS
      "Summary: 4 of 5 clients qualified; 3 flows direct; 5 flows not sent \\(off-line\\); 4 flows via host-specific relay; 8 flows via relay; 20 flows in all"
    FAIL "flows failed|via server|unseen"
  )
  # Two clients a site on switched LANs: the same outcome as on CSMA LANs
  # (pairs within a site now cross a learning switch, not a shared segment).
  teredo_add_example_test(
    example.teredo-world-switched
    COMMAND teredo-world --clients=2 --lan=switched --pcap=false --figure=false
    PASS
      "switched LANs.*Summary: 8 of 10 clients qualified; 7 flows direct; 8 flows not sent \\(off-line\\); 8 flows via host-specific relay; 12 flows via relay; 35 flows in all"
    FAIL "flows failed|via server|unseen"
  )
  # The same under RFC 5991: the client behind the symmetric NAT qualifies too,
  # but its peers refuse what it sends from a port its address does not name.
  teredo_add_example_test(
    example.teredo-world-rfc5991
    COMMAND teredo-world --procedure=rfc5991 --pcap=false --figure=false
    PASS "Summary: 5 of 5 clients qualified;"
  )
  # Same seed and run, same tables and byte-identical pcaps and figure (the
  # comparison script checks both runs' exit codes itself).
  add_test(
    NAME example.teredo-world-determinism
    COMMAND
      ${CMAKE_COMMAND} -D PROGRAM=$<TARGET_FILE:teredo-world>
      "-D ARGS=--seed=7\\;--run=3\\;--duration=30\\;--clients=2"
      -D WORK=${CMAKE_CURRENT_BINARY_DIR}/determinism -P
      ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoCompareRuns.cmake
  )
  # Its pcaps decode as Teredo in tshark, with no malformed frame.
  teredo_add_example_test(
    example.teredo-world-pcaps
    COMMAND
      bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check-teredo-pcaps.sh
      ${CMAKE_CURRENT_BINARY_DIR}/pcap-check $<TARGET_FILE:teredo-world>
    PASS "[0-9]+ pcaps, [0-9]+ frames, [0-9]+ Teredo, 0 malformed"
    FAIL "FAIL"
    SKIP_CODE 77
  )
  # nat-behavior-discovery's probes and answers are STUN: every UDP datagram of
  # its pcaps decodes as STUN in tshark, none malformed.
  teredo_add_example_test(
    example.nat-behavior-discovery-stun-pcaps
    COMMAND
      bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check-stun-pcaps.sh
      ${CMAKE_CURRENT_BINARY_DIR}/stun-pcap-check $<TARGET_FILE:nat-behavior-discovery> --all
    PASS "39 pcaps, [0-9]+ UDP datagrams, [0-9]+ STUN, 0 malformed"
    FAIL "FAIL"
    SKIP_CODE 77
  )
  # On switched LANs (SwitchedLanHelper's pcaps), with two clients a site: the
  # 39 pcaps decode, and hold as many frames as on CSMA LANs (3,148 frames,
  # 2,414 of them Teredo, in both).
  teredo_add_example_test(
    example.teredo-world-switched-pcaps
    COMMAND
      ${CMAKE_COMMAND} -E env TEREDO_PCAPS=39 bash
      ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check-teredo-pcaps.sh
      ${CMAKE_CURRENT_BINARY_DIR}/pcap-check-switched $<TARGET_FILE:teredo-world> --clients=2
      --lan=switched --figure=false
    PASS "39 pcaps, 3148 frames, 2414 Teredo, 0 malformed"
    FAIL "FAIL"
    SKIP_CODE 77
  )
  # Lab examples, one concept each; each ends with a verdict line of what it
  # observed (doc/teredo.rst, "Lab examples").
  # Client to client through bubbles, behind restricted and port-restricted
  # cone NATs: one bubble exchange, then direct; the server forwards no data.
  teredo_add_example_test(
    example.teredo-bubbles
    COMMAND teredo-bubbles
    PASS
      "path A->B: direct after 1 bubble exchange; server forwarded 1 indirect bubble and 0 data packets; 3 of 3 echoes answered"
    FAIL "FAILED|drops a packet|not qualified"
  )
  # teredo-relays --relay=relay: a client to an IPv6-only host through the
  # relay (ping test, the relay's indirect bubble) and the host to another
  # client (the relay queues, bubbles, delivers; the client verifies the relay
  # with a ping test).
  teredo_add_example_test(
    example.teredo-relays
    COMMAND teredo-relays --relay=relay
    PASS
      "client->host: 3 of 3 echoes answered through the relay after 1 ping test and 1 relay bubble; host->client: 3 of 3 answered, the relay queued 1, bubbled 1 and delivered, B ping-tested 1; relay carried 8 to Teredo and 6 to native; server forwarded 0 data packets"
    FAIL "FAILED|drops a packet|drops the"
  )
  # --relay=host-specific: a host-specific relay and Teredo clients both ways,
  # directly over IPv4: the Teredo relay's counters stay at 0.
  teredo_add_example_test(
    example.teredo-relays-host-specific
    COMMAND teredo-relays --relay=host-specific
    PASS
      "host-specific relay: client->S 3 of 3 and S->client 3 of 3 echoes answered, all data directly between the clients' mappings and 198\\.51\\.100\\.5:3544 over IPv4; Teredo relay R untouched: 0 to Teredo, 0 to native, 0 bubbles; server forwarded 0 data packets"
    FAIL "FAILED|USED|drops a packet|drops the|not expected"
  )
  # ECN through the tunnel: TCP over a CoDel bottleneck in both EcnModes;
  # compatibility mode is dropped and never marked, normal mode is marked, the
  # receiver sees CE inside IPv6 and no ECN-capable packet is dropped.
  teredo_add_example_test(
    example.teredo-ecn
    COMMAND teredo-ecn --duration=10 --figure=false
    PASS
      "compatibility +[0-9.]+ +[0-9.]+ +[0-9.]+ +0 +[1-9][0-9]* +0 +0 +0 "
      "normal +[0-9.]+ +[0-9.]+ +[0-9.]+ +[1-9][0-9]* +[0-9]+ +0 +[1-9][0-9]* +[1-9][0-9]* "
      "As expected: compatibility mode"
    FAIL "UNEXPECTED"
  )
  # A world built by hand (point-to-point core, Ipv4NatHelper, the role
  # helpers, stock UdpEcho and Ping6), under both procedures: every request
  # of the three flows echoed, and exit code 0.
  foreach(procedure rfc5991 rfc4380)
    teredo_add_example_test(
      example.teredo-by-hand-${procedure}
      COMMAND teredo-by-hand --procedure=${procedure}
      PASS "UdpEcho A -> B: 5 of 5 echoed" "UdpEcho B -> H: 5 of 5 echoed"
           "Ping6 H -> A: 5 of 5 echoed" "every flow echoed"
      FAIL "FAILED|not started"
    )
  endforeach()
  # Interoperability with real Miredo 1.2.6 through teredo-emulation: a Miredo
  # client behind a Linux NAT against our TeredoServer (~2.5 min, real time), and
  # our TeredoClient behind the NAT model against miredo-server (~2 min). They
  # need root, /dev/net/tun and ip netns, and exit 77 (skipped) without them;
  # they install miredo, miredo-server, tshark, conntrack and iptables if
  # missing. Run alone: network namespaces, a TAP, real time. Pcaps and logs go
  # to build/interop/.
  foreach(side client server)
    add_test(
      NAME interop.miredo-${side}
      COMMAND
        bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/interop-miredo-${side}.sh
        --emulation=$<TARGET_FILE:teredo-emulation>
        --wire-format=$<TARGET_FILE:teredo-wire-format-example>
        --out=${CMAKE_CURRENT_BINARY_DIR}/interop
    )
    set_tests_properties(
      interop.miredo-${side}
      PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 400 RUN_SERIAL TRUE LABELS interop
    )
  endforeach()
  # Secure qualification against Miredo, which does none: with the server's
  # SecureQualification on, the Miredo client gets no address and each of its
  # solicitations is counted as authentication-missing (~40 s, real time).
  add_test(
    NAME interop.miredo-client-secure
    COMMAND
      bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/interop-miredo-client.sh --secure --duration=35
      --emulation=$<TARGET_FILE:teredo-emulation>
      --wire-format=$<TARGET_FILE:teredo-wire-format-example>
      --out=${CMAKE_CURRENT_BINARY_DIR}/interop
  )
  set_tests_properties(
    interop.miredo-client-secure
    PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 150 RUN_SERIAL TRUE LABELS interop
  )
  # Data paths with real Miredo 1.2.6 (each well under 90 s, real time; root
  # only, skipped with 77 otherwise; pcaps and logs in build/interop/<name>/):
  # - relay-path: a Miredo client behind a Linux NAT pings an IPv6-only host
  #   inside ns-3 through our TeredoServer and TeredoRelay
  #   (teredo-emulation --role=infrastructure).
  # - peer: that Miredo client and our TeredoClients inside ns-3 (behind the
  #   NAT model or public), all with our server, echo each other directly,
  #   cold, both ways; what does not work is printed as FINDING lines.
  # - relay: our TeredoClient (teredo-emulation --role=client, behind the NAT
  #   model) pings a native IPv6 host in a namespace through a real Miredo
  #   relay, qualified with a real miredo-server.
  foreach(name relay-path peer relay)
    add_test(
      NAME interop.miredo-${name}
      COMMAND
        bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/interop-miredo-${name}.sh
        --emulation=$<TARGET_FILE:teredo-emulation>
        --out=${CMAKE_CURRENT_BINARY_DIR}/interop
    )
    set_tests_properties(
      interop.miredo-${name}
      PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 150 RUN_SERIAL TRUE LABELS interop
    )
  endforeach()
  # The server role in real time, both TapEmulationHelper modes, against real
  # Linux hosts (ping, Miredo) in network namespaces. Needs root, /dev/net/tun,
  # ip netns, ping and miredo; skipped (77) otherwise. ~35 s: two 15 s runs.
  teredo_add_example_test(
    emulation.tap-modes
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/emulation-tap-test.sh
            $<TARGET_FILE:teredo-emulation>
    PASS "fd and tap-bridge both passed"
    SKIP_CODE 77
    PROPERTIES RUN_SERIAL TRUE TIMEOUT 120
  )
  # Debian's STUN client (stund's stun, RFC 3489) in a namespace behind each
  # NAT preset inside ns-3 (nat-stun-emulation --role=nat) names the NAT as the
  # preset does. Needs root, /dev/net/tun, ip netns and stun-client; skipped
  # (77) otherwise. ~8 s.
  teredo_add_example_test(
    emulation.stun-client
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/emulation-stun-client.sh
            $<TARGET_FILE:nat-stun-emulation>
    PASS "stun named all four presets as they are named"
    SKIP_CODE 77
    PROPERTIES RUN_SERIAL TRUE TIMEOUT 120
  )
  # Our NatProbeClient in ns-3 behind a Linux NAT (MASQUERADE, and
  # MASQUERADE --random-fully) probing Debian's stund reports what Debian's
  # stun reports for the same NAT (port-restricted cone; symmetric). Needs
  # root, /dev/net/tun, ip netns, iptables, stun-client and stun-server;
  # skipped (77) otherwise. ~17 s.
  teredo_add_example_test(
    emulation.stun-linux-nat
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/emulation-stun-linux-nat.sh
            $<TARGET_FILE:nat-stun-emulation>
    PASS "ours and stun agree on both Linux NATs"
    SKIP_CODE 77
    PROPERTIES RUN_SERIAL TRUE TIMEOUT 120
  )
endif()

# CMakeLists.txt and wscript must list exactly the files on disk.
set(teredo_check_lists ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoCheckFileLists.cmake)
add_test(
  NAME build.file-lists
  COMMAND
    ${CMAKE_COMMAND} -D ROOT=${CMAKE_CURRENT_SOURCE_DIR}
    -D CMAKE_LISTS=${CMAKE_CURRENT_SOURCE_DIR}/CMakeLists.txt
    -D WSCRIPT=${CMAKE_CURRENT_SOURCE_DIR}/wscript -P ${teredo_check_lists}
)

# The check must catch a file missing from either list: feed it copies with one
# entry removed and expect it to name that file.
set(fixture_dir ${CMAKE_CURRENT_BINARY_DIR}/file-list-fixtures)
list(GET teredo_sources 0 dropped_file)
foreach(list_file CMakeLists.txt wscript)
  file(READ ${CMAKE_CURRENT_SOURCE_DIR}/${list_file} content)
  string(REPLACE "${dropped_file}" "" content "${content}")
  file(WRITE ${fixture_dir}/${list_file} "${content}")
endforeach()
foreach(broken CMakeLists.txt wscript)
  if(broken STREQUAL "CMakeLists.txt")
    set(cmake_lists ${fixture_dir}/CMakeLists.txt)
    set(wscript ${CMAKE_CURRENT_SOURCE_DIR}/wscript)
  else()
    set(cmake_lists ${CMAKE_CURRENT_SOURCE_DIR}/CMakeLists.txt)
    set(wscript ${fixture_dir}/wscript)
  endif()
  add_test(
    NAME build.file-lists-detects-missing-in-${broken}
    COMMAND
      ${CMAKE_COMMAND} -D ROOT=${CMAKE_CURRENT_SOURCE_DIR}
      -D CMAKE_LISTS=${cmake_lists} -D WSCRIPT=${wscript} -P
      ${teredo_check_lists}
  )
  set_tests_properties(
    build.file-lists-detects-missing-in-${broken}
    # CMake wraps a long message: the line may break before the list's name.
    PROPERTIES PASS_REGULAR_EXPRESSION
               "${dropped_file} is on disk but missing from[ \t\r\n]+${broken}"
  )
endforeach()

# The installed CMake package works for a user's own project: install this
# build into a fresh prefix under the build folder, configure test/downstream
# against it with find_package(ns3-teredo), build and run it (the client must
# qualify). ~10-15 s on an idle machine, mostly compiling the one downstream file.
set(teredo_public_header_names "")
foreach(header ${teredo_public_headers})
  get_filename_component(header_name ${header} NAME)
  list(APPEND teredo_public_header_names ${header_name})
endforeach()
file(
  GENERATE
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/install-downstream-settings-$<CONFIG>.cmake
  CONTENT
    "set(BUILD_DIR \"${CMAKE_CURRENT_BINARY_DIR}\")
set(DOWNSTREAM_DIR \"${CMAKE_CURRENT_SOURCE_DIR}/test/downstream\")
set(WORK_DIR \"${CMAKE_CURRENT_BINARY_DIR}/install-downstream\")
set(BUILD_TYPE \"${CMAKE_BUILD_TYPE}\")
set(GENERATOR \"${CMAKE_GENERATOR}\")
set(MAKE_PROGRAM \"${CMAKE_MAKE_PROGRAM}\")
set(CXX_COMPILER \"${CMAKE_CXX_COMPILER}\")
set(LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
set(INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
set(LIBRARY_FILES $<TARGET_LINKER_FILE_NAME:ns3-teredo> $<TARGET_SONAME_FILE_NAME:ns3-teredo> $<TARGET_FILE_NAME:ns3-teredo>)
set(HEADERS ${teredo_public_header_names})
set(EXPECT_LOGS_ASSERTS ${TEREDO_ENABLE_LOGS_ASSERTS})
"
)
add_test(
  NAME install.downstream
  COMMAND
    ${CMAKE_COMMAND} -D CONFIG=$<CONFIG>
    -D SETTINGS=${CMAKE_CURRENT_BINARY_DIR}/install-downstream-settings-$<CONFIG>.cmake
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoInstallDownstream.cmake
)
set_tests_properties(
  install.downstream PROPERTIES TIMEOUT 180 PASS_REGULAR_EXPRESSION
                                "install.downstream: passed"
)

# Sources formatted with ns-3's .clang-format (clang-format 14, as ns-3.37 uses).
find_program(TEREDO_CLANG_FORMAT NAMES clang-format-14 clang-format)
if(TEREDO_CLANG_FORMAT)
  set(format_sources
      ${teredo_sources} ${teredo_headers} ${teredo_ns3_test_sources}
      ${teredo_gtest_sources} ${teredo_test_runner_sources} ${teredo_examples}
      ${teredo_example_narrator_sources} ${teredo_example_emulation_world_sources}
      benchmarks/teredo-relay-bench.cc benchmarks/teredo-scale-bench.cc
      benchmarks/udp-blast.cc benchmarks/udp-count.cc
      test/downstream/teredo-downstream.cc
      fuzz/fuzz-world.h fuzz/fuzz-world.cc fuzz/fuzz-classifier.cc fuzz/fuzz-server.cc
      fuzz/fuzz-relay.cc fuzz/fuzz-client.cc fuzz/fuzz-nat.cc fuzz/fuzz-stun.cc
  )
  add_test(
    NAME style.clang-format
    COMMAND ${TEREDO_CLANG_FORMAT} --dry-run --Werror ${format_sources}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  )
else()
  message(STATUS "clang-format not found: the style.clang-format test is not registered")
endif()

# No waf-based ns-3 here to build wscript with; at least it must parse as Python.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  add_test(
    NAME build.wscript-parses
    COMMAND ${Python3_EXECUTABLE} -c
            "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])"
            ${CMAKE_CURRENT_SOURCE_DIR}/wscript
  )
  # The wscript built, not only parsed: scripts/waf-ns-3.35-check.sh builds the
  # module with waf inside an ns-3.35 tree and runs the examples it builds
  # there. The tree is kept outside the clone: building it takes about 16
  # minutes on 2 loaded cores without ccache (2 with ccache's objects), a run
  # that reuses it 5 s. Skipped (77) without the ns-3.35 source kit the script
  # names. Label waf: CI runs it once, not again in its sanitizer pass.
  add_test(NAME build.waf-ns-3.35
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/waf-ns-3.35-check.sh
  )
  set_tests_properties(
    build.waf-ns-3.35 PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 2400 LABELS waf
  )
  # test/examples-to-run.py (test.py's list in an ns-3 tree) names every
  # example program and nothing else: a new example is not left out there.
  set(teredo_example_names "")
  foreach(example_source ${teredo_examples})
    get_filename_component(example_name ${example_source} NAME_WE)
    list(APPEND teredo_example_names ${example_name})
  endforeach()
  add_test(
    NAME build.examples-to-run
    COMMAND
      ${Python3_EXECUTABLE} -c
      "import sys; g = {}; exec(open(sys.argv[1]).read(), g)
listed = {e[0].split()[0] for e in g['cpp_examples']}
built = set(sys.argv[2:])
bad = [n + ': not in examples-to-run.py' for n in sorted(built - listed)]
bad += [n + ': listed but no such example' for n in sorted(listed - built)]
bad += [str(e) + ': not (name, do_run, do_valgrind_run) strings' for e in g['cpp_examples']
        if len(e) != 3 or not all(isinstance(x, str) for x in e)]
print('\\n'.join(bad) or 'examples-to-run.py lists all %d examples' % len(built))
sys.exit(1 if bad else 0)"
      ${CMAKE_CURRENT_SOURCE_DIR}/test/examples-to-run.py ${teredo_example_names}
  )
endif()

# The scale benchmark, small: output well formed, no loss where none is promised.
add_test(
  NAME bench.teredo-scale-short
  COMMAND
    ${CMAKE_COMMAND} -D PROGRAM=$<TARGET_FILE:teredo-scale-bench> -D
    "ARGS=--clients=100;--seconds=3;--stagger=2;--settle=15" -P
    ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoCheckScaleBench.cmake
)
set_tests_properties(bench.teredo-scale-short PROPERTIES TIMEOUT 120)

# The NAT model stands alone: no Teredo header in it.
add_test(
  NAME build.nat-independent-of-teredo
  COMMAND ${CMAKE_COMMAND} -D ROOT=${CMAKE_CURRENT_SOURCE_DIR} -P
          ${CMAKE_CURRENT_SOURCE_DIR}/cmake/TeredoCheckNatIndependence.cmake
)

# doc/teredo.rst, the model chapter, builds with Sphinx with no warning
# (warnings are errors). -E -a: read and write every file each time, so that a
# warning is reported again on every run, not only on the run that saw it
# first. Skipped (77) when sphinx-build is missing (Debian: python3-sphinx).
find_program(SPHINX_BUILD sphinx-build)
if(SPHINX_BUILD)
  add_test(
    NAME doc.sphinx
    COMMAND
      ${SPHINX_BUILD} -W --keep-going -E -a -q -b html
      -d ${CMAKE_CURRENT_BINARY_DIR}/doc-doctrees ${CMAKE_CURRENT_SOURCE_DIR}/doc
      ${CMAKE_CURRENT_BINARY_DIR}/doc-html
  )
else()
  add_test(
    NAME doc.sphinx
    COMMAND sh -c "echo 'SKIPPED: sphinx-build not found (Debian: apt-get install python3-sphinx)'; exit 77"
  )
endif()
set_tests_properties(doc.sphinx PROPERTIES SKIP_RETURN_CODE 77 LABELS doc)

# libFuzzer harnesses (fuzz/, described in fuzz/README.md): fuzz.build configures
# and builds the fuzz/ project with clang++-14 (ASan, UBSan, libFuzzer) into
# build/fuzz; each fuzz.<harness> then runs one harness for a bounded time on
# its seed corpus and fails on any finding. All skipped (77) without clang-14
# and libclang-rt-14-dev. Six harnesses of 15 s each: about 1.5 minutes.
set(teredo_fuzz_harnesses classifier server relay client nat stun)
set(teredo_fuzz_seconds 15)
add_test(
  NAME fuzz.build
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fuzz-ctest.sh build ${CMAKE_CURRENT_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/fuzz
)
set_tests_properties(
  fuzz.build PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 FIXTURES_SETUP teredo-fuzz LABELS fuzz
)
foreach(harness ${teredo_fuzz_harnesses})
  add_test(
    NAME fuzz.${harness}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fuzz-ctest.sh run ${CMAKE_CURRENT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/fuzz ${harness} ${teredo_fuzz_seconds}
  )
  set_tests_properties(
    fuzz.${harness} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 FIXTURES_REQUIRED teredo-fuzz
                               RUN_SERIAL TRUE LABELS fuzz
  )
endforeach()
