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
    /// A few words on the scenario's model settings for the CLI's messages, e.g. "leadership humble".
    std::string (*describe)(const ScenarioConfig&);
};

std::span<const ModelEntry> model_entries();

/// Creates the model the scenario names; throws std::invalid_argument listing valid names.
std::unique_ptr<Model> create_model(const ScenarioConfig& config, World& world);

/// Names the config parser should accept for `model` and leadership styles, and the model
/// sections of the schema.
ConfigVocabulary config_vocabulary();

/// The named model's describe(), or "" for an unknown model.
std::string describe_model_settings(const ScenarioConfig& config);

}  // namespace trustsim
