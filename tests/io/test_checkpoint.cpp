// Checkpoints: a run resumed from any of its checkpoints ends with the result of an uninterrupted run
// (every dataset and attribute outside /run), for each rule set and the policy modules with state,
// with any number of threads; a checkpoint of another scenario, another build, or a truncated or
// damaged file is refused with a message naming the file, never loaded; damaged result files given
// as input are refused too.
#include "../sanitizer_build.hpp"
#include "simulation/simulation.hpp"
#include "util/state_archive.hpp"
#include "graph/route_graph.hpp"
#include "io/checkpoint.hpp"
#include "io/flee_reader.hpp"
#include "io/flee_scenario.hpp"
#include "io/result_compare.hpp"
#include "io/result_file.hpp"
#include "io/run.hpp"
#include "io/scenario_yaml.hpp"
#include "policy/registry.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace migroute;
namespace fs = std::filesystem;

namespace {

const std::string kSource = MIGROUTE_SOURCE_DIR;

std::string fresh_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("migroute-checkpoint-tests-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

Scenario load_any(const std::string& path, const std::vector<std::string>& overrides) {
    return flee::is_flee_folder(path) ? load_flee_scenario(path, overrides) : load_scenario(path, overrides);
}

// The message of the InputError `f` throws ("" when it throws nothing).
template <class F>
std::string input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// Runs `path` once without and once with checkpoints every `every` days, keeping a copy of each
// checkpoint; returns the reference result and the copies (day, file).
struct Checkpointed {
    std::string reference;
    std::vector<std::pair<int, std::string>> copies;
};

Checkpointed run_with_checkpoints(const std::string& dir, const Scenario& s, int every) {
    Checkpointed out;
    out.reference = dir + "/reference.h5";
    RunOptions plain;
    plain.threads = 2;
    run_scenario(s, out.reference, plain);

    RunOptions options;
    options.threads = 2;
    options.checkpoint_every = every;
    options.checkpoint_path = dir + "/run.checkpoint";
    options.after_day = [&](int done, double, const Simulation&) {
        if (done % every != 0 || done >= s.days) return;
        REQUIRE(fs::exists(options.checkpoint_path));
        const std::string copy = dir + "/day" + std::to_string(done) + ".checkpoint";
        fs::copy_file(options.checkpoint_path, copy, fs::copy_options::overwrite_existing);
        out.copies.emplace_back(done, copy);
    };
    const RunOutcome outcome = run_scenario(s, dir + "/checkpointed.h5", options);
    CHECK(outcome.checkpoints_written == static_cast<int>(out.copies.size()));
    // Writing checkpoints changes nothing in the result, and the checkpoint goes once the result is there.
    CHECK(compare_hdf5_files(out.reference, dir + "/checkpointed.h5").empty());
    CHECK_FALSE(fs::exists(options.checkpoint_path));
    return out;
}

}  // namespace

TEST_CASE("a resumed run gives the result of an uninterrupted run, for every rule set and stateful policy",
          "[checkpoint]") {
    struct Case {
        std::string name, path;
        std::vector<std::string> overrides;
        int every;
    };
    const std::vector<Case> cases = {
        {"basic", kSource + "/scenarios/mediterranean-2016/scenario.yaml", {"days=40"}, 9},
        {"routes_pushback", kSource + "/scenarios/substitution/scenario.yaml", {}, 31},
        {"humanitarian_visa", kSource + "/scenarios/humanitarian_visa/scenario.yaml", {}, 20},
        {"search_and_rescue", kSource + "/scenarios/search_and_rescue/scenario.yaml", {}, 25},
        {"aid", kSource + "/scenarios/aid/scenario.yaml", {}, 17},
        {"closure", kSource + "/scenarios/closure/scenario.yaml", {}, 2},
        // mali2012 shorter in sanitizer builds (tests/sanitizer_build.hpp); burundi2015 keeps its 100
        // days, so that checkpoints fall before, at and after its closures end (days 90 and 91).
        {"flee_mali", kSource + "/data/flee/mali2012", {"days=" + std::to_string(test::run_days(120, 50))}, 23},
        {"flee_burundi_closures", kSource + "/data/flee/burundi2015", {"days=100"}, 30},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            const std::string dir = fresh_dir("resume-" + c.name);
            const Scenario s = load_any(c.path, c.overrides);
            const Checkpointed run = run_with_checkpoints(dir, s, c.every);
            REQUIRE(run.copies.size() >= 2);
            int threads = 1;
            for (const auto& [day, file] : run.copies) {
                INFO("resumed after day " << day << " with " << threads << " threads");
                RunOptions options;
                options.threads = threads;
                options.resume_from = file;
                const std::string out = dir + "/resumed" + std::to_string(day) + ".h5";
                const RunOutcome outcome = run_scenario(s, out, options);
                CHECK(outcome.resumed_at_day == day);
                CHECK(compare_hdf5_files(run.reference, out).empty());
                threads = threads % 4 + 1;
            }
        }
    }
}

TEST_CASE("a checkpoint resumes only the scenario it was written for", "[checkpoint]") {
    const std::string dir = fresh_dir("foreign");
    const std::string path = kSource + "/scenarios/substitution/scenario.yaml";
    const Scenario s = load_scenario(path);
    const Checkpointed run = run_with_checkpoints(dir, s, 50);
    const std::string checkpoint = run.copies.front().second;

    auto resume = [&](const Scenario& other) {
        return input_error([&] {
            RunOptions options;
            options.resume_from = checkpoint;
            run_scenario(other, dir + "/other.h5", options);
        });
    };
    for (const std::string o : {"seed=2", "days=149", "links[Coast-Island].death_risk=0.5", "persons_per_agent=2"}) {
        INFO(o);
        const std::string message = resume(load_scenario(path, {o}));
        CHECK_THAT(message, Catch::Contains(checkpoint + ": belongs to another scenario"));
        CHECK_THAT(message, Catch::Contains("a checkpoint resumes only the scenario, overrides, seed and days"));
    }
    CHECK_FALSE(fs::exists(dir + "/other.h5"));

    // A Flee folder whose files changed after the checkpoint was written.
    const std::string folder = dir + "/flee";
    fs::copy(kSource + "/tests/data/flee/minimal", folder, fs::copy_options::recursive);
    const Scenario flee_before = load_flee_scenario(folder);
    const Checkpointed flee_run = run_with_checkpoints(dir, flee_before, 2);
    REQUIRE_FALSE(flee_run.copies.empty());
    std::string routes = read_bytes(folder + "/input_csv/routes.csv");
    routes.replace(routes.find("A,T,100"), 7, "A,T,101");
    write_bytes(folder + "/input_csv/routes.csv", routes);
    const std::string message = input_error([&] {
        RunOptions options;
        options.resume_from = flee_run.copies.front().second;
        run_scenario(load_flee_scenario(folder), dir + "/flee-other.h5", options);
    });
    CHECK_THAT(message, Catch::Contains("belongs to another scenario"));
}

TEST_CASE("a checkpoint of another build, or with another layout behind a valid header, is refused", "[checkpoint]") {
    const std::string dir = fresh_dir("build");
    const Scenario s = load_scenario(kSource + "/scenarios/substitution/scenario.yaml");
    const Checkpointed run = run_with_checkpoints(dir, s, 50);
    const std::string good = read_bytes(run.copies.front().second);

    // The header: fixed part (56 bytes), engine version, scenario name, header checksum.
    auto text_at = [&](const std::string& bytes, std::size_t offset) {
        std::uint32_t n = 0;
        std::memcpy(&n, bytes.data() + offset, sizeof n);
        return std::make_pair(offset + sizeof n + n, bytes.substr(offset + sizeof n, n));
    };
    auto reseal = [](std::string& bytes, std::size_t checksum_at) {
        Checksum64 sum;
        sum.add(bytes.data(), checksum_at);
        const std::uint64_t v = sum.value();
        std::memcpy(bytes.data() + checksum_at, &v, sizeof v);
    };
    const auto [after_version, version] = text_at(good, 56);
    REQUIRE(version == engine_version());
    const auto [after_name, name] = text_at(good, after_version);
    CHECK(name == s.name);

    // Another engine version, with a correct header checksum.
    std::string other = good.substr(0, 56);
    const std::string fake = "0.0.1 (0000000)";
    const auto n = static_cast<std::uint32_t>(fake.size());
    other.append(reinterpret_cast<const char*>(&n), sizeof n);
    other += fake;
    other += good.substr(after_version, after_name - after_version);
    const std::size_t checksum_at = other.size();
    other += good.substr(after_name);
    reseal(other, checksum_at);
    write_bytes(dir + "/other-build.checkpoint", other);
    const std::string message = input_error([&] {
        RunOptions options;
        options.resume_from = dir + "/other-build.checkpoint";
        run_scenario(s, dir + "/x.h5", options);
    });
    CHECK_THAT(message, Catch::Contains("written by migroute 0.0.1 (0000000), this is " + engine_version()));

    // The state of another scenario behind a header claiming this one (a valid checksum over it):
    // the layout checks of the state refuse it, naming the part.
    const std::string aid_dir = fresh_dir("build-aid");
    const Scenario aid = load_scenario(kSource + "/scenarios/aid/scenario.yaml");
    const Checkpointed aid_run = run_with_checkpoints(aid_dir, aid, 30);
    const std::string aid_bytes = read_bytes(aid_run.copies.front().second);
    const auto [aid_after_version, aid_version] = text_at(aid_bytes, 56);
    const auto [aid_after_name, aid_name] = text_at(aid_bytes, aid_after_version);
    std::string spliced = aid_bytes.substr(0, aid_after_name + 8);
    const std::uint64_t fingerprint = scenario_fingerprint(s);
    std::memcpy(spliced.data() + 24, &fingerprint, sizeof fingerprint);
    reseal(spliced, aid_after_name);
    spliced += aid_bytes.substr(aid_after_name + 8);
    write_bytes(dir + "/spliced.checkpoint", spliced);
    const std::string layout = input_error([&] {
        const RouteGraph graph = build_route_graph(s);
        Simulation sim(s, graph, 1);
        for (auto& module : policy::create_policies(s)) sim.add_policy(std::move(module));
        load_checkpoint(dir + "/spliced.checkpoint", fingerprint, s, sim);
    });
    CHECK_THAT(layout, Catch::StartsWith(dir + "/spliced.checkpoint: not a checkpoint of this scenario and build (in the part"));
}

TEST_CASE("truncated, damaged and foreign checkpoints are refused before their state is used", "[checkpoint]") {
    const std::string dir = fresh_dir("damaged");
    const Scenario s = load_scenario(kSource + "/scenarios/humanitarian_visa/scenario.yaml");
    const Checkpointed run = run_with_checkpoints(dir, s, 40);
    const std::string good = read_bytes(run.copies.front().second);
    const std::string bad = dir + "/bad.checkpoint";
    auto refusal = [&](const std::string& bytes) {
        write_bytes(bad, bytes);
        return input_error([&] { read_checkpoint_info(bad); });
    };

    SECTION("every truncation") {
        // Every length through the header and the first bytes of the state, then a spread to the end.
        std::vector<std::size_t> lengths;
        for (std::size_t n = 1; n < 200; ++n) lengths.push_back(n);
        for (std::size_t n = 200; n < good.size(); n += good.size() / test::run_days(97, 30)) lengths.push_back(n);
        lengths.push_back(good.size() - 1);
        for (const std::size_t n : lengths) {
            INFO("first " << n << " of " << good.size() << " bytes");
            const std::string message = refusal(good.substr(0, n));
            CHECK_THAT(message, Catch::StartsWith(bad + ": truncated"));
        }
        CHECK_THAT(refusal(""), Catch::Equals(bad + ": an empty file, not a checkpoint"));
        CHECK_THAT(refusal(good + "x"), Catch::StartsWith(bad + ": damaged: 1 bytes after the end of the state"));
    }

    SECTION("bit flips anywhere") {
        std::mt19937_64 random(20261130);
        for (int i = 0; i < test::run_days(300, 140); ++i) {
            std::string flipped = good;
            const std::size_t at = i < 100 ? static_cast<std::size_t>(i) : random() % flipped.size();
            flipped[at] = static_cast<char>(flipped[at] ^ (1 << (random() % 8)));
            INFO("bit flipped in byte " << at);
            const std::string message = refusal(flipped);
            CHECK_THAT(message, Catch::StartsWith(bad + ": "));
            CHECK_FALSE(message.empty());
        }
        // A flip in the state is caught by its checksum.
        std::string flipped = good;
        flipped[good.size() - 10] = static_cast<char>(flipped[good.size() - 10] ^ 4);
        CHECK_THAT(refusal(flipped), Catch::StartsWith(bad + ": damaged: the checksum of the state does not match"));
    }

    SECTION("files that are not checkpoints") {
        CHECK_THAT(refusal(read_bytes(run.reference)),
                   Catch::Equals(bad + ": an HDF5 file (a result file?), not a migroute checkpoint"));
        CHECK_THAT(refusal(read_bytes(kSource + "/scenarios/aid/scenario.yaml")),
                   Catch::Equals(bad + ": not a migroute checkpoint (it does not start with the checkpoint tag)"));
        CHECK_THAT(input_error([&] { read_checkpoint_info(dir); }), Catch::Equals(dir + ": a folder, not a checkpoint file"));
        CHECK_THAT(input_error([&] { read_checkpoint_info(dir + "/none"); }),
                   Catch::Equals(dir + "/none: no such checkpoint file"));
        // And a resume from them writes no result.
        RunOptions options;
        options.resume_from = run.reference;
        CHECK_THAT(input_error([&] { run_scenario(s, dir + "/y.h5", options); }),
                   Catch::Contains("not a migroute checkpoint"));
        CHECK_FALSE(fs::exists(dir + "/y.h5"));
    }
}

TEST_CASE("truncated, damaged and foreign result files given as input give clear errors", "[checkpoint][result]") {
    const std::string dir = fresh_dir("results");
    const Scenario s = load_scenario(kSource + "/scenarios/humanitarian_visa/scenario.yaml");
    const Checkpointed run = run_with_checkpoints(dir, s, 40);
    const std::string good = read_bytes(run.reference);
    const std::string bad = dir + "/bad.h5";

    for (std::size_t n = 0; n < good.size(); n += std::max<std::size_t>(1, good.size() / test::run_days(150, 50))) {
        INFO("first " << n << " of " << good.size() << " bytes");
        write_bytes(bad, good.substr(0, n));
        CHECK_THAT(input_error([&] { read_result_summary(bad); }), Catch::StartsWith(bad + ": "));
        CHECK_THAT(input_error([&] { compare_hdf5_files(bad, run.reference); }), !Catch::Equals(""));
    }
    // Bit flips: HDF5 checks what it can; migroute never crashes and never reports silently wrong
    // structure (a flip in the raw data of a compressed dataset can only be caught by HDF5's own
    // checks, so success is allowed, with a readable summary).
    std::mt19937_64 random(7);
    for (int i = 0; i < test::run_days(200, 60); ++i) {
        std::string flipped = good;
        const std::size_t at = random() % flipped.size();
        flipped[at] = static_cast<char>(flipped[at] ^ (1 << (random() % 8)));
        write_bytes(bad, flipped);
        INFO("bit flipped in byte " << at);
        try {
            const ResultSummary summary = read_result_summary(bad);
            CHECK(summary.days >= 0);
        } catch (const InputError& e) {
            CHECK_THAT(std::string(e.what()), Catch::StartsWith(bad + ": "));
        }
    }
    write_bytes(bad, read_bytes(run.copies.front().second));
    CHECK_THAT(input_error([&] { read_result_summary(bad); }),
               Catch::StartsWith(bad + ": a migroute checkpoint, not a migroute result file"));
    CHECK_THAT(input_error([&] { read_result_summary(dir); }), Catch::StartsWith(dir + ": a folder"));
}

TEST_CASE("the state archive checks lengths and parts", "[checkpoint]") {
    std::vector<std::int64_t> per_location{1, 2, 3};
    std::vector<float> per_agent{0.5f, 1.5f};
    StateArchive save;
    save.section("counts");
    save.fixed(per_location, "per_location");
    save.vector(per_agent);
    const std::string bytes = save.bytes();

    SECTION("round trip") {
        std::vector<std::int64_t> a(3);
        std::vector<float> b;
        StateArchive load(bytes, "x");
        load.section("counts");
        load.fixed(a, "per_location");
        load.vector(b);
        load.finish();
        CHECK(a == per_location);
        CHECK(b == per_agent);
    }
    SECTION("another part") {
        StateArchive load(bytes, "x");
        CHECK_THAT(input_error([&] { load.section("agents"); }),
                   Catch::Equals("x: not a checkpoint of this scenario and build: expected the part 'agents', found 'counts'"));
    }
    SECTION("another length") {
        std::vector<std::int64_t> a(4);
        StateArchive load(bytes, "x");
        load.section("counts");
        CHECK_THAT(input_error([&] { load.fixed(a, "per_location"); }),
                   Catch::Equals("x: not a checkpoint of this scenario and build (in the part 'counts'): per_location "
                                 "has 3 values, expected 4"));
    }
    SECTION("cut short") {
        std::vector<std::int64_t> a(3);
        std::vector<float> b;
        StateArchive load(std::string_view(bytes).substr(0, bytes.size() - 1), "x");
        load.section("counts");
        load.fixed(a, "per_location");
        CHECK_THAT(input_error([&] { load.vector(b); }), Catch::Contains("an array of 2 values runs past the end"));
    }
    SECTION("bytes left over") {
        const std::string longer = bytes + "z";
        std::vector<std::int64_t> a(3);
        std::vector<float> b;
        StateArchive load(longer, "x");
        load.section("counts");
        load.fixed(a, "per_location");
        load.vector(b);
        CHECK_THAT(input_error([&] { load.finish(); }), Catch::Contains("1 bytes left over after the last part"));
    }
}
