// The one table of behaviour models and leadership styles. The CLI, tests and benchmarks create
// models only through here; an unknown name is an error that lists the valid ones.
#pragma once

#include "sim/config.hpp"
#include "sim/model.hpp"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trustsim {

struct ModelEntry {
    std::string_view name;
    std::string_view summary;
    std::unique_ptr<Model> (*create)(const ScenarioConfig&, World&);
};

std::span<const ModelEntry> model_entries();

/// Creates the model the scenario names; throws std::invalid_argument listing valid names.
std::unique_ptr<Model> create_model(const ScenarioConfig& config, World& world);

/// Names the config parser should accept for `model` and leadership styles.
ConfigVocabulary config_vocabulary();

}  // namespace trustsim
