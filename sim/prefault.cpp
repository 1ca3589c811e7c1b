#include "sim/prefault.hpp"

#include "sim/parallel.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older headers lack the name, older kernels refuse it
#endif

namespace trustsim {

void prefault(void* begin, std::size_t bytes) {
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    // madvise takes page-aligned ranges; the partial pages at either end are left to the fill.
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(begin) + bytes) / page * page;
    if (last <= first) return;
    constexpr std::uintptr_t piece = std::uintptr_t{8} << 20;  // whole pages, many pieces per thread
    const std::size_t pieces = (last - first + piece - 1) / piece;
    parallel_ranges(pieces, 1, [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            const std::uintptr_t start = first + k * piece;
            const std::uintptr_t length = std::min<std::uintptr_t>(piece, last - start);
            (void)madvise(reinterpret_cast<void*>(start), length, MADV_POPULATE_WRITE);
        }
    });
}

}  // namespace trustsim
