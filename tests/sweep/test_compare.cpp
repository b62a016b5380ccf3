// Counterfactual comparisons: t quantiles, paired differences with intervals, and `compare` end to end.
#include "sweep/compare.hpp"
#include "util/text.hpp"
#include "sweep_test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace migroute;
using namespace migroute::sweep;
using migroute::test::contains;
using migroute::test::fresh_dir;
using migroute::test::kSweepData;
using migroute::test::read_file;

TEST_CASE("t quantiles", "[compare]") {
    CHECK(t_quantile_975(1) == Approx(12.7062).margin(1e-3));
    CHECK(t_quantile_975(19) == Approx(2.0930).margin(1e-3));
    CHECK(t_quantile_975(40) == Approx(2.0211).margin(1e-3));
    CHECK(t_quantile_975(120) == Approx(1.9799).margin(1e-3));
    CHECK(t_quantile_975(100000) == Approx(1.96).margin(1e-3));
}

TEST_CASE("paired differences: mean, relative change and t interval", "[compare]") {
    std::vector<std::vector<Outcome>> base = {{{"deaths", 10, true}}, {{"deaths", 12, true}}, {{"deaths", 14, true}}};
    std::vector<std::vector<Outcome>> variant = {{{"deaths", 13, true}, {"pushbacks", 5, true}},
                                                 {{"deaths", 14, true}, {"pushbacks", 7, true}},
                                                 {{"deaths", 18, true}, {"pushbacks", 6, true}}};
    const auto c = compare_outcomes(base, variant);
    REQUIRE(c.size() == 2);
    CHECK(c[0].name == "deaths");
    CHECK(c[0].pairs == 3);
    CHECK(c[0].difference == Approx(3.0));
    CHECK(c[0].relative_change == Approx(0.25));
    // differences 3, 2, 4: sd 1, half width t(2) / sqrt(3)
    CHECK(c[0].difference_sd == Approx(1.0));
    CHECK(c[0].high - c[0].difference == Approx(4.3027 / std::sqrt(3.0)).margin(1e-3));
    // A counter only the variant writes is zero in the base.
    CHECK(c[1].name == "pushbacks");
    CHECK(c[1].base_mean == 0.0);
    CHECK(c[1].difference == Approx(6.0));
    CHECK(std::isnan(c[1].relative_change));
    // A failed replicate drops its pair.
    base[1].clear();
    CHECK(compare_outcomes(base, variant)[0].pairs == 2);
}

TEST_CASE("compare: paired runs with common random numbers, CSV and text", "[compare][parallel]") {
    const std::string dir = fresh_dir("compare");
    CompareOptions options;
    options.base = kSweepData + "small.yaml";
    options.overrides = {"days=6"};
    options.variant_overrides = {"links[Tripoli-Lampedusa].death_risk=0.1"};
    options.replicates = 4;
    options.output_dir = dir;
    options.progress = false;
    options.threads_per_run = 1;
    const CompareReport report = run_compare(options);
    CHECK(report.failed_runs == 0);
    const OutcomeComparison* deaths = nullptr;
    const OutcomeComparison* spawned = nullptr;
    for (const auto& c : report.outcomes) {
        if (c.name == "deaths[Tripoli-Lampedusa]") deaths = &c;
        if (c.name == "spawned") spawned = &c;
    }
    REQUIRE(deaths);
    REQUIRE(spawned);
    CHECK(deaths->pairs == 4);
    CHECK(deaths->difference > 0);
    CHECK(deaths->low > 0);  // the interval excludes zero
    // Common random numbers: what the variant does not touch is identical in each pair.
    CHECK(spawned->difference == 0.0);
    CHECK(spawned->difference_sd == 0.0);
    const std::string csv = read_file(report.csv_path);
    CHECK(contains(csv, "outcome,kind,pairs,base_mean,variant_mean,difference,difference_low,difference_high"));
    CHECK(contains(csv, "deaths[Tripoli-Lampedusa],count,4,"));
    const std::string text = read_file(report.text_path);
    CHECK(contains(text, "4 paired replicates"));
    CHECK(contains(text, "deaths_per_1000_crossings"));

    // Run again: the runs are finished and reused, and the numbers are the same.
    const CompareReport again = run_compare(options);
    CHECK(read_file(again.csv_path) == csv);
}
