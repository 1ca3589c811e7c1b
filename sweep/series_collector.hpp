// An observer that keeps a run's org-level series in memory for the sweep's results, and
// guards them: a NaN where the schema does not allow one, or any infinity, stops the run with
// an error naming the series and week (the sweep records that run as failed and goes on).
#pragma once

#include "sim/observer.hpp"
#include "sweep/run_record.hpp"

#include <vector>

namespace trustsim::sweep {

class SeriesCollector final : public Observer {
  public:
    void on_start(const RunInfo& info, const World& world, const Model& model) override;
    void on_step(const StepView& view) override;
    void on_finish(std::uint32_t, bool) override {}

    const SeriesSchema& schema() const noexcept { return schema_; }
    std::uint32_t weeks() const noexcept { return weeks_; }
    /// The series in RunRecord::values layout (series-major).
    std::vector<double> series_major() const;

  private:
    SeriesSchema schema_;
    std::vector<double> rows_;  ///< week-major, as measured
    std::vector<double> row_;
    std::uint32_t weeks_ = 0;
};

}  // namespace trustsim::sweep
