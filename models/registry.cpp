#include "models/registry.hpp"

#include "models/core/core_model.hpp"
#include "models/core/core_parameters.hpp"
#include "models/leadership/styles.hpp"

#include <stdexcept>

namespace trustsim {
namespace {

std::unique_ptr<Model> create_core(const ScenarioConfig& config, World& world) {
    return std::make_unique<core::CoreModel>(config, world);
}

std::string describe_core(const ScenarioConfig& config) {
    return "leadership " + core::describe_style_assignment(config.parameters.get<LeadershipConfig>());
}

constexpr ModelEntry models[] = {
    {"core", "two-facet Beta trust, six leadership dimensions, exchange, errors, help, voice, outcomes (spec A.1-A.9)",
     &create_core, &describe_core},
};

}  // namespace

std::span<const ModelEntry> model_entries() { return models; }

std::unique_ptr<Model> create_model(const ScenarioConfig& config, World& world) {
    for (const ModelEntry& entry : models) {
        if (entry.name == config.model) return entry.create(config, world);
    }
    std::string valid;
    for (const ModelEntry& entry : models) valid += (valid.empty() ? "" : ", ") + std::string(entry.name);
    throw std::invalid_argument("unknown model '" + config.model + "'; valid models: " + valid);
}

std::string describe_model_settings(const ScenarioConfig& config) {
    for (const ModelEntry& entry : models) {
        if (entry.name == config.model) return entry.describe(config);
    }
    return "";
}

ConfigVocabulary config_vocabulary() {
    ConfigVocabulary vocabulary;
    for (const ModelEntry& entry : models) vocabulary.model_names.emplace_back(entry.name);
    vocabulary.name_lists.push_back({style_names_noun, "styles", core::style_names()});
    vocabulary.sections = core::CoreParameters::section_entries();
    vocabulary.check = [](const ScenarioConfig& config) {
        check_people(config, config.parameters.get<std::vector<PersonConfig>>());
        check_events(config, config.parameters.get<std::vector<ScriptedEvent>>());
        check_culture(config.parameters.get<CultureConfig>(), config.parameters.get<LeadershipConfig>());
    };
    return vocabulary;
}

}  // namespace trustsim
