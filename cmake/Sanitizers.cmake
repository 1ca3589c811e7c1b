# trustsim_apply_sanitizers(target): adds TRUSTSIM_SANITIZERS to an INTERFACE target.
# ASan and TSan cannot share a process, so that combination is refused here rather than
# failing later at link time with an obscure message.
function(trustsim_apply_sanitizers target)
  if(NOT TRUSTSIM_SANITIZERS)
    return()
  endif()
  if("thread" IN_LIST TRUSTSIM_SANITIZERS AND "address" IN_LIST TRUSTSIM_SANITIZERS)
    message(FATAL_ERROR "TRUSTSIM_SANITIZERS: 'thread' cannot be combined with 'address'")
  endif()
  list(JOIN TRUSTSIM_SANITIZERS "," joined)
  target_compile_options(${target} INTERFACE -fsanitize=${joined} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(${target} INTERFACE -fsanitize=${joined})
endfunction()
