#include "sim/hdf5/recorder.hpp"

#include "sim/build_info.hpp"
#include "sim/build_versions.hpp"
#include "sim/output_file.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <limits>
#include <exception>
#include <filesystem>

namespace trustsim {
namespace {

class ScopedTimer {
  public:
    explicit ScopedTimer(double& total) : total_(total), start_(std::chrono::steady_clock::now()) {}
    ~ScopedTimer() { total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
    ScopedTimer(const ScopedTimer&) = delete;
    ScopedTimer& operator=(const ScopedTimer&) = delete;

  private:
    double& total_;
    std::chrono::steady_clock::time_point start_;
};

template <class T>
std::span<const T> as_span(const std::vector<T>& v) {
    return {v.data(), v.size()};
}

}  // namespace

void write_build_provenance(hid_t object) {
    hdf5::write_attribute(object, "trustsim_version", std::string(build_info::version));
    hdf5::write_attribute(object, "git_commit", std::string(build_info::git_commit));
    hdf5::write_attribute(object, "compiler", std::string(build_info::compiler));
    hdf5::write_attribute(object, "build_type", std::string(build_info::build_type));
    hdf5::write_attribute(object, "hdf5_version", hdf5_version());
    hdf5::write_attribute(object, "tbb_version", tbb_version());
    hdf5::write_attribute(object, "yaml_cpp_version", yaml_cpp_version());
}

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

Hdf5Recorder::Hdf5Recorder(std::string path, const OutputConfig& output)
    : path_(std::move(path)), output_(output) {
    options_.compression_level = output.compression_level;
}

bool Hdf5Recorder::due(std::uint32_t step, std::uint32_t every) const noexcept {
    return every > 0 && (step % every == 0 || step == steps_planned_);
}

void Hdf5Recorder::on_start(const RunInfo& info, const World& world, const Model& model) {
    ScopedTimer timer(seconds_writing_);
    try {
        start_file(info, world, model);
    } catch (const std::exception& error) {
        fail(error);
    } catch (...) {
        abandon();
        throw;
    }
}

void Hdf5Recorder::start_file(const RunInfo& info, const World& world, const Model& model) {
    hdf5::silence_library_errors();
    started_ = std::chrono::system_clock::now();
    steps_planned_ = info.steps_planned;
    const auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    file_ = hdf5::create_file_for_readers(partial_path());
    const hid_t root = file_.id();
    const ScenarioConfig& config = *info.config;

    hdf5::write_attribute(root, "format", std::string("trustsim-run"));
    hdf5::write_attribute(root, "format_version", hdf5_format_version);
    write_build_provenance(root);
    hdf5::write_attribute(root, "scenario_name", config.name);
    hdf5::write_attribute(root, "model", config.model);
    hdf5::write_attribute(root, "config_yaml", info.resolved_config_yaml);
    hdf5::write_attribute(root, "seed", std::uint64_t{config.seed});
    hdf5::write_attribute(root, "replicate", config.replicate);
    hdf5::write_attribute(root, "threads", info.threads);
    hdf5::write_attribute(root, "agents", world.organisation.agents());
    hdf5::write_attribute(root, "teams", world.organisation.teams());
    hdf5::write_attribute(root, "edges", std::uint64_t{world.network.edges()});
    hdf5::write_attribute(root, "steps_planned", steps_planned_);
    hdf5::write_attribute(root, "steps_before", info.steps_before);
    hdf5::write_attribute(root, "start_time", iso8601_utc(started_));
    // Known only at the end, created now: the file takes no new attributes once readers follow it.
    // A reader sees steps_completed 0 until the run has closed the file.
    hdf5::write_attribute(root, "steps_completed", std::uint32_t{0});
    hdf5::write_attribute(root, "end_time", std::string());
    hdf5::write_attribute(root, "wall_seconds", 0.0);

    write_static(info.week0_organisation ? *info.week0_organisation : world.organisation, model,
                 info.week0_network ? *info.week0_network : world.network);

    const OutputSchema& schema = model.schema();
    hdf5::Handle org = hdf5::create_group(root, "org");
    org_step_ = hdf5::GrowingDataset::create<std::int32_t>(org.id(), "step", 0, "week",
                                                           "week number after which the row was recorded", options_);
    for (const SeriesSpec& spec : schema.org_series) {
        org_series_.push_back(hdf5::GrowingDataset::create<double>(org.id(), spec.name, 0, spec.units, spec.description, options_));
    }
    org_row_.resize(schema.org_series.size());

    const std::uint32_t teams = world.organisation.teams();
    if (output_.team_series) {
        hdf5::Handle team = hdf5::open_group(root, "team");
        for (const SeriesSpec& spec : schema.team_series) {
            team_series_.push_back(hdf5::GrowingDataset::create<float>(team.id(), spec.name, teams, spec.units, spec.description, options_));
        }
        team_rows_.resize(schema.team_series.size() * teams);
    }

    hdf5::Handle snapshots = hdf5::create_group(root, "snapshots");
    const std::uint32_t agents = world.organisation.agents();
    if (output_.agent_snapshot_every > 0) {
        hdf5::Handle group = hdf5::create_group(snapshots.id(), "agents");
        agent_step_ = hdf5::GrowingDataset::create<std::int32_t>(group.id(), "step", 0, "week", "week of each agent snapshot", options_);
        for (const SeriesSpec& spec : schema.agent_columns) {
            agent_columns_.push_back(hdf5::GrowingDataset::create<float>(group.id(), spec.name, agents, spec.units, spec.description, options_, 1));
        }
        agent_row_.resize(agents);
        if (schema.edge_slots > 0) {
            static constexpr std::array<std::pair<const char*, const char*>, 3> structure{{
                {"manager", "each agent's manager at the snapshot (-1 for the CEO); /agents/parent is week 0's"},
                {"team", "team each agent is a member of at the snapshot (-1 for the CEO); /agents/team is week 0's"},
                {"leads_team", "team each agent leads at the snapshot (-1 if none); /agents/leads_team is week 0's"},
            }};
            for (const auto& [name, description] : structure) {
                agent_structure_.push_back(hdf5::GrowingDataset::create<std::int32_t>(
                    group.id(), name, agents, name == std::string("manager") ? "agent id" : "team index", description, options_, 1));
            }
            agent_structure_row_.resize(agents);
        }
    }
    if (output_.edge_snapshot_every > 0) {
        hdf5::Handle group = hdf5::create_group(snapshots.id(), "edges");
        // Merges and splits add ties: the snapshots are as wide as the network can become.
        const std::size_t edges = schema.edge_slots > 0 ? schema.edge_slots : world.network.edges();
        edge_step_ = hdf5::GrowingDataset::create<std::int32_t>(group.id(), "step", 0, "week", "week of each edge snapshot", options_);
        for (const SeriesSpec& spec : schema.edge_columns) {
            edge_columns_.push_back(hdf5::GrowingDataset::create<float>(group.id(), spec.name, edges, spec.units, spec.description, options_, 1));
        }
        if (schema.edge_slots > 0) {
            edge_sources_ = hdf5::GrowingDataset::create<std::uint32_t>(
                group.id(), "source", edges, "agent id",
                "source i of each edge at the snapshot (merges and splits add ties; 4294967295 pads unused slots; "
                "/network/row_offsets is week 0's)",
                options_, 1);
        }
        if (schema.topology_may_change) {
            edge_targets_ = hdf5::GrowingDataset::create<std::uint32_t>(
                group.id(), "target", edges, "agent id",
                "target j of each edge at the snapshot (a reorganisation moves ties; /network/col_index is week 0's)",
                options_, 1);
        }
        edge_row_.resize(edges);
    }
    if (output_.edge_sample > 0) start_edge_sample(world, model, info.week0_network ? *info.week0_network : world.network);
    // Everything is created: from here on a reader can follow the file (docs/hdf5-layout.md).
    hdf5::flush_file(root, partial_path());
    hdf5::start_swmr_write(root, partial_path());
    published_ = std::chrono::steady_clock::now();
}

void Hdf5Recorder::start_edge_sample(const World& world, const Model& model, const TrustNetwork& week0) {
    const OutputSchema& schema = model.schema();
    const TrustNetwork& net = world.network;
    // The sample is drawn on week 0's network, as the uninterrupted run drew it, whatever moved
    // or was added since; each sampled tie is then followed by its source and target.
    sample_ = sample_edges(week0, output_.edge_sample, world.key);
    const std::vector<EdgeIndex> week0_positions = sample_;
    hdf5::Handle group = hdf5::create_group(file_.id(), "edge_sample");
    sample_source_.resize(sample_.size());
    sample_target_.resize(sample_.size());
    for (std::size_t k = 0; k < sample_.size(); ++k) {
        sample_target_[k] = week0.target(sample_[k]);
        const auto row = std::upper_bound(week0.row_offsets().begin(), week0.row_offsets().end(), sample_[k]);
        sample_source_[k] = static_cast<AgentIndex>(row - week0.row_offsets().begin() - 1);
    }
    hdf5::write_array<std::uint32_t>(group.id(), "edge", as_span(week0_positions), "edge index",
                                     "the sampled edges, positions in /network/col_index (increasing)", options_);
    if (&week0 == &net) {
        sample_network_version_ = net.version();
    } else {
        follow_sampled_ties(net);
    }
    hdf5::write_array<std::uint32_t>(group.id(), "source", as_span(sample_source_), "agent id", "i of each sampled edge i -> j", options_);
    hdf5::write_array<std::uint32_t>(group.id(), "target", as_span(sample_target_), "agent id", "j of each sampled edge i -> j", options_);
    // Values at the start of the run (or of the checkpoint it continues), so the first row is
    // the first week's change; a tie moved away before a checkpoint reads NaN, as it did in the
    // uninterrupted run.
    sample_now_.resize(sample_.size());
    for (std::size_t c = 0; c < schema.edge_columns.size(); ++c) {
        const SeriesSpec& spec = schema.edge_columns[c];
        sample_previous_.emplace_back(sample_.size(), std::numeric_limits<float>::quiet_NaN());
        for (std::size_t k = 0; k < sample_.size(); ++k) {
            if (sample_[k] != no_edge) model.edge_values(c, {&sample_[k], 1}, {&sample_previous_.back()[k], 1});
        }
        sample_deltas_.push_back(hdf5::GrowingDataset::create<float>(
            group.id(), "delta_" + spec.name, sample_.size(), spec.units,
            "weekly change of " + spec.name + " on each sampled edge (row = week of /org/step)", options_));
    }
    if (!schema.edge_event_types.empty()) {
        std::string bits;
        for (std::size_t b = 0; b < schema.edge_event_types.size(); ++b) {
            bits += (b ? "; " : "") + std::to_string(1u << b) + " = " + schema.edge_event_types[b].name;
        }
        sample_events_ = hdf5::GrowingDataset::create<std::uint16_t>(
            group.id(), "event_types", sample_.size(), "bit flags",
            "what happened on each sampled edge that week (any combination): " + bits, options_);
        std::vector<std::string> names, meanings;
        for (const SeriesSpec& type : schema.edge_event_types) {
            names.push_back(type.name);
            meanings.push_back(type.description);
        }
        hdf5::write_strings(group.id(), "event_type_names", names, "name", "name of bit b (value 2^b) of event_types");
        hdf5::write_strings(group.id(), "event_type_meanings", meanings, "text", "what sets bit b of event_types");
        sample_bits_.resize(sample_.size());
    }
}

void Hdf5Recorder::follow_sampled_ties(const TrustNetwork& net) {
    // Follow each sampled tie i -> j to its position now; one moved away to another target is
    // no longer there and reads NaN from then on.
    for (std::size_t k = 0; k < sample_.size(); ++k) sample_[k] = net.find(sample_source_[k], sample_target_[k]);
    sample_network_version_ = net.version();
}

void Hdf5Recorder::write_edge_sample(const StepView& view) {
    const TrustNetwork& net = view.world.network;
    if (net.version() != sample_network_version_) follow_sampled_ties(net);
    std::vector<EdgeIndex> present;
    std::vector<std::size_t> slot;
    const bool all_present = std::find(sample_.begin(), sample_.end(), no_edge) == sample_.end();
    if (!all_present) {
        for (std::size_t k = 0; k < sample_.size(); ++k) {
            if (sample_[k] == no_edge) continue;
            present.push_back(sample_[k]);
            slot.push_back(k);
        }
    }
    const std::span<const EdgeIndex> edges = all_present ? std::span<const EdgeIndex>(sample_) : std::span<const EdgeIndex>(present);
    std::vector<float> values(edges.size());
    constexpr float missing = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t c = 0; c < sample_deltas_.size(); ++c) {
        view.model.edge_values(c, edges, values);
        std::vector<float>& previous = sample_previous_[c];
        std::fill(sample_now_.begin(), sample_now_.end(), missing);
        for (std::size_t p = 0; p < edges.size(); ++p) {
            const std::size_t k = all_present ? p : slot[p];
            sample_now_[k] = values[p] - previous[k];
            previous[k] = values[p];
        }
        sample_deltas_[c].append<float>(as_span(sample_now_));
    }
    if (!sample_bits_.empty()) {
        std::vector<std::uint16_t> bits(edges.size());
        view.model.edge_events(edges, bits);
        std::fill(sample_bits_.begin(), sample_bits_.end(), std::uint16_t{0});
        for (std::size_t p = 0; p < edges.size(); ++p) sample_bits_[all_present ? p : slot[p]] = bits[p];
        sample_events_.append<std::uint16_t>(as_span(sample_bits_));
    }
}

void Hdf5Recorder::write_static(const Organisation& org, const Model& model, const TrustNetwork& week0) {
    const TrustNetwork& net = week0;  // a continued run describes the hierarchy and network of week 0 too
    const hid_t root = file_.id();
    const std::uint32_t n = org.agents();

    hdf5::Handle agents = hdf5::create_group(root, "agents");
    std::vector<std::int32_t> parent(n), team(n), leads(n);
    std::vector<std::uint32_t> depth(n);
    std::vector<std::uint8_t> manager(n);
    for (AgentIndex i = 0; i < n; ++i) {
        parent[i] = org.parent(i);
        depth[i] = org.depth(i);
        manager[i] = org.is_manager(i) ? 1 : 0;
        team[i] = org.member_of_team(i);
        leads[i] = org.leads_team(i);
    }
    hdf5::write_array<std::int32_t>(agents.id(), "parent", as_span(parent), "agent id", "manager of each agent (-1 for the CEO, agent 0)", options_);
    hdf5::write_array<std::uint32_t>(agents.id(), "depth", as_span(depth), "levels", "depth in the hierarchy (CEO = 0)", options_);
    hdf5::write_array<std::uint8_t>(agents.id(), "is_manager", as_span(manager), "flag", "1 if the agent has direct reports", options_);
    hdf5::write_array<std::int32_t>(agents.id(), "team", as_span(team), "team index", "team the agent is a member of (-1 for the CEO)", options_);
    hdf5::write_array<std::int32_t>(agents.id(), "leads_team", as_span(leads), "team index", "team the agent leads (-1 if none)", options_);
    if (!org.names().empty()) {
        hdf5::write_strings(agents.id(), "name", org.names(), "name",
                            "member name of an explicit organisation (organisation.members), by agent id");
    }

    // Scripted events, one row each, when the scenario has any (docs/hdf5-layout.md, /events).
    const std::vector<EventRow> events = model.event_table();
    if (!events.empty()) {
        hdf5::Handle group = hdf5::create_group(root, "events");
        std::vector<std::int32_t> week;
        std::vector<std::string> type, target, detail;
        for (const EventRow& row : events) {
            week.push_back(static_cast<std::int32_t>(row.week));
            type.push_back(row.type);
            target.push_back(row.target);
            detail.push_back(row.detail);
        }
        hdf5::write_array<std::int32_t>(group.id(), "week", as_span(week), "week", "week the event applies, at its start (before P1)", options_);
        hdf5::write_strings(group.id(), "type", type, "", "event type (docs/config-reference.md, events)");
        hdf5::write_strings(group.id(), "target", target, "", "who: ceo, all, 'agent N', 'team N' or 'unit N'");
        hdf5::write_strings(group.id(), "detail", detail, "", "the event's settings in words");
    }

    hdf5::Handle team_group = hdf5::create_group(root, "team");
    const std::uint32_t teams = org.teams();
    std::vector<std::uint32_t> team_manager(teams), team_size(teams), team_depth(teams);
    for (std::uint32_t t = 0; t < teams; ++t) {
        team_manager[t] = org.team_manager(t);
        team_size[t] = org.team_vacant(t) ? 0 : org.report_count(team_manager[t]);
        team_depth[t] = org.team_vacant(t) ? 0 : org.depth(team_manager[t]);
    }
    hdf5::write_array<std::uint32_t>(team_group.id(), "manager", as_span(team_manager), "agent id",
                                     "manager of each team (4294967295 for a slot reserved for a split to come)", options_);
    hdf5::write_array<std::uint32_t>(team_group.id(), "size", as_span(team_size), "agents", "direct reports in each team", options_);
    hdf5::write_array<std::uint32_t>(team_group.id(), "depth", as_span(team_depth), "levels", "depth of the team's manager", options_);
    hdf5::Handle style = hdf5::create_group(team_group.id(), "style");
    std::vector<float> values(teams);
    const OutputSchema& schema = model.schema();
    for (std::size_t a = 0; a < schema.team_attributes.size(); ++a) {
        model.team_attribute(a, values);
        hdf5::write_array<float>(style.id(), schema.team_attributes[a].name, as_span(values), schema.team_attributes[a].units,
                                 schema.team_attributes[a].description, options_);
    }

    hdf5::Handle network = hdf5::create_group(root, "network");
    const auto offsets32 = net.row_offsets();
    const std::vector<std::uint64_t> offsets(offsets32.begin(), offsets32.end());
    hdf5::write_array<std::uint64_t>(network.id(), "row_offsets", as_span(offsets), "edge index",
                                     "CSR row offsets: out-edges of agent i are [row_offsets[i], row_offsets[i+1])", options_);
    hdf5::write_array<std::uint32_t>(network.id(), "col_index", net.col_index(), "agent id", "target j of each directed edge i -> j", options_);
    hdf5::write_array<std::uint8_t>(network.id(), "kind", net.kinds(), "bit flags",
                                    "1 = j is i's manager, 2 = j is i's direct report, 4 = lateral tie, 8 = same team", options_);
}

void Hdf5Recorder::on_step(const StepView& view) {
    ScopedTimer timer(seconds_writing_);
    try {
        record_step(view);
    } catch (const std::exception& error) {
        fail(error);
    } catch (...) {
        abandon();
        throw;
    }
}

void Hdf5Recorder::record_step(const StepView& view) {
    const auto step = static_cast<std::int32_t>(view.step);
    org_step_.append<std::int32_t>({&step, 1});
    view.model.org_values(org_row_);
    for (std::size_t s = 0; s < org_series_.size(); ++s) org_series_[s].append<double>({&org_row_[s], 1});

    if (!team_series_.empty()) {
        view.model.team_values(team_rows_);
        const std::size_t teams = view.world.organisation.teams();
        for (std::size_t s = 0; s < team_series_.size(); ++s) {
            team_series_[s].append<float>({team_rows_.data() + s * teams, teams});
        }
    }
    if (due(view.step, output_.agent_snapshot_every)) write_agent_snapshot(view);
    if (due(view.step, output_.edge_snapshot_every)) write_edge_snapshot(view);
    if (!sample_.empty()) write_edge_sample(view);
    const auto now = std::chrono::steady_clock::now();
    if (now - published_ >= std::chrono::seconds(1)) {
        org_step_.publish();
        for (hdf5::GrowingDataset& series : org_series_) series.publish();
        published_ = now;
    }
}

void Hdf5Recorder::write_agent_snapshot(const StepView& view) {
    const auto step = static_cast<std::int32_t>(view.step);
    agent_step_.append<std::int32_t>({&step, 1});
    for (std::size_t c = 0; c < agent_columns_.size(); ++c) {
        view.model.agent_column(c, agent_row_);
        agent_columns_[c].append<float>(as_span(agent_row_));
    }
    if (!agent_structure_.empty()) {
        const Organisation& org = view.world.organisation;
        const std::array<std::int32_t (*)(const Organisation&, AgentIndex), 3> structure{
            [](const Organisation& o, AgentIndex i) { return o.parent(i); },
            [](const Organisation& o, AgentIndex i) { return o.member_of_team(i); },
            [](const Organisation& o, AgentIndex i) { return o.leads_team(i); }};
        for (std::size_t c = 0; c < structure.size(); ++c) {
            for (AgentIndex i = 0; i < org.agents(); ++i) agent_structure_row_[i] = structure[c](org, i);
            agent_structure_[c].append<std::int32_t>(as_span(agent_structure_row_));
        }
    }
}

void Hdf5Recorder::write_edge_snapshot(const StepView& view) {
    const auto step = static_cast<std::int32_t>(view.step);
    edge_step_.append<std::int32_t>({&step, 1});
    const TrustNetwork& net = view.world.network;
    const std::size_t edges = net.edges();
    if (edges > edge_row_.size()) {
        throw std::logic_error("the network has " + std::to_string(edges) + " edges, more than the " +
                               std::to_string(edge_row_.size()) + " the edge snapshots were sized for");
    }
    // Slots beyond the network's edges (ties merges and splits have not added yet) are padding.
    std::fill(edge_row_.begin() + static_cast<std::ptrdiff_t>(edges), edge_row_.end(), std::numeric_limits<float>::quiet_NaN());
    for (std::size_t c = 0; c < edge_columns_.size(); ++c) {
        view.model.edge_column(c, std::span(edge_row_).first(edges));
        edge_columns_[c].append<float>(as_span(edge_row_));
    }
    if (!view.model.schema().topology_may_change) return;
    if (view.model.schema().edge_slots == 0) {
        edge_targets_.append<std::uint32_t>(net.col_index());
        return;
    }
    edge_ends_.assign(edge_row_.size(), no_manager);
    for (AgentIndex i = 0; i < net.agents(); ++i) {
        for (EdgeIndex e = net.row_begin(i); e < net.row_end(i); ++e) edge_ends_[e] = i;
    }
    edge_sources_.append<std::uint32_t>(as_span(edge_ends_));
    std::copy(net.col_index().begin(), net.col_index().end(), edge_ends_.begin());
    edge_targets_.append<std::uint32_t>(as_span(edge_ends_));
}

template <class Visit>
void Hdf5Recorder::for_each_dataset(Visit visit) {
    for (hdf5::GrowingDataset* dataset :
         {&org_step_, &agent_step_, &edge_step_, &edge_sources_, &edge_targets_, &sample_events_}) {
        visit(*dataset);
    }
    for (auto* group : {&org_series_, &team_series_, &agent_columns_, &agent_structure_, &edge_columns_, &sample_deltas_}) {
        for (hdf5::GrowingDataset& dataset : *group) visit(dataset);
    }
}

void Hdf5Recorder::on_finish(std::uint32_t steps_completed, bool completed) {
    ScopedTimer timer(seconds_writing_);
    if (!file_) return;
    // The engine calls on_finish(done, false) from inside its handler for an error that stopped
    // the run (a model or another observer threw) and rethrows that error afterwards. The file is
    // given up quietly then: anything thrown here would replace the error that matters.
    if (!completed && std::current_exception()) {
        abandon();
        return;
    }
    try {
        close_file(steps_completed);
        // An interrupted run keeps NAME.partial, closed and readable, for inspection.
        if (completed && steps_completed == steps_planned_) commit_file(partial_path(), path_);
    } catch (const std::exception& error) {
        fail(error);
    }
}

void Hdf5Recorder::close_file(std::uint32_t steps_completed) {
    for_each_dataset([](hdf5::GrowingDataset& dataset) { dataset.close(); });
    const auto ended = std::chrono::system_clock::now();
    const hid_t root = file_.id();
    hdf5::write_attribute(root, "steps_completed", steps_completed);
    hdf5::write_attribute(root, "end_time", iso8601_utc(ended));
    hdf5::write_attribute(root, "wall_seconds", std::chrono::duration<double>(ended - started_).count());
    hdf5::flush_file(root, partial_path());
    file_.close_checked("file " + partial_path());
}

void Hdf5Recorder::abandon() noexcept {
    for_each_dataset([](hdf5::GrowingDataset& dataset) { dataset.abandon(); });
    hdf5::abandon_file(file_);
    discard_partial(partial_path());
}

void Hdf5Recorder::fail(const std::exception& error) {
    abandon();
    // "No space left on device (HDF5: cannot write a chunk of /snapshots/...)": the reason a user
    // can act on first, then where it happened.
    std::string reason = error.what();
    if (const auto* hdf5_error = dynamic_cast<const hdf5::Hdf5Error*>(&error)) {
        if (!hdf5_error->cause().empty()) reason = hdf5_error->cause() + " (" + hdf5_error->operation() + ")";
    }
    throw OutputFileError("cannot write " + path_ + ": " + reason + "; nothing was left under that name");
}

}  // namespace trustsim
