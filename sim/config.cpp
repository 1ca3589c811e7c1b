// Scenario YAML <-> typed configuration.
//
// The schema is written once, as one `visit` function per config struct. The same function drives
// the Reader (YAML -> struct, with validation) and the Writer (struct -> YAML), so a field cannot be
// readable without being written, and to_yaml() cannot drift from parse_scenario().
//
// With sim/yaml_document.cpp (which reads the text safely), the only translation units of the
// engine that include yaml-cpp.
#include "sim/config.hpp"

#include "sim/yaml_document.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace trustsim {
namespace {

// ---------------------------------------------------------------------------------------------
// Paths, numbers, ranges

/// A key path from the top of the document; list entries appear as their index ("mix.0.style"),
/// which is also how `--set` addresses them.
using Path = std::vector<std::string>;

std::string join(const Path& path) {
    std::string out;
    for (const auto& segment : path) {
        if (!out.empty()) out += '.';
        out += segment;
    }
    return out;
}

Path child(Path path, std::string segment) {
    path.push_back(std::move(segment));
    return path;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

/// Range bounds are for people; six significant digits are enough there.
std::string format_bound(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}

enum class Parsed { ok, malformed, overflow };

/// from_chars takes no leading '+', which YAML allows.
std::string_view strip_plus(std::string_view text) {
    if (text.size() > 1 && text[0] == '+' && (std::isdigit(static_cast<unsigned char>(text[1])) || text[1] == '.')) {
        text.remove_prefix(1);
    }
    return text;
}

Parsed parse_integer(std::string_view text, long long& out) {
    text = strip_plus(text);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    if (result.ec == std::errc::result_out_of_range) return Parsed::overflow;
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return Parsed::malformed;
    return Parsed::ok;
}

Parsed parse_real(std::string_view text, double& out) {
    // YAML spells infinity and NaN its own way; they parse, so that the range check can name them.
    static constexpr std::pair<std::string_view, double> kSpecial[] = {
        {".inf", HUGE_VAL},   {".Inf", HUGE_VAL},   {".INF", HUGE_VAL}, {"+.inf", HUGE_VAL}, {"-.inf", -HUGE_VAL},
        {"-.Inf", -HUGE_VAL}, {"-.INF", -HUGE_VAL}, {".nan", NAN},      {".NaN", NAN},       {".NAN", NAN}};
    for (const auto& [spelling, value] : kSpecial) {
        if (text == spelling) {
            out = value;
            return Parsed::ok;
        }
    }
    text = strip_plus(text);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    if (result.ptr != text.data() + text.size()) return Parsed::malformed;
    if (result.ec == std::errc::result_out_of_range) {
        // Beyond what a double holds: too large is infinite (and rejected as such), too small is 0.
        const bool tiny = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
        out = (text.front() == '-' ? -1.0 : 1.0) * (tiny ? 0.0 : HUGE_VAL);
        return Parsed::ok;
    }
    return result.ec == std::errc() ? Parsed::ok : Parsed::malformed;
}

constexpr long long kMaxU32 = std::numeric_limits<std::uint32_t>::max();

// ---------------------------------------------------------------------------------------------
// (Outside the anonymous namespace: SchemaVisitor::section() finds a struct's visit() by
// argument-dependent lookup, which does not look into unnamed namespaces.)
}  // namespace

// The engine's schema: one visit() per struct (sim/schema.hpp); the model's sections come from
// the vocabulary. Ranges come from the struct comments and model-spec A.10;
// docs/config-reference.md lists them.

static void visit(SchemaVisitor& v, OrganisationMember& c) {
    c.where = v.location();
    v.field("name", c.name, any_text, Presence::required);
    v.field("manager", c.manager);
}

static void visit(SchemaVisitor& v, OrganisationTie& c) {
    c.where = v.location();
    v.field("from", c.from, any_text, Presence::required);
    v.field("to", c.to, any_text, Presence::required);
}

namespace {

[[noreturn]] void fail_at(const std::string& where, const std::string& message) {
    throw ConfigError((where.empty() ? std::string("organisation") : where) + ": " + message);
}

/// The cross-references of an explicit organisation: unique names, managers listed before their
/// reports (so the managers form a tree under the first member), ties between members.
void check_explicit_organisation(const OrganisationConfig& c) {
    // A set, not a list: organisations of 10^5 members took a minute to check with std::find.
    std::unordered_set<std::string_view> seen;
    for (std::size_t i = 0; i < c.members.size(); ++i) {
        const OrganisationMember& m = c.members[i];
        const std::string what = "organisation.members." + std::to_string(i);
        if (seen.count(m.name) != 0) fail_at(m.where, what + ": the name '" + m.name + "' is listed twice");
        if (i == 0 && !m.manager.empty())
            fail_at(m.where, what + ": the first member is the CEO and has no manager; list '" + m.manager + "' first");
        if (i > 0 && m.manager.empty())
            fail_at(m.where, what + ": '" + m.name + "' needs a manager; only the first member (the CEO) has none");
        if (i > 0 && seen.count(m.manager) == 0) {
            fail_at(m.where, what + ": manager '" + m.manager + "' of '" + m.name +
                                 "' is not listed before it (list every manager before its reports)");
        }
        seen.insert(m.name);
    }
    if (c.members.size() == 1) fail_at(c.members[0].where, "organisation.members: an organisation needs at least 2 members");
    for (std::size_t i = 0; i < c.ties.size(); ++i) {
        const OrganisationTie& t = c.ties[i];
        const std::string what = "organisation.ties." + std::to_string(i);
        if (c.members.empty()) fail_at(t.where, what + ": ties need an explicit organisation (organisation.members)");
        for (const std::string* name : {&t.from, &t.to}) {
            if (seen.count(*name) == 0) {
                std::vector<std::string> some;
                for (std::size_t k = 0; k < std::min<std::size_t>(c.members.size(), 12); ++k) some.push_back(c.members[k].name);
                fail_at(t.where, what + ": '" + *name + "' is not a member; members: " + join_names(some) +
                                     (c.members.size() > some.size() ? ", ..." : ""));
            }
        }
        if (t.from == t.to) fail_at(t.where, what + ": a tie needs two different members");
    }
}

}  // namespace

static void visit(SchemaVisitor& v, OrganisationConfig& c) {
    v.field("agents", c.agents, IntRange{2, 1LL << 31});
    v.field("span_of_control", c.span_of_control, IntRange{2, 64});
    v.field("k_lat", c.k_lat, IntRange{0, 64});
    v.field("p_local", c.p_local, Range::unit());
    v.list("members", c.members);
    v.list("ties", c.ties);
    check_explicit_organisation(c);
    if (c.explicit_members()) {
        // `agents` is the number of members; a different value given beside them is a mistake
        // (the default is taken as left out).
        const auto listed = static_cast<std::uint32_t>(c.members.size());
        v.check(c.agents == listed || c.agents == OrganisationConfig{}.agents, {"agents"},
                "an explicit organisation has as many agents as members (" + std::to_string(listed) +
                    "); leave agents out");
        c.agents = listed;
    }
}

static void visit(SchemaVisitor& v, OutputConfig& c) {
    v.field("file", c.file);
    v.field("agent_snapshot_every", c.agent_snapshot_every, IntRange{0, kMaxU32});
    v.field("edge_snapshot_every", c.edge_snapshot_every, IntRange{0, kMaxU32});
    v.field("edge_sample", c.edge_sample, IntRange{0, 10'000'000});
    v.field("team_series", c.team_series);
    v.field("compression_level", c.compression_level, IntRange{0, 9});
}

void visit(SchemaVisitor& v, ScenarioConfig& c) {
    v.field("name", c.name);
    v.check(!c.name.empty(), {"name"}, "must not be empty: it labels the outputs");
    v.field("description", c.description);
    v.field("model", c.model, model_names);
    v.check(!c.model.empty(), {"model"}, "must not be empty");
    v.field("steps", c.steps, IntRange{1, 10'000'000});
    v.field("seed", c.seed, IntRange{0, kMaxU32});
    v.field("replicate", c.replicate, IntRange{0, kMaxU32});
    v.section("organisation", c.organisation);
    for (std::size_t i = 0; i < c.parameters.size(); ++i) {
        c.parameters.section(i).visit_as(c.parameters.key(i).c_str(), v);
    }
    v.section("output", c.output);
}

namespace {

/// The model's sections at their defaults, in the vocabulary's order.
void add_model_sections(ScenarioConfig& config, const ConfigVocabulary& vocabulary) {
    for (const SectionEntry& entry : vocabulary.sections) config.parameters.add(entry.key, entry.make_default());
}

// ---------------------------------------------------------------------------------------------
// Where values came from

/// An applied `--set`. Values at or under `path` came from it, and so did the intermediate maps
/// it had to create (the prefixes of `path` at least `created_from` long).
struct AppliedOverride {
    Path path;
    std::size_t created_from;
    std::string text;    // "key.path=value", as given
    std::string origin;  // where to point instead of "--set text", if given

    bool covers(const Path& p) const {
        if (p.size() >= path.size()) return std::equal(path.begin(), path.end(), p.begin());
        return p.size() >= created_from && std::equal(p.begin(), p.end(), path.begin());
    }
};

class Origin {
  public:
    Origin(std::string source, const ConfigVocabulary& vocabulary)
        : source_(std::move(source)), vocabulary_(vocabulary) {}

    const ConfigVocabulary& vocabulary() const { return vocabulary_; }
    void add(AppliedOverride applied) { overrides_.push_back(std::move(applied)); }

    /// `source:line:col`, or `--set key=value` when the value at `path` came from an override.
    std::string where(const YAML::Node& node, const Path& path) const {
        // Later overrides replace earlier ones, so the last one covering the path wins.
        for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
            if (it->covers(path)) return it->origin.empty() ? "--set " + it->text : it->origin;
        }
        const YAML::Mark mark = node.Mark();
        if (mark.is_null()) return source_;
        return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }

    [[noreturn]] void fail(const YAML::Node& node, const Path& path, const std::string& message) const {
        throw ConfigError(where(node, path) + ": " + message);
    }

  private:
    std::string source_;
    const ConfigVocabulary& vocabulary_;
    std::vector<AppliedOverride> overrides_;
};

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return "'" + node.Scalar() + "'";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        default:
            return "nothing";
    }
}

// ---------------------------------------------------------------------------------------------
// Reader: one map of the document, read against its visit() schema

class Reader final : public SchemaVisitor {
  public:
    /// `map` may be null (section absent or empty: all defaults). `anchor` is where to point when a
    /// problem concerns a key that is absent.
    Reader(const Origin& origin, Path path, const YAML::Node& map, const YAML::Node& anchor)
        : origin_(origin), path_(std::move(path)), anchor_(anchor) {
        if (!map.IsMap()) return;
        std::unordered_set<std::string> keys;  // a map of 10^5 keys took minutes with a linear search
        for (const auto& kv : map) {
            const Path key_path = child(path_, kv.first.IsScalar() ? kv.first.Scalar() : "?");
            if (!kv.first.IsScalar())
                origin_.fail(kv.first, key_path, "keys must be plain names, got " + describe(kv.first));
            const std::string& key = kv.first.Scalar();
            if (!keys.insert(key).second) origin_.fail(kv.first, key_path, "duplicate key '" + join(key_path) + "'");
            entries_.push_back({key, kv.first, kv.second});
        }
    }

    void integer(const char* key, long long& value, IntRange range) override {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        long long parsed = value;
        std::string text = "the default " + std::to_string(value);
        Parsed how = Parsed::ok;
        if (e) {
            text = scalar(*e, "an integer");
            how = parse_integer(text, parsed);
            if (how == Parsed::malformed) fail(e, key, join(path) + ": expected an integer, got '" + text + "'");
        }
        if (how == Parsed::overflow || parsed < range.lo || parsed > range.hi) {
            fail(e, key,
                 join(path) + " must be in [" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + "], got " +
                     text);
        }
        value = parsed;
    }

    void real(const char* key, double& value, const Range& range) override {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        std::string text = "the default " + format_exact(value);
        double parsed = value;
        if (e) {
            text = scalar(*e, "a number");
            if (parse_real(text, parsed) != Parsed::ok)
                fail(e, key, join(path) + ": expected a number, got '" + text + "'");
        }
        if (!std::isfinite(parsed)) fail(e, key, join(path) + " must be a finite number, got " + text);
        if (!range.contains(parsed)) {
            fail(e, key,
                 join(path) + " must be " + range.describe() + ", got " + text +
                     (range.why.empty() ? "" : " (" + range.why + ")"));
        }
        value = parsed;
    }

    void boolean(const char* key, bool& value) override {
        const Entry* e = find(key);
        if (!e) return;
        const std::string text = scalar(*e, "true or false");
        if (!YAML::convert<bool>::decode(e->value, value)) {
            fail(e, key, join(child(path_, key)) + ": expected true or false, got '" + text + "'");
        }
    }

    void text(const char* key, std::string& value, const char* names, Presence presence) override {
        const Entry* e = find(key);
        if (e) {
            value = scalar(*e, "a string");
        } else if (presence == Presence::required) {
            fail(e, key, join(child(path_, key)) + " is required");
        }
        if (names == any_text) return;
        const ConfigVocabulary& vocabulary = origin_.vocabulary();
        const bool model = std::string_view(names) == model_names;
        const NameList* list = nullptr;
        for (const NameList& candidate : vocabulary.name_lists) {
            if (candidate.noun == names) list = &candidate;
        }
        // A list the vocabulary does not have is not checked (a parse without the registry).
        const std::vector<std::string> no_names;
        const auto& valid = model ? vocabulary.model_names : list ? list->names : no_names;
        if (valid.empty() || std::find(valid.begin(), valid.end(), value) != valid.end()) return;
        fail(e, key,
             join(child(path_, key)) + ": unknown " + (model ? "model" : list->noun) + " '" + value + "'" +
                 (e ? "" : " (the default)") + "; valid " + (model ? "models" : list->plural) + ": " + join_names(valid));
    }

    void choice_index(const char* key, std::size_t& index, std::span<const char* const> names) override {
        const Entry* e = find(key);
        if (!e) return;
        const std::string given = scalar(*e, "a name");
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (given == names[i]) {
                index = i;
                return;
            }
        }
        fail(e, key,
             join(child(path_, key)) + " must be one of " + join_names({names.begin(), names.end()}) + "; got '" +
                 given + "'");
    }

    void optional(const char* key, bool& present, double& value, const Range& range) override {
        if (!find(key)) return;  // find(), not has(): an absent optional key is still a valid key
        real(key, value, range);
        present = true;
    }

    void optional_section_fields(const char* key, bool& present,
                                 const std::function<void(SchemaVisitor&)>& visit_fields, Layout layout) override {
        present = find(key) != nullptr;
        if (present) section_fields(key, visit_fields, layout);
    }

    void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout) override {
        const Entry* e = find(key);
        const Path path = child(path_, key);
        if (e && !e->value.IsMap() && !e->value.IsNull()) {
            fail(e, key, join(path) + ": expected a map of settings, got " + describe(e->value));
        }
        Reader inner(origin_, path, e ? e->value : YAML::Node(), e ? location(*e) : anchor_);
        visit_fields(inner);
        inner.finish();
    }

    void list_items(const char* key, ListAccess& items) override {
        const Entry* e = find(key);
        if (!e) return;
        const Path path = child(path_, key);
        if (!e->value.IsSequence() && !e->value.IsNull())
            fail(e, key, join(path) + ": expected a list, got " + describe(e->value));
        items.clear();
        for (std::size_t i = 0; i < e->value.size(); ++i) {
            const YAML::Node item = e->value[i];
            const Path item_path = child(path, std::to_string(i));
            if (!item.IsMap())
                origin_.fail(item, item_path, join(item_path) + ": expected a map of settings, got " + describe(item));
            items.append_default();
            Reader inner(origin_, item_path, item, item);
            items.visit_item(i, inner);
            inner.finish();
        }
    }

    void check(bool ok, std::initializer_list<const char*> keys, const std::string& message) override {
        if (ok) return;
        const char* at = *keys.begin();
        for (const char* key : keys) {
            if (has(key)) {
                at = key;
                break;
            }
        }
        fail(lookup(at), at, join(child(path_, at)) + ": " + message);
    }

    std::string location() const override { return origin_.where(anchor_, path_); }

    /// Rejects keys the schema did not ask for; call after visit().
    void finish() const {
        for (const auto& entry : entries_) {
            if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
            const Path path = child(path_, entry.key);
            const std::string scope = path_.empty() ? "valid top-level keys" : "valid keys in '" + join(path_) + "'";
            origin_.fail(entry.key_node, path,
                         "unknown key '" + join(path) + "'; " + scope + ": " + join_names(known_));
        }
    }

  private:
    struct Entry {
        std::string key;
        YAML::Node key_node;
        YAML::Node value;
    };

    const Entry* lookup(std::string_view key) const {
        for (const auto& entry : entries_) {
            if (entry.key == key) return &entry;
        }
        return nullptr;
    }

    bool has(std::string_view key) const { return lookup(key) != nullptr; }

    /// Looks a key up and records it as part of this section's schema.
    const Entry* find(const char* key) {
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
        return lookup(key);
    }

    /// yaml-cpp marks an empty value at wherever the parser happened to be; its key is clearer.
    static const YAML::Node& location(const Entry& e) { return e.value.IsNull() ? e.key_node : e.value; }

    std::string scalar(const Entry& e, const char* expected) const {
        if (!e.value.IsScalar()) {
            fail(&e, e.key, join(child(path_, e.key)) + ": expected " + expected + ", got " + describe(e.value));
        }
        return e.value.Scalar();
    }

    [[noreturn]] void fail(const Entry* e, const std::string& key, const std::string& message) const {
        origin_.fail(e ? location(*e) : anchor_, e ? child(path_, key) : path_, message);
    }

    const Origin& origin_;
    Path path_;
    YAML::Node anchor_;
    std::vector<Entry> entries_;
    std::vector<std::string> known_;  // in schema order, for "valid keys" lists
};

// ---------------------------------------------------------------------------------------------
// Writer: the same schema, emitted

class Writer final : public SchemaVisitor {
  public:
    explicit Writer(YAML::Emitter& out) : out_(out) {}

    void integer(const char* key, long long& value, IntRange) override {
        out_ << YAML::Key << key << YAML::Value << std::to_string(value);
    }
    void real(const char* key, double& value, const Range&) override {
        out_ << YAML::Key << key << YAML::Value << format_exact(value);
    }
    void boolean(const char* key, bool& value) override { out_ << YAML::Key << key << YAML::Value << value; }
    void text(const char* key, std::string& value, const char*, Presence) override {
        // Quoted, so that names like "true", "~" or "123" come back as the same strings.
        out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
    }
    void choice_index(const char* key, std::size_t& index, std::span<const char* const> names) override {
        out_ << YAML::Key << key << YAML::Value << names[index];
    }
    void optional(const char* key, bool& present, double& value, const Range& range) override {
        if (present) real(key, value, range);
    }
    void optional_section_fields(const char* key, bool& present,
                                 const std::function<void(SchemaVisitor&)>& visit_fields, Layout layout) override {
        if (present) section_fields(key, visit_fields, layout);
    }
    void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout layout) override {
        out_ << YAML::Key << key << YAML::Value;
        if (layout == Layout::flow) out_ << YAML::Flow;
        out_ << YAML::BeginMap;
        visit_fields(*this);
        out_ << YAML::EndMap;
    }
    void list_items(const char* key, ListAccess& items) override {
        out_ << YAML::Key << key << YAML::Value;
        if (items.size() == 0) out_ << YAML::Flow;
        out_ << YAML::BeginSeq;
        for (std::size_t i = 0; i < items.size(); ++i) {
            out_ << YAML::Flow << YAML::BeginMap;
            items.visit_item(i, *this);
            out_ << YAML::EndMap;
        }
        out_ << YAML::EndSeq;
    }
    void check(bool, std::initializer_list<const char*>, const std::string&) override {}

  private:
    YAML::Emitter& out_;
};

// ---------------------------------------------------------------------------------------------
// Catalogue: the same schema, listed as typed parameters

class Catalogue final : public SchemaVisitor {
  public:
    explicit Catalogue(std::vector<ParameterInfo>& out) : out_(out) {}

    void integer(const char* key, long long&, IntRange range) override {
        ParameterInfo& p = add(key, ParameterKind::integer);
        p.lo = static_cast<double>(range.lo);
        p.hi = static_cast<double>(range.hi);
        p.range_text = "an integer in [" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + "]";
    }
    void real(const char* key, double&, const Range& range) override {
        ParameterInfo& p = add(key, ParameterKind::real);
        p.lo = range.lo;
        p.hi = range.hi;
        p.lo_open = range.lo_open;
        p.hi_open = range.hi_open;
        p.range_text = range.describe() + (range.why.empty() ? "" : " (" + range.why + ")");
    }
    void boolean(const char* key, bool&) override { add(key, ParameterKind::boolean).range_text = "true or false"; }
    void text(const char* key, std::string&, const char* names, Presence) override {
        const ParameterKind kind = names == any_text                           ? ParameterKind::text
                                   : std::string_view(names) == model_names ? ParameterKind::model
                                                                              : ParameterKind::registered_name;
        add(key, kind).range_text = kind == ParameterKind::text ? "text" : "a registered name";
    }
    void choice_index(const char* key, std::size_t&, std::span<const char* const> names) override {
        ParameterInfo& p = add(key, ParameterKind::choice);
        for (const char* name : names) p.choices.emplace_back(name);
        p.range_text = "one of " + join_names(p.choices);
    }
    void optional(const char* key, bool&, double& value, const Range& range) override { real(key, value, range); }
    void optional_section_fields(const char* key, bool&, const std::function<void(SchemaVisitor&)>& visit_fields,
                                 Layout layout) override {
        section_fields(key, visit_fields, layout);
    }
    void section_fields(const char* key, const std::function<void(SchemaVisitor&)>& visit_fields, Layout) override {
        path_.emplace_back(key);
        visit_fields(*this);
        path_.pop_back();
    }
    void list_items(const char* key, ListAccess&) override { add(key, ParameterKind::list).range_text = "a list"; }
    void check(bool, std::initializer_list<const char*>, const std::string&) override {}

  private:
    ParameterInfo& add(const char* key, ParameterKind kind) {
        ParameterInfo info;
        info.path = join(child(path_, key));
        info.kind = kind;
        out_.push_back(std::move(info));
        return out_.back();
    }

    std::vector<ParameterInfo>& out_;
    Path path_;
};

// ---------------------------------------------------------------------------------------------
// Overrides

/// Where a message about an override points: its origin (e.g. a sweep file's line) if it has
/// one, else the --set argument itself.
std::string set_text(const ConfigOverride& o) { return o.origin.empty() ? "--set " + o.path + "=" + o.value : o.origin; }

Path split_path(const ConfigOverride& o) {
    Path path;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = o.path.find('.', start);
        path.push_back(o.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (path.back().empty()) {
            throw ConfigError(set_text(o) + ": '" + o.path + "' has an empty key; expected a dotted key path" +
                              (o.origin.empty() ? ", --set key.path=value, e.g. --set organisation.agents=1000000"
                                                : ", e.g. organisation.agents"));
        }
        if (dot == std::string::npos) return path;
        start = dot + 1;
    }
}

/// The index a path segment names in a list, if it is a valid one.
bool list_index(const YAML::Node& list, const std::string& segment, std::size_t& index) {
    long long parsed = 0;
    if (parse_integer(segment, parsed) != Parsed::ok || segment.front() == '+' || parsed < 0) return false;
    index = static_cast<std::size_t>(parsed);
    return index < list.size();
}

/// The value of an override as YAML, read with the same guards as a file; a message points into
/// the value ("(column 3 of the value)") rather than at a file.
YAML::Node load_override_value(const ConfigOverride& o) {
    static const std::string source = "value";
    try {
        return load_yaml_document(o.value, source, "a --set value");
    } catch (const ConfigError& e) {
        // e.what() is "value:L:C: message" or "value: message".
        std::string message = std::string(e.what()).substr(source.size());
        std::string position;
        unsigned line = 0, column = 0;
        int consumed = 0;
        if (std::sscanf(message.c_str(), ":%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0) {
            position = line == 1 ? " (column " + std::to_string(column) + " of the value)"
                                 : " (line " + std::to_string(line) + ", column " + std::to_string(column) + " of the value)";
            message = message.substr(static_cast<std::size_t>(consumed));
        } else if (message.rfind(": ", 0) == 0) {
            message = message.substr(2);
        }
        if (message.rfind("YAML syntax error: ", 0) == 0) message = message.substr(19);
        throw ConfigError(set_text(o) + ": the value is not valid YAML: " + message + position);
    }
}

// Note on yaml-cpp: `handle = other` on a Node that refers to a document node overwrites that
// document node; `handle.reset(other)` only re-points the handle. Below, assignment is used only
// to write a slot (`map[key] = value`); walking down the tree uses reset().
void apply_override(YAML::Node& root, const ConfigOverride& o, Origin& origin) {
    const Path path = split_path(o);
    YAML::Node value;
    value.reset(load_override_value(o));

    AppliedOverride applied{path, path.size(), o.path + "=" + o.value, o.origin};
    YAML::Node node(root);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const std::string& segment = path[i];
        const std::string parent = join(Path(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(i)));
        const bool last = i + 1 == path.size();
        if (node.IsSequence()) {
            std::size_t index = 0;
            if (!list_index(node, segment, index)) {
                throw ConfigError(set_text(o) + ": " + parent + " is a list, and '" + segment +
                                  "' is not an index below its length " + std::to_string(node.size()));
            }
            if (last) {
                node[index] = value;
                break;
            }
            if (node[index].IsNull()) node[index] = YAML::Node(YAML::NodeType::Map);
            const YAML::Node next(node[index]);
            node.reset(next);
            continue;
        }
        if (!node.IsMap()) {
            throw ConfigError(set_text(o) + ": " + parent + " is a single value, so it has no key '" + segment + "'");
        }
        if (last) {
            // Remove first, so that the new value gets a fresh slot instead of overwriting a node
            // the document may share through an anchor.
            node.remove(segment);
            node[segment] = value;
            break;
        }
        YAML::Node next;
        bool found = false;
        for (const auto& kv : node) {
            if (kv.first.IsScalar() && kv.first.Scalar() == segment) {
                next.reset(kv.second);
                found = true;
                break;
            }
        }
        if (!found) applied.created_from = std::min(applied.created_from, i + 1);
        if (!found || next.IsNull()) {
            next.reset(YAML::Node(YAML::NodeType::Map));
            node.remove(segment);
            node[segment] = next;
        }
        node.reset(next);
    }
    origin.add(std::move(applied));
}

// ---------------------------------------------------------------------------------------------

YAML::Node load_document(const std::string& text, const std::string& source) {
    const YAML::Node document = load_yaml_document(text, source, "a scenario file");
    if (!document || document.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!document.IsMap()) {
        const YAML::Mark mark = document.Mark();
        throw ConfigError(source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                          ": a scenario must be a map of settings (name: ..., organisation: ...), got " +
                          describe(document));
    }
    return document;
}

ScenarioConfig parse(const std::string& text, const std::string& source, const std::vector<ConfigOverride>& overrides,
                     const ConfigVocabulary& vocabulary, const std::string& default_name) {
    YAML::Node root = load_document(text, source);
    Origin origin(source, vocabulary);
    for (const auto& o : overrides) apply_override(root, o, origin);

    ScenarioConfig config;
    config.name = default_name;
    add_model_sections(config, vocabulary);
    Reader reader(origin, {}, root, root);
    visit(reader, config);
    reader.finish();
    if (vocabulary.check) vocabulary.check(config);
    return config;
}

}  // namespace

ConfigOverride parse_override(const std::string& text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw ConfigError("--set " + text + ": " + (eq == 0 ? "empty key" : "no '='") +
                          "; expected --set key.path=value, e.g. --set organisation.agents=1000000");
    }
    ConfigOverride result{text.substr(0, eq), text.substr(eq + 1), {}};
    split_path(result);  // reject "a..b" here, before any file is read
    return result;
}

ScenarioConfig parse_scenario(const std::string& yaml_text, const std::string& source_name,
                              const std::vector<ConfigOverride>& overrides, const ConfigVocabulary& vocabulary) {
    return parse(yaml_text, source_name, overrides, vocabulary, ScenarioConfig{}.name);
}

ScenarioConfig load_scenario(const std::string& path, const std::vector<ConfigOverride>& overrides,
                             const ConfigVocabulary& vocabulary) {
    const std::string text = read_yaml_file(path, "");
    return parse(text, path, overrides, vocabulary, std::filesystem::path(path).stem().string());
}

std::vector<ParameterInfo> scenario_parameters(const ConfigVocabulary& vocabulary) {
    std::vector<ParameterInfo> out;
    ScenarioConfig defaults = default_scenario(vocabulary);
    Catalogue catalogue(out);
    visit(catalogue, defaults);
    return out;
}

std::optional<ParameterInfo> find_parameter(const std::string& path, const ConfigVocabulary& vocabulary) {
    for (ParameterInfo& p : scenario_parameters(vocabulary)) {
        if (p.path == path) return std::move(p);
    }
    return std::nullopt;
}

ScenarioConfig default_scenario(const ConfigVocabulary& vocabulary) {
    ScenarioConfig config;
    add_model_sections(config, vocabulary);
    return config;
}

std::string format_exact(double x) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

std::string Range::describe() const {
    if (std::isinf(lo) && std::isinf(hi)) return "a finite number";
    if (std::isinf(hi)) return (lo_open ? "> " : ">= ") + format_bound(lo);
    if (std::isinf(lo)) return (hi_open ? "< " : "<= ") + format_bound(hi);
    return std::string("in ") + (lo_open ? "(" : "[") + format_bound(lo) + ", " + format_bound(hi) + (hi_open ? ")" : "]");
}

std::string to_yaml(const ScenarioConfig& config) {
    ScenarioConfig copy = config;  // visit() takes the schema's structs by non-const reference
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    Writer writer(out);
    visit(writer, copy);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace trustsim
