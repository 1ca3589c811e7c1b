#include "sim/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace trustsim {
namespace {

std::string clock_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "--:--";
    const auto total = static_cast<long>(seconds + 0.5);
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
    } else {
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    }
    return text;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::uint64_t total, bool enabled, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

bool ProgressBar::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::string ProgressBar::render(const std::string& label, std::uint64_t done, std::uint64_t total,
                                double elapsed_seconds, int width, const std::string& unit) {
    const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(width), ' ');
    for (int k = 0; k < filled && k < width; ++k) bar[static_cast<std::size_t>(k)] = '=';
    if (filled < width) bar[static_cast<std::size_t>(filled)] = '>';
    const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
    const double remaining = rate > 0 ? static_cast<double>(total - done) / rate : NAN;
    char text[256];
    std::snprintf(text, sizeof text, "%s [%s] %llu/%llu %3.0f%%  %.1f %s/s  ETA %s", label.c_str(), bar.c_str(),
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), 100.0 * fraction, rate,
                  unit.c_str(), clock_text(remaining).c_str());
    return text;
}

void ProgressBar::update(std::uint64_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r%s", render(label_, done, total_, elapsed, 30, unit_).c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (!enabled_ || !drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

}  // namespace trustsim
