// Typed scenario configuration: the engine's part (the run's identity, the organisation generator,
// the output) and the model's sections, which the engine holds without knowing their types
// (ModelParameters in sim/schema.hpp; the structs live with their modules in models/).
//
// A scenario YAML file is parsed once, at the edge, into plain structs; nothing deeper in the
// engine or the models sees YAML. Every field has its default in the struct initialiser (one
// place), carries its unit or scale in the comment, and is range-checked by `parse_scenario`.
//
// Only sim/config.cpp (and sim/yaml_document.cpp, which guards yaml-cpp against malformed text)
// include yaml-cpp.
#pragma once

#include "sim/schema.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace trustsim {

/// One member of an explicit organisation: a name and the name of its manager.
struct OrganisationMember {
    std::string name;
    std::string manager;  ///< empty for the CEO, who must be listed first
    std::string where;    ///< where the entry was written (file:line:col), for messages
    bool operator==(const OrganisationMember& o) const { return name == o.name && manager == o.manager; }
};

/// A directed lateral tie of an explicit organisation: `from` can come to trust `to`.
struct OrganisationTie {
    std::string from, to;
    std::string where;
    bool operator==(const OrganisationTie& o) const { return from == o.from && to == o.to; }
};

struct OrganisationConfig {
    std::uint32_t agents = 2000;        ///< N, including the CEO; 2 .. 2^31
    std::uint32_t span_of_control = 7;  ///< s, direct reports per manager; 2 .. 64
    std::uint32_t k_lat = 6;            ///< lateral out-tie draws per agent; 0 .. 64
    double p_local = 0.8;               ///< share of lateral draws inside the department; [0,1]
    /// An explicit organisation instead of the generator: every agent, the CEO first. When given,
    /// `agents` is their number and span_of_control, k_lat and p_local are not used.
    std::vector<OrganisationMember> members;
    std::vector<OrganisationTie> ties;  ///< lateral ties of an explicit organisation (none drawn)
    bool explicit_members() const noexcept { return !members.empty(); }
    bool operator==(const OrganisationConfig&) const = default;
};

struct OutputConfig {
    std::string file;                       ///< HDF5 path; empty = <scenario name>.h5
    std::uint32_t agent_snapshot_every = 13;  ///< steps between per-agent snapshots; 0 = none
    std::uint32_t edge_snapshot_every = 52;   ///< steps between trust-edge snapshots; 0 = none
    std::uint32_t edge_sample = 1000;       ///< edges whose weekly change and its causes are recorded; 0 = none
    bool team_series = true;                ///< write steps x teams series
    int compression_level = 1;              ///< deflate (gzip) level 0..9 (0 = no filter); 1: docs/performance.md
};

struct ScenarioConfig {
    std::string name = "scenario";   ///< label written to the output; default: file stem
    std::string description;         ///< free text
    std::string model = "core";      ///< behaviour model name in the model registry
    std::uint32_t steps = 104;       ///< weeks to simulate; 1 .. 10^7
    std::uint64_t seed = 1;          ///< master seed; 0 .. 2^32-1
    std::uint32_t replicate = 0;     ///< replicate index, part of the RNG key
    OrganisationConfig organisation;
    /// The model's own sections (trust:, leadership:, ...), typed by the modules that own them
    /// (models/); empty unless parsed with the model registry's vocabulary.
    ModelParameters parameters;
    OutputConfig output;
};

/// A configuration error, already formatted as `source:line:col: message`.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// One `--set key.path=value` override, applied on top of the file before typing.
struct ConfigOverride {
    std::string path;   ///< dotted key path, e.g. "organisation.agents"
    std::string value;  ///< YAML scalar or flow text, e.g. "1000000" or "[1, 2]"
    /// Where a message about this value points, e.g. "sweep.yaml:12:5 (factor humility)";
    /// empty means "--set path=value".
    std::string origin;
};

/// What a scenario parameter holds, as the schema types it.
enum class ParameterKind { real, integer, boolean, text, choice, registered_name, model, list };

/// One settable leaf of the scenario schema: its dotted path, type and valid range (as checked
/// at the schema's defaults: a bound that depends on another field, like a Beta trait's sd on
/// its mean, is given for the default of that field).
struct ParameterInfo {
    std::string path;
    ParameterKind kind = ParameterKind::real;
    double lo = 0, hi = 0;  ///< real and integer kinds
    bool lo_open = false, hi_open = false;
    std::vector<std::string> choices;  ///< choice kind: the valid names
    std::string range_text;            ///< e.g. "in [0, 1]", "an integer in [2, 64]", "true or false"

    bool numeric() const noexcept { return kind == ParameterKind::real || kind == ParameterKind::integer; }
    bool contains(double x) const noexcept {
        return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
    }
};

/// Names a model registers (e.g. its leadership presets) that a text field may have to be one of,
/// with the words a message uses: "unknown leadership style 'x'; valid styles: a, b".
struct NameList {
    std::string noun;    ///< also what schemas pass as `names`, e.g. "leadership style"
    std::string plural;  ///< e.g. "styles"
    std::vector<std::string> names;
};

/// What the model registry adds to the engine's schema: the names it knows to be valid, so that
/// an unknown model or registered name is reported at its file:line:col with the valid list
/// (empty = not checked), and its modules' parameter sections, in scenario order.
struct ConfigVocabulary {
    std::vector<std::string> model_names;
    std::vector<NameList> name_lists;
    std::vector<SectionEntry> sections;
    /// The model's checks of a typed scenario that no single field can make (e.g. that an event's
    /// target exists in the organisation); throws ConfigError naming where the value was written.
    std::function<void(const ScenarioConfig&)> check;
};

/// The whole scenario's schema (the engine's sections, then the model's, then output), for
/// visitors outside the parser: e.g. the test that draws random scenarios over the valid ranges.
void visit(SchemaVisitor& v, ScenarioConfig& c);

/// Every parameter of the scenario schema, in schema order: the one list a sweep's factor paths
/// are checked against, generated from the same visit() functions that parse a scenario.
std::vector<ParameterInfo> scenario_parameters(const ConfigVocabulary& vocabulary);

/// The parameter at a dotted path, or nullopt.
std::optional<ParameterInfo> find_parameter(const std::string& path, const ConfigVocabulary& vocabulary);

/// A scenario with every default, the model sections included (what an empty file parses to).
ScenarioConfig default_scenario(const ConfigVocabulary& vocabulary);

/// Parses an override of the form `key.path=value`; throws ConfigError when malformed.
ConfigOverride parse_override(const std::string& text);

/// Reads, overrides, types and validates a scenario. Throws ConfigError naming file:line:col
/// (or `--set key` for overridden values) and the valid range. `name` defaults to the file stem.
ScenarioConfig load_scenario(const std::string& path, const std::vector<ConfigOverride>& overrides = {},
                             const ConfigVocabulary& vocabulary = {});

/// Same as load_scenario, from text; `source_name` is used in messages.
ScenarioConfig parse_scenario(const std::string& yaml_text, const std::string& source_name,
                              const std::vector<ConfigOverride>& overrides = {},
                              const ConfigVocabulary& vocabulary = {});

/// The fully resolved configuration (every field, defaults included) as YAML text, for provenance.
/// parse_scenario(to_yaml(c), ...) gives back c.
std::string to_yaml(const ScenarioConfig& config);

}  // namespace trustsim
