// docs/config-reference.md documents every key of the scenario schema: each parameter the
// catalogue lists (the same visit() functions that parse a scenario) appears, as `key`, in the
// section of its top-level key. A new module's key without a line in the reference fails here.
#include "models/registry.hpp"
#include "sim/config.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace trustsim;

namespace {

std::string read_reference() {
    std::ifstream in(std::string(TRUSTSIM_CONFIG_DIR) + "/../docs/config-reference.md");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The text of "## name" up to the next "## " heading; empty if there is no such section.
std::string section_of(const std::string& doc, const std::string& name) {
    const std::string heading = "\n## " + name + "\n";
    const auto begin = doc.find(heading);
    if (begin == std::string::npos) return {};
    const auto end = doc.find("\n## ", begin + heading.size());
    return doc.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

TEST_CASE("every scenario key is in the configuration reference, in its section", "[config][docs]") {
    const std::string doc = read_reference();
    REQUIRE_FALSE(doc.empty());
    std::set<std::string> checked;
    for (const ParameterInfo& parameter : scenario_parameters(config_vocabulary())) {
        const std::string& path = parameter.path;
        const auto dot = path.find('.');
        const std::string top = path.substr(0, dot);
        if (dot == std::string::npos && parameter.kind == ParameterKind::list) {
            // A top-level list (events, people) has a section of its own.
            INFO(path);
            CHECK_FALSE(section_of(doc, path).empty());
            checked.insert(path);
            continue;
        }
        const std::string section = section_of(doc, dot == std::string::npos ? "Top level" : top);
        INFO(path);
        REQUIRE_FALSE(section.empty());
        // The key under the section: `agents` for organisation.agents, `ability` for
        // traits.ability.mean (a Beta trait's mean and sd are described once for all).
        const auto next = dot == std::string::npos ? std::string::npos : path.find('.', dot + 1);
        const std::string key = dot == std::string::npos ? path : path.substr(dot + 1, next == std::string::npos ? next : next - dot - 1);
        CHECK(section.find("`" + key + "`") != std::string::npos);
        checked.insert(path);
    }
    CHECK(checked.size() > 100);
}
