# trustsim_warnings: the warning set every project target is built with.
add_library(trustsim_warnings INTERFACE)
target_compile_options(trustsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic      # the usual baseline
  -Wshadow                      # a shadowed name in a phase kernel is almost always a bug
  -Wconversion -Wno-sign-conversion  # silent double->float or 64->32 narrowing changes results
  -Wnon-virtual-dtor            # models and observers are used through base pointers
  -Wold-style-cast -Wcast-align
  -Werror=return-type           # falling off a non-void function is never intended
)
