// Large columns mapped by all of the run's threads before they are filled.
//
// The kernel maps a fresh page on its first touch and zeroes it; a std::vector value-initialises
// its elements on one thread, so the whole cost of mapping a column falls on that thread. At 10⁷
// agents the model's columns and the network hold about 5 GB, and on the project's machine one
// thread took 8–14 s to touch 5.4 GB where two threads asking the kernel to map it
// (MADV_POPULATE_WRITE, Linux 5.14) took 1.1–3.4 s, after which the fill is a plain memset.
// Values are unchanged, so results are too; on a kernel without MADV_POPULATE_WRITE the request
// fails and the fill maps the pages as before.
#pragma once

#include <cstddef>
#include <vector>

namespace trustsim {

/// Asks the kernel to map the pages of [begin, begin + bytes) for writing, in page-aligned pieces
/// spread over the current task arena's threads. A hint: failures are ignored.
void prefault(void* begin, std::size_t bytes);

inline constexpr std::size_t prefault_threshold = std::size_t{16} << 20;  ///< below, one thread is fast enough

/// column.reserve(n), with new storage mapped by all threads when it is large; keeps the contents.
template <class T>
void reserve_prefaulted(std::vector<T>& column, std::size_t n) {
    if (n * sizeof(T) < prefault_threshold || column.capacity() >= n) return;
    std::vector<T> grown;
    grown.reserve(n);
    prefault(grown.data(), n * sizeof(T));
    grown.insert(grown.end(), column.begin(), column.end());
    column.swap(grown);
}

/// column.assign(n, value) on storage mapped by all threads.
template <class T>
void assign_prefaulted(std::vector<T>& column, std::size_t n, const T& value = T{}) {
    if (column.capacity() < n) std::vector<T>().swap(column);  // nothing to keep
    reserve_prefaulted(column, n);
    column.assign(n, value);
}

/// column.resize(n) on storage mapped by all threads.
template <class T>
void resize_prefaulted(std::vector<T>& column, std::size_t n) {
    reserve_prefaulted(column, n);
    column.resize(n);
}

}  // namespace trustsim
