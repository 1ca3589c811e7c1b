// Columns mapped by all threads before they are filled (sim/prefault.hpp) hold exactly what
// std::vector's assign and resize would give, on the large path (above the 16 MiB threshold,
// where the storage is replaced) as on the small one.
#include "sim/prefault.hpp"

#include <tbb/task_arena.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace trustsim;

TEST_CASE("a prefaulted column holds what assign and resize would give", "[engine][memory]") {
    const std::size_t small = 1000;
    const std::size_t large = (prefault_threshold / sizeof(std::uint32_t)) * 3 / 2;  // 24 MiB
    tbb::task_arena arena(2);
    arena.execute([&] {
        for (const std::size_t kept : {small, large}) {
            std::vector<std::uint32_t> column(kept);
            for (std::size_t i = 0; i < kept; ++i) column[i] = static_cast<std::uint32_t>(i * 7 + 1);
            const std::size_t grown = kept + large;
            resize_prefaulted(column, grown);
            REQUIRE(column.size() == grown);
            std::size_t wrong = 0;
            for (std::size_t i = 0; i < kept; ++i) wrong += column[i] != static_cast<std::uint32_t>(i * 7 + 1) ? 1 : 0;
            for (std::size_t i = kept; i < grown; ++i) wrong += column[i] != 0 ? 1 : 0;
            CHECK(wrong == 0);

            assign_prefaulted(column, grown + 5, std::uint32_t{42});
            REQUIRE(column.size() == grown + 5);
            wrong = 0;
            for (const std::uint32_t value : column) wrong += value != 42 ? 1 : 0;
            CHECK(wrong == 0);

            resize_prefaulted(column, small);  // shrinking keeps the first elements
            REQUIRE(column.size() == small);
            CHECK(column.front() == 42);
        }
    });
}
