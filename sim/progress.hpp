// A one-line progress bar with rate and ETA on stderr, drawn only when stderr is a terminal so
// logs and CI output stay clean. Redraws at most ten times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace trustsim {

class ProgressBar {
  public:
    /// `enabled` is usually stderr_is_terminal(); `unit` names what is counted ("steps", "runs").
    ProgressBar(std::string label, std::uint64_t total, bool enabled, std::string unit = "steps");
    static bool stderr_is_terminal();

    void update(std::uint64_t done);
    /// Clears the line (the caller prints its own summary).
    void finish();

    /// The line update() draws, without the carriage return; exposed for tests.
    static std::string render(const std::string& label, std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                              int width = 30, const std::string& unit = "steps");

  private:
    std::string label_;
    std::string unit_;
    std::uint64_t total_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
    bool drawn_ = false;
};

}  // namespace trustsim
