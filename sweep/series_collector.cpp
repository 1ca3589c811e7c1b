#include "sweep/series_collector.hpp"

#include <cmath>
#include <stdexcept>

namespace trustsim::sweep {

void SeriesCollector::on_start(const RunInfo& info, const World&, const Model& model) {
    schema_ = model.schema().org_series;
    row_.assign(schema_.size(), 0.0);
    rows_.clear();
    rows_.reserve(static_cast<std::size_t>(info.steps_planned) * schema_.size());
    weeks_ = 0;
}

void SeriesCollector::on_step(const StepView& view) {
    view.model.org_values(row_);
    for (std::size_t s = 0; s < row_.size(); ++s) {
        const double x = row_[s];
        if (std::isinf(x) || (std::isnan(x) && !schema_[s].may_be_nan)) {
            throw std::runtime_error("non-finite value (" + std::to_string(x) + ") in org series '" + schema_[s].name +
                                     "' at week " + std::to_string(view.step));
        }
    }
    rows_.insert(rows_.end(), row_.begin(), row_.end());
    ++weeks_;
}

std::vector<double> SeriesCollector::series_major() const {
    const std::size_t series = schema_.size();
    std::vector<double> values(rows_.size());
    for (std::size_t w = 0; w < weeks_; ++w) {
        for (std::size_t s = 0; s < series; ++s) values[s * weeks_ + w] = rows_[w * series + s];
    }
    return values;
}

}  // namespace trustsim::sweep
