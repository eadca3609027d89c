# Install rules of the standalone build (included by CMakeLists.txt; the
# contrib-tree build leaves installation to ns-3):
# - the library, libns3-teredo.so with its SOVERSION links;
# - the public headers as <prefix>/include/ns3/<name>.h, exactly those the build
#   copies to build/include/ns3 (teredo_public_headers), teredo-module.h included;
# - a CMake package, so that a simulation project can
#     find_package(ns3-teredo REQUIRED)
#     target_link_libraries(my-sim PRIVATE ns3::teredo)
# The CTest test install.downstream installs into a temporary prefix and builds
# test/downstream against it.

include(CMakePackageConfigHelpers)

set(teredo_package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/ns3-teredo)

install(
  TARGETS ns3-teredo
  EXPORT ns3-teredoTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
)
install(FILES ${teredo_public_headers}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ns3
)
# The target is ns3-teredo (file libns3-teredo.so) with EXPORT_NAME teredo:
# imported as ns3::teredo.
install(
  EXPORT ns3-teredoTargets
  NAMESPACE ns3::
  DESTINATION ${teredo_package_dir}
)

configure_package_config_file(
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/ns3-teredoConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/ns3-teredoConfig.cmake
  INSTALL_DESTINATION ${teredo_package_dir}
)
# Version policy: SameMajorVersion, the same promise as the library's SOVERSION
# (which is the major version): a program linked against libns3-teredo.so.0
# runs with any 0.x, so a project that asks find_package(ns3-teredo 0.1) may get
# any 0.x from 0.1 on, and an incompatible change must bump the major version
# (and with it the SOVERSION). ExactVersion would break that promise the other
# way: it accepts only a request of the full x.y.z (CMake compares "0.1" with
# "0.1.0" as strings and refuses), so every patch release would break the
# users' find_package. The pin that matters most, ns-3 itself, is exact anyway:
# the config's find_dependency(ns3 3.37 EXACT).
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/ns3-teredoConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion
)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ns3-teredoConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/ns3-teredoConfigVersion.cmake
        DESTINATION ${teredo_package_dir}
)
