#include "sim/progress.hpp"

#include <catch2/catch.hpp>

TEST_CASE("the progress line shows counts, percentage, rate and ETA", "[cli]") {
    const std::string line = trustsim::ProgressBar::render("demo", 26, 104, 13.0, 10);
    CHECK_THAT(line, Catch::Contains("demo [==>       ] 26/104  25%"));
    CHECK_THAT(line, Catch::Contains("2.0 steps/s"));
    CHECK_THAT(line, Catch::Contains("ETA 0:39"));
    CHECK_THAT(trustsim::ProgressBar::render("x", 0, 10, 0.0, 4), Catch::Contains("ETA --:--"));
}
