# Writes generated/sim/build_info.hpp with the current git commit. Run as a script (cmake -P) at
# every build, not only at configure time, so that a binary never reports the commit of an
# earlier configure; configure_file rewrites the header only when its content changes, so an
# unchanged commit triggers no recompilation.
set(TRUSTSIM_GIT_COMMIT "unknown")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE TRUSTSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
configure_file("${SOURCE_DIR}/sim/build_info.hpp.in" "${OUTPUT}" @ONLY)
