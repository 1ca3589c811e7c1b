// The HDF5 layer: round trips through the wrapper, the recorder's layout and provenance, and
// the .partial convention for runs that do not finish.
#include "sim/hdf5/file.hpp"
#include "sim/hdf5/recorder.hpp"
#include "sim/hdf5/run_reader.hpp"
#include "tests/support/scenarios.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace trustsim;

namespace {
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("trustsim_test_" + name)).string();
}
}  // namespace

TEST_CASE("the wrapper round-trips growing datasets and attributes", "[hdf5]") {
    const std::string path = temp_path("wrapper.h5");
    {
        hdf5::Handle file = hdf5::create_file(path);
        hdf5::write_attribute(file.id(), "label", std::string("héllo"));
        hdf5::write_attribute(file.id(), "count", std::uint32_t{7});
        auto series = hdf5::GrowingDataset::create<double>(file.id(), "series", 0, "1", "a 1-D series", {});
        auto table = hdf5::GrowingDataset::create<float>(file.id(), "table", 3, "m", "a growing table", {});
        for (int row = 0; row < 5; ++row) {
            const double value = row * 1.5;
            series.append<double>({&value, 1});
            const float values[] = {static_cast<float>(row), 1.0f, -2.0f};
            table.append<float>(values);
        }
        CHECK(series.rows() == 5);
    }
    const RunSummary summary = summarise_run(path);
    CHECK(summary.text_attributes.at("label") == "héllo");
    CHECK(summary.numeric_attributes.at("count") == 7.0);
    REQUIRE(summary.datasets.size() == 2);
    CHECK(summary.datasets[0].path == "/series");
    CHECK(summary.datasets[0].units == "1");
    CHECK(summary.datasets[1].shape == std::vector<std::uint64_t>{5, 3});
    CHECK(summary.datasets[1].element_type == "float32");
    CHECK(read_dataset(path, "/series") == std::vector<double>{0, 1.5, 3, 4.5, 6});
    CHECK(read_dataset(path, "/table")[12] == 4.0);
    std::filesystem::remove(path);
}

TEST_CASE("a completed run is renamed from .partial and carries its provenance", "[hdf5]") {
    const std::string path = temp_path("complete.h5");
    auto config = testing::scenario(400, 12, "humble", 9);
    config.output.agent_snapshot_every = 5;
    config.output.edge_snapshot_every = 6;
    auto sim = testing::make_simulation(config, 2);
    Hdf5Recorder recorder(path, config.output, config.steps);
    sim->add_observer(recorder);
    sim->run();

    CHECK(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path + ".partial"));
    const RunSummary summary = summarise_run(path);
    CHECK(summary.text_attributes.at("format") == "trustsim-run");
    CHECK(summary.numeric_attributes.at("steps_completed") == 12.0);
    CHECK(summary.numeric_attributes.at("agents") == 400.0);
    CHECK(summary.numeric_attributes.at("seed") == 9.0);
    CHECK_THAT(summary.text_attributes.at("config_yaml"), Catch::Contains("agents: 400"));
    CHECK(read_dataset(path, "/org/step").size() == 12);
    CHECK(read_dataset(path, "/snapshots/agents/step") == std::vector<double>{5, 10, 12});
    CHECK(read_dataset(path, "/snapshots/edges/step") == std::vector<double>{6, 12});
    CHECK(read_dataset(path, "/snapshots/agents/engagement").size() == 3u * 400u);
    // The stored mean trust in the manager is the mean of the model's own column.
    const auto trust = read_dataset(path, "/org/trust_in_manager");
    CHECK(trust.back() == Approx(testing::org_metric(*sim, core::org_trust_in_manager)));
    for (const DatasetSummary& d : summary.datasets) {
        INFO(d.path);
        CHECK_FALSE(d.units.empty());
        CHECK_FALSE(d.description.empty());
    }
    std::filesystem::remove(path);
}

TEST_CASE("an interrupted run leaves only NAME.partial", "[hdf5]") {
    const std::string path = temp_path("interrupted.h5");
    std::filesystem::remove(path);
    const auto config = testing::scenario(300, 10, "humble", 1);
    auto sim = testing::make_simulation(config, 1);
    Hdf5Recorder recorder(path, config.output, config.steps);
    sim->add_observer(recorder);
    int calls = 0;
    sim->run({}, [&] { return ++calls <= 3; });
    CHECK(sim->steps_done() == 3);
    CHECK_FALSE(std::filesystem::exists(path));
    REQUIRE(std::filesystem::exists(path + ".partial"));
    CHECK(read_dataset(path + ".partial", "/org/step").size() == 3);
    std::filesystem::remove(path + ".partial");
}

TEST_CASE("rows wider than a chunk are compressed in parallel and read back exactly", "[hdf5]") {
    const std::string path = temp_path("wide.h5");
    const std::size_t width = 200003;  // four 65536-float chunks, the last one partial
    std::vector<float> first(width), second(width);
    for (std::size_t i = 0; i < width; ++i) {
        first[i] = static_cast<float>(i) * 0.25f;
        second[i] = -static_cast<float>(i % 977);
    }
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto wide = hdf5::GrowingDataset::create<float>(file.id(), "wide", width, "1", "wide rows", {6}, 1);
        wide.append<float>(first);
        wide.append<float>(second);
        wide.flush();
    }
    const auto values = read_dataset(path, "/wide");
    REQUIRE(values.size() == 2 * width);
    for (std::size_t i = 0; i < width; ++i) {
        REQUIRE(values[i] == first[i]);
        REQUIRE(values[width + i] == second[i]);
    }
    std::filesystem::remove(path);
}

TEST_CASE("multi-row chunks written in parallel, including a partial last block", "[hdf5]") {
    const std::string path = temp_path("wide_rows.h5");
    const std::size_t width = 140001;  // 3 column chunks; 4 rows per chunk by default
    std::vector<std::vector<float>> rows;
    {
        hdf5::Handle file = hdf5::create_file(path);
        auto wide = hdf5::GrowingDataset::create<float>(file.id(), "wide", width, "1", "wide rows", {4});
        for (int r = 0; r < 6; ++r) {  // one full block of 4 rows, then a partial block of 2
            std::vector<float> row(width);
            for (std::size_t i = 0; i < width; ++i) row[i] = static_cast<float>(r * 1000003 + static_cast<int>(i % 4099));
            wide.append<float>(row);
            rows.push_back(std::move(row));
        }
        wide.flush();
    }
    const auto values = read_dataset(path, "/wide");
    REQUIRE(values.size() == 6 * width);
    for (std::size_t r = 0; r < 6; ++r) {
        for (std::size_t i = 0; i < width; ++i) REQUIRE(values[r * width + i] == rows[r][i]);
    }
    std::filesystem::remove(path);
}
