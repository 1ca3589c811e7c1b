// The libFuzzer driver of one target (TRUSTSIM_FUZZ_TARGET, e.g. "scenario"): every input goes
// through the entry point the regression test replays, and anything but a clean outcome aborts,
// so libFuzzer records it as a crash. Hangs and memory blow-ups are caught by libFuzzer's
// -timeout, -rss_limit_mb and -malloc_limit_mb (docs/fuzzing.md).
#include "tests/fuzz/entry_points.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <typeinfo>

namespace {

const trustsim::fuzz::Target& target() {
    for (const auto& t : trustsim::fuzz::targets()) {
        if (std::string_view(t.name) == TRUSTSIM_FUZZ_TARGET) return t;
    }
    std::fprintf(stderr, "no fuzz target named %s\n", TRUSTSIM_FUZZ_TARGET);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const trustsim::fuzz::Target& fuzzed = target();
    trustsim::fuzz::Outcome outcome;
    try {
        outcome = fuzzed.run(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "trustsim fuzz %s: unexpected exception %s: %s\n", fuzzed.name, typeid(e).name(), e.what());
        std::abort();
    }
    const std::string why = trustsim::fuzz::defect(outcome);
    if (!why.empty()) {
        std::fprintf(stderr, "trustsim fuzz %s: %s\n", fuzzed.name, why.c_str());
        std::abort();
    }
    return 0;
}
