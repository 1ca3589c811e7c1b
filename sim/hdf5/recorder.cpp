#include "sim/hdf5/recorder.hpp"

#include "sim/build_info.hpp"
#include "sim/build_versions.hpp"
#include "sim/output_file.hpp"
#include "sim/output_tables.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <limits>
#include <exception>
#include <filesystem>
#include <memory>
#include <utility>

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

/// Everything the file's static part and its dataset definitions need, copied from the world and
/// the model on the simulation's thread, so that the writer thread reads nothing the simulation
/// may change.
struct Hdf5Recorder::StaticTables {
    std::string scenario_name, model_name, config_yaml;
    std::uint64_t seed = 0;
    std::uint32_t replicate = 0, threads = 0, agents = 0, teams = 0, steps_before = 0;
    std::uint64_t edges = 0;           ///< week 0's
    std::uint64_t snapshot_edges = 0;  ///< edge snapshots' width (more when merges and splits add ties)
    OutputSchema schema;
    OutputTables output;  ///< /agents, /team, /network, /events
    // /edge_sample: the sampled edges' week-0 positions, and their ends
    std::vector<EdgeIndex> sample_week0;
    std::vector<AgentIndex> sample_source, sample_target;

    std::size_t bytes() const noexcept { return output.bytes() + 12 * sample_week0.size(); }
};

/// One job for the writer thread: rows to append, each owned by the job, and the datasets they go
/// to. The job stages every row, then writes the datasets' full chunks in one parallel batch.
struct Hdf5Recorder::OutputBatch {
    std::vector<std::function<void()>> stage;
    std::vector<hdf5::GrowingDataset*> datasets;
    std::vector<hdf5::GrowingDataset*> publish;  ///< flushed to SWMR readers afterwards
    std::size_t bytes = 0;

    template <class T>
    void add(hdf5::GrowingDataset& dataset, std::vector<T> row) {
        bytes += row.size() * sizeof(T);
        auto owned = std::make_shared<const std::vector<T>>(std::move(row));
        stage.push_back([&dataset, owned] { dataset.stage<T>(as_span(*owned)); });
        datasets.push_back(&dataset);
    }
    bool empty() const noexcept { return stage.empty() && publish.empty(); }
};

Hdf5Recorder::Hdf5Recorder(std::string path, const OutputConfig& output)
    : path_(std::move(path)), output_(output) {
    options_.compression_level = output.compression_level;
}

Hdf5Recorder::~Hdf5Recorder() {
    if (!writer_) return;
    writer_->finish_with([this] {
        for_each_dataset([](hdf5::GrowingDataset& dataset) { dataset = hdf5::GrowingDataset(); });
        file_.close();
    });
}

double Hdf5Recorder::seconds_writer_busy() const { return writer_ ? writer_->seconds_busy() : 0.0; }

bool Hdf5Recorder::due(std::uint32_t step, std::uint32_t every) const noexcept {
    return every > 0 && (step % every == 0 || step == steps_planned_);
}

void Hdf5Recorder::on_start(const RunInfo& info, const World& world, const Model& model) {
    ScopedTimer timer(seconds_writing_);
    try {
        started_ = std::chrono::system_clock::now();
        steps_planned_ = info.steps_planned;
        const auto parent = std::filesystem::path(path_).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
        StaticTables tables = gather_static(info, world, model, info.week0_network ? *info.week0_network : world.network);
        // Sized here, before the writer thread exists: from now on only the writer touches them.
        const OutputSchema& schema = tables.schema;
        org_series_.resize(schema.org_series.size());
        if (output_.team_series) team_series_.resize(schema.team_series.size());
        if (output_.agent_snapshot_every > 0) agent_columns_.resize(schema.agent_columns.size());
        if (output_.agent_snapshot_every > 0 && schema.edge_slots > 0) agent_structure_.resize(3);
        if (output_.edge_snapshot_every > 0) edge_columns_.resize(schema.edge_columns.size());
        if (!sample_.empty()) sample_deltas_.resize(schema.edge_columns.size());
        topology_may_change_ = schema.topology_may_change;
        edge_slots_ = schema.edge_slots;
        team_count_ = tables.teams;
        writer_ = std::make_unique<hdf5::WriterThread>(info.threads, max_bytes_in_flight);
        const std::size_t bytes = tables.bytes();
        writer_->post([this, owned = std::make_shared<const StaticTables>(std::move(tables))] { start_file(*owned); },
                      bytes);
        published_ = std::chrono::steady_clock::now();
    } catch (const std::exception& error) {
        fail(error);
    } catch (...) {
        abandon();
        throw;
    }
}

Hdf5Recorder::StaticTables Hdf5Recorder::gather_static(const RunInfo& info, const World& world, const Model& model,
                                                       const TrustNetwork& week0) {
    StaticTables tables;
    const ScenarioConfig& config = *info.config;
    tables.scenario_name = config.name;
    tables.model_name = config.model;
    tables.config_yaml = info.resolved_config_yaml;
    tables.seed = config.seed;
    tables.replicate = config.replicate;
    tables.threads = info.threads;
    tables.steps_before = info.steps_before;
    tables.schema = model.schema();

    // A continued run describes the hierarchy and network of week 0 too.
    const Organisation& org = info.week0_organisation ? *info.week0_organisation : world.organisation;
    const TrustNetwork& net = week0;
    const std::uint32_t n = org.agents();
    tables.agents = n;
    tables.teams = org.teams();
    tables.edges = net.edges();
    tables.snapshot_edges = edge_snapshot_width(tables.schema, world.network);
    tables.output = output_tables(org, net, model);
    if (output_.edge_sample > 0) gather_edge_sample(world, model, week0, tables);
    return tables;
}

void Hdf5Recorder::start_file(const StaticTables& tables) {
    hdf5::silence_library_errors();
    file_ = hdf5::create_file_for_readers(partial_path());
    const hid_t root = file_.id();

    hdf5::write_attribute(root, "format", std::string("trustsim-run"));
    hdf5::write_attribute(root, "format_version", hdf5_format_version);
    write_build_provenance(root);
    hdf5::write_attribute(root, "scenario_name", tables.scenario_name);
    hdf5::write_attribute(root, "model", tables.model_name);
    hdf5::write_attribute(root, "config_yaml", tables.config_yaml);
    hdf5::write_attribute(root, "seed", tables.seed);
    hdf5::write_attribute(root, "replicate", tables.replicate);
    hdf5::write_attribute(root, "threads", tables.threads);
    hdf5::write_attribute(root, "agents", tables.agents);
    hdf5::write_attribute(root, "teams", tables.teams);
    hdf5::write_attribute(root, "edges", tables.edges);
    hdf5::write_attribute(root, "steps_planned", steps_planned_);
    hdf5::write_attribute(root, "steps_before", tables.steps_before);
    hdf5::write_attribute(root, "start_time", iso8601_utc(started_));
    // Known only at the end, created now: the file takes no new attributes once readers follow it.
    // A reader sees steps_completed 0 until the run has closed the file.
    hdf5::write_attribute(root, "steps_completed", std::uint32_t{0});
    hdf5::write_attribute(root, "end_time", std::string());
    hdf5::write_attribute(root, "wall_seconds", 0.0);

    write_static(tables);

    const OutputSchema& schema = tables.schema;
    hdf5::Handle org = hdf5::create_group(root, "org");
    org_step_ = hdf5::GrowingDataset::create<std::int32_t>(org.id(), "step", 0, "week",
                                                           "week number after which the row was recorded", options_);
    for (std::size_t s = 0; s < schema.org_series.size(); ++s) {
        const SeriesSpec& spec = schema.org_series[s];
        org_series_[s] = hdf5::GrowingDataset::create<double>(org.id(), spec.name, 0, spec.units, spec.description, options_);
    }

    const std::uint32_t teams = tables.teams;
    if (output_.team_series) {
        hdf5::Handle team = hdf5::open_group(root, "team");
        for (std::size_t s = 0; s < schema.team_series.size(); ++s) {
            const SeriesSpec& spec = schema.team_series[s];
            team_series_[s] = hdf5::GrowingDataset::create<float>(team.id(), spec.name, teams, spec.units, spec.description, options_);
        }
    }

    hdf5::Handle snapshots = hdf5::create_group(root, "snapshots");
    const std::uint32_t agents = tables.agents;
    if (output_.agent_snapshot_every > 0) {
        hdf5::Handle group = hdf5::create_group(snapshots.id(), "agents");
        agent_step_ = hdf5::GrowingDataset::create<std::int32_t>(group.id(), "step", 0, "week", "week of each agent snapshot", options_);
        for (std::size_t c = 0; c < schema.agent_columns.size(); ++c) {
            const SeriesSpec& spec = schema.agent_columns[c];
            agent_columns_[c] = hdf5::GrowingDataset::create<float>(group.id(), spec.name, agents, spec.units, spec.description, options_, 1);
        }
        for (std::size_t c = 0; c < agent_structure_.size(); ++c) {
            const StructureColumn& column = structure_columns[c];
            agent_structure_[c] = hdf5::GrowingDataset::create<std::int32_t>(group.id(), column.name, agents, column.units,
                                                                             column.description, options_, 1);
        }
    }
    if (output_.edge_snapshot_every > 0) {
        hdf5::Handle group = hdf5::create_group(snapshots.id(), "edges");
        const std::size_t edges = tables.snapshot_edges;
        edge_step_ = hdf5::GrowingDataset::create<std::int32_t>(group.id(), "step", 0, "week", "week of each edge snapshot", options_);
        for (std::size_t c = 0; c < schema.edge_columns.size(); ++c) {
            const SeriesSpec& spec = schema.edge_columns[c];
            edge_columns_[c] = hdf5::GrowingDataset::create<float>(group.id(), spec.name, edges, spec.units, spec.description, options_, 1);
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
    }
    if (!tables.sample_week0.empty()) start_edge_sample(tables);
    // Everything is created: from here on a reader can follow the file (docs/hdf5-layout.md).
    hdf5::flush_file(root, partial_path());
    hdf5::start_swmr_write(root, partial_path());
}

void Hdf5Recorder::gather_edge_sample(const World& world, const Model& model, const TrustNetwork& week0,
                                      StaticTables& tables) {
    const OutputSchema& schema = tables.schema;
    const TrustNetwork& net = world.network;
    // The sample is drawn on week 0's network, as the uninterrupted run drew it, whatever moved
    // or was added since; each sampled tie is then followed by its source and target.
    sample_ = sample_edges(week0, output_.edge_sample, world.key);
    tables.sample_week0 = sample_;
    sample_source_.resize(sample_.size());
    sample_target_.resize(sample_.size());
    for (std::size_t k = 0; k < sample_.size(); ++k) {
        sample_target_[k] = week0.target(sample_[k]);
        const auto row = std::upper_bound(week0.row_offsets().begin(), week0.row_offsets().end(), sample_[k]);
        sample_source_[k] = static_cast<AgentIndex>(row - week0.row_offsets().begin() - 1);
    }
    tables.sample_source = sample_source_;
    tables.sample_target = sample_target_;
    if (&week0 == &net) {
        sample_network_version_ = net.version();
    } else {
        follow_sampled_ties(net);
    }
    // Values at the start of the run (or of the checkpoint it continues), so the first row is
    // the first week's change; a tie moved away before a checkpoint reads NaN, as it did in the
    // uninterrupted run.
    for (std::size_t c = 0; c < schema.edge_columns.size(); ++c) {
        sample_previous_.emplace_back(sample_.size(), std::numeric_limits<float>::quiet_NaN());
        for (std::size_t k = 0; k < sample_.size(); ++k) {
            if (sample_[k] != no_edge) model.edge_values(c, {&sample_[k], 1}, {&sample_previous_.back()[k], 1});
        }
    }
    sample_has_events_ = !schema.edge_event_types.empty();
}

void Hdf5Recorder::start_edge_sample(const StaticTables& tables) {
    const OutputSchema& schema = tables.schema;
    const std::size_t count = tables.sample_week0.size();
    hdf5::Handle group = hdf5::create_group(file_.id(), "edge_sample");
    hdf5::write_array<std::uint32_t>(group.id(), "edge", as_span(tables.sample_week0), "edge index",
                                     "the sampled edges, positions in /network/col_index (increasing)", options_);
    hdf5::write_array<std::uint32_t>(group.id(), "source", as_span(tables.sample_source), "agent id", "i of each sampled edge i -> j", options_);
    hdf5::write_array<std::uint32_t>(group.id(), "target", as_span(tables.sample_target), "agent id", "j of each sampled edge i -> j", options_);
    for (std::size_t c = 0; c < schema.edge_columns.size(); ++c) {
        const SeriesSpec& spec = schema.edge_columns[c];
        sample_deltas_[c] = hdf5::GrowingDataset::create<float>(
            group.id(), "delta_" + spec.name, count, spec.units,
            "weekly change of " + spec.name + " on each sampled edge (row = week of /org/step)", options_);
    }
    if (!schema.edge_event_types.empty()) {
        std::string bits;
        for (std::size_t b = 0; b < schema.edge_event_types.size(); ++b) {
            bits += (b ? "; " : "") + std::to_string(1u << b) + " = " + schema.edge_event_types[b].name;
        }
        sample_events_ = hdf5::GrowingDataset::create<std::uint16_t>(
            group.id(), "event_types", count, "bit flags",
            "what happened on each sampled edge that week (any combination): " + bits, options_);
        std::vector<std::string> names, meanings;
        for (const SeriesSpec& type : schema.edge_event_types) {
            names.push_back(type.name);
            meanings.push_back(type.description);
        }
        hdf5::write_strings(group.id(), "event_type_names", names, "name", "name of bit b (value 2^b) of event_types");
        hdf5::write_strings(group.id(), "event_type_meanings", meanings, "text", "what sets bit b of event_types");
    }
}

void Hdf5Recorder::follow_sampled_ties(const TrustNetwork& net) {
    // Follow each sampled tie i -> j to its position now; one moved away to another target is
    // no longer there and reads NaN from then on.
    for (std::size_t k = 0; k < sample_.size(); ++k) sample_[k] = net.find(sample_source_[k], sample_target_[k]);
    sample_network_version_ = net.version();
}

void Hdf5Recorder::write_edge_sample(const StepView& view, OutputBatch& batch) {
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
        std::vector<float> now(sample_.size(), missing);
        for (std::size_t p = 0; p < edges.size(); ++p) {
            const std::size_t k = all_present ? p : slot[p];
            now[k] = values[p] - previous[k];
            previous[k] = values[p];
        }
        batch.add<float>(sample_deltas_[c], std::move(now));
    }
    if (sample_has_events_) {
        std::vector<std::uint16_t> bits(edges.size());
        view.model.edge_events(edges, bits);
        std::vector<std::uint16_t> row(sample_.size(), 0);
        for (std::size_t p = 0; p < edges.size(); ++p) row[all_present ? p : slot[p]] = bits[p];
        batch.add<std::uint16_t>(sample_events_, std::move(row));
    }
}

void Hdf5Recorder::write_static(const StaticTables& tables) {
    const hid_t root = file_.id();

    hdf5::Handle agents = hdf5::create_group(root, "agents");
    hdf5::write_array<std::int32_t>(agents.id(), "parent", as_span(tables.output.parent), "agent id", "manager of each agent (-1 for the CEO, agent 0)", options_);
    hdf5::write_array<std::uint32_t>(agents.id(), "depth", as_span(tables.output.depth), "levels", "depth in the hierarchy (CEO = 0)", options_);
    hdf5::write_array<std::uint8_t>(agents.id(), "is_manager", as_span(tables.output.is_manager), "flag", "1 if the agent has direct reports", options_);
    hdf5::write_array<std::int32_t>(agents.id(), "team", as_span(tables.output.team), "team index", "team the agent is a member of (-1 for the CEO)", options_);
    hdf5::write_array<std::int32_t>(agents.id(), "leads_team", as_span(tables.output.leads_team), "team index", "team the agent leads (-1 if none)", options_);
    if (!tables.output.names.empty()) {
        hdf5::write_strings(agents.id(), "name", tables.output.names, "name",
                            "member name of an explicit organisation (organisation.members), by agent id");
    }

    // Scripted events, one row each, when the scenario has any (docs/hdf5-layout.md, /events).
    if (!tables.output.events.empty()) {
        hdf5::Handle group = hdf5::create_group(root, "events");
        std::vector<std::int32_t> week;
        std::vector<std::string> type, target, detail;
        for (const EventRow& row : tables.output.events) {
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
    hdf5::write_array<std::uint32_t>(team_group.id(), "manager", as_span(tables.output.team_manager), "agent id",
                                     "manager of each team (4294967295 for a slot reserved for a split to come)", options_);
    hdf5::write_array<std::uint32_t>(team_group.id(), "size", as_span(tables.output.team_size), "agents", "direct reports in each team", options_);
    hdf5::write_array<std::uint32_t>(team_group.id(), "depth", as_span(tables.output.team_depth), "levels", "depth of the team's manager", options_);
    hdf5::Handle style = hdf5::create_group(team_group.id(), "style");
    const OutputSchema& schema = tables.schema;
    for (std::size_t a = 0; a < schema.team_attributes.size(); ++a) {
        hdf5::write_array<float>(style.id(), schema.team_attributes[a].name, as_span(tables.output.team_style[a]), schema.team_attributes[a].units,
                                 schema.team_attributes[a].description, options_);
    }

    hdf5::Handle network = hdf5::create_group(root, "network");
    hdf5::write_array<std::uint64_t>(network.id(), "row_offsets", as_span(tables.output.row_offsets), "edge index",
                                     "CSR row offsets: out-edges of agent i are [row_offsets[i], row_offsets[i+1])", options_);
    hdf5::write_array<std::uint32_t>(network.id(), "col_index", as_span(tables.output.col_index), "agent id", "target j of each directed edge i -> j", options_);
    hdf5::write_array<std::uint8_t>(network.id(), "kind", as_span(tables.output.kind), "bit flags",
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

void Hdf5Recorder::post(OutputBatch&& batch) {
    if (batch.empty()) return;
    const std::size_t bytes = batch.bytes;
    // The job is the batch's only owner, so the writer thread frees it (std::function wants a
    // copyable callable, hence the shared_ptr).
    writer_->post(
        [job = std::make_shared<OutputBatch>(std::move(batch))] {
            for (const auto& stage : job->stage) stage();
            std::vector<hdf5::GrowingDataset*> full;
            for (hdf5::GrowingDataset* dataset : job->datasets) {
                if (dataset->chunk_full()) full.push_back(dataset);
            }
            hdf5::flush_together(full);
            for (hdf5::GrowingDataset* dataset : job->publish) dataset->publish();
        },
        bytes);
}

void Hdf5Recorder::record_step(const StepView& view) {
    OutputBatch week;
    const auto step = static_cast<std::int32_t>(view.step);
    week.add<std::int32_t>(org_step_, {step});
    std::vector<double> org_row(org_series_.size());
    view.model.org_values(org_row);
    for (std::size_t s = 0; s < org_series_.size(); ++s) week.add<double>(org_series_[s], {org_row[s]});

    if (!team_series_.empty()) {
        std::vector<float> team_rows(team_series_.size() * team_count_);
        view.model.team_values(team_rows);
        for (std::size_t s = 0; s < team_series_.size(); ++s) {
            const auto row = team_rows.begin() + static_cast<std::ptrdiff_t>(s * team_count_);
            week.add<float>(team_series_[s], std::vector<float>(row, row + static_cast<std::ptrdiff_t>(team_count_)));
        }
    }
    if (!sample_.empty()) write_edge_sample(view, week);
    const auto now = std::chrono::steady_clock::now();
    if (now - published_ >= std::chrono::seconds(1)) {
        week.publish.push_back(&org_step_);
        for (hdf5::GrowingDataset& series : org_series_) week.publish.push_back(&series);
        published_ = now;
    }
    post(std::move(week));
    if (due(view.step, output_.agent_snapshot_every)) write_agent_snapshot(view);
    if (due(view.step, output_.edge_snapshot_every)) write_edge_snapshot(view);
}

namespace {
/// A snapshot's columns go to the writer in jobs of about this size: enough chunks per job to
/// keep every core compressing, few enough bytes that a large organisation's snapshot is handed
/// over in parts while the writer works (see Hdf5Recorder::max_bytes_in_flight).
constexpr std::size_t snapshot_job_bytes = std::size_t{32} << 20;
}  // namespace

void Hdf5Recorder::write_agent_snapshot(const StepView& view) {
    const auto step = static_cast<std::int32_t>(view.step);
    OutputBatch batch;
    batch.add<std::int32_t>(agent_step_, {step});
    for (std::size_t c = 0; c < agent_columns_.size(); ++c) {
        std::vector<float> column(view.world.organisation.agents());
        view.model.agent_column(c, column);
        batch.add<float>(agent_columns_[c], std::move(column));
        if (batch.bytes >= snapshot_job_bytes) post(std::exchange(batch, OutputBatch{}));
    }
    for (std::size_t c = 0; c < agent_structure_.size(); ++c) {
        batch.add<std::int32_t>(agent_structure_[c], structure_values(structure_columns[c], view.world.organisation));
    }
    post(std::move(batch));
}

void Hdf5Recorder::write_edge_snapshot(const StepView& view) {
    const auto step = static_cast<std::int32_t>(view.step);
    OutputBatch batch;
    batch.add<std::int32_t>(edge_step_, {step});
    const TrustNetwork& net = view.world.network;
    // With merges and splits the snapshots are as wide as the network can become; the slots
    // beyond its edges (ties not added yet) are padding.
    const std::size_t width = edge_snapshot_width(view.model.schema(), net);
    // (Gathering the targets first checks that the network fits before any column is cut to it.)
    const std::vector<std::uint32_t> targets = topology_may_change_ ? padded_edge_targets(net, width) : std::vector<std::uint32_t>{};
    for (std::size_t c = 0; c < edge_columns_.size(); ++c) {
        std::vector<float> column(width, std::numeric_limits<float>::quiet_NaN());
        view.model.edge_column(c, std::span(column).first(net.edges()));
        batch.add<float>(edge_columns_[c], std::move(column));
        if (batch.bytes >= snapshot_job_bytes) post(std::exchange(batch, OutputBatch{}));
    }
    if (edge_slots_ > 0) batch.add<std::uint32_t>(edge_sources_, padded_edge_sources(net, width));
    if (topology_may_change_) batch.add<std::uint32_t>(edge_targets_, targets);
    post(std::move(batch));
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
    if (!writer_) return;
    // The engine calls on_finish(done, false) from inside its handler for an error that stopped
    // the run (a model or another observer threw) and rethrows that error afterwards. The file is
    // given up quietly then: anything thrown here would replace the error that matters.
    if (!completed && std::current_exception()) {
        abandon();
        return;
    }
    try {
        writer_->post([this, steps_completed] { close_file(steps_completed); }, 0);
        writer_->wait();
        writer_->finish_with([] {});
        // An interrupted run keeps NAME.partial, closed and readable, for inspection.
        if (completed && steps_completed == steps_planned_) commit_file(partial_path(), path_);
    } catch (const std::exception& error) {
        fail(error);
    }
}

void Hdf5Recorder::close_file(std::uint32_t steps_completed) {
    // The last rows of every dataset in one parallel batch (each close would compress its own alone).
    std::vector<hdf5::GrowingDataset*> all;
    for_each_dataset([&all](hdf5::GrowingDataset& dataset) { all.push_back(&dataset); });
    hdf5::flush_together(all);
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
    if (writer_) {
        writer_->finish_with([this] {
            for_each_dataset([](hdf5::GrowingDataset& dataset) { dataset.abandon(); });
            hdf5::abandon_file(file_);
        });
    }
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
