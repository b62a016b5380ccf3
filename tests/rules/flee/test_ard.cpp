// The validation metric (ARD) on hand-computed examples, and mean/std over seeds.
#include "rules/flee/ard.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace migroute::validation;

TEST_CASE("ard: two camps, hand-computed, normal and rescaled", "[flee]") {
    // day:               0   1   2   3   4
    const std::vector<std::vector<double>> sim = {{10, 20, 0, 5, 0},   // camp A
                                                  {30, 0, 0, 0, 0}};   // camp B
    const std::vector<std::vector<double>> data = {{20, 20, 0, 0, 3},
                                                   {20, 10, 0, 0, 1}};
    // Day 0: N_data 40, N_sim 40: E = (10 + 10) / 40 = 0.5; rescaling by 1 changes nothing.
    // Day 1: N_data 30, N_sim 20: E = (0 + 10) / 30; rescaled sim x1.5 = (30, 0): (10 + 10) / 30.
    // Day 2: nothing anywhere: 0 and 0.
    // Day 3: N_data 0, N_sim 5: E = 5 / max(0, 1) = 5; rescaled sim x0 = (0, 0): 0.
    // Day 4: N_data 4, N_sim 0: E = 4 / 4 = 1; nothing to rescale, rescaled sim (0, 0): 1.
    const ArdResult r = compute_ard(sim, data, {"A", "B"});
    REQUIRE(r.error.size() == 5);
    CHECK(r.error[0] == Approx(0.5));
    CHECK(r.error[1] == Approx(1.0 / 3.0));
    CHECK(r.error[2] == 0.0);
    CHECK(r.error[3] == Approx(5.0));
    CHECK(r.error[4] == Approx(1.0));
    CHECK(r.error_rescaled[0] == Approx(0.5));
    CHECK(r.error_rescaled[1] == Approx(2.0 / 3.0));
    CHECK(r.error_rescaled[2] == 0.0);
    CHECK(r.error_rescaled[3] == 0.0);
    CHECK(r.error_rescaled[4] == Approx(1.0));
    CHECK(r.ard == Approx((0.5 + 1.0 / 3.0 + 0.0 + 5.0 + 1.0) / 5.0));
    CHECK(r.ard_rescaled == Approx((0.5 + 2.0 / 3.0 + 0.0 + 0.0 + 1.0) / 5.0));
    CHECK(r.simulated_total == std::vector<double>{40, 20, 0, 5, 0});
    CHECK(r.observed_total == std::vector<double>{40, 30, 0, 0, 4});

    REQUIRE(r.camps.size() == 2);
    CHECK(r.camps[0].name == "A");
    // A: |diff| = 10, 0, 0, 5, 3; relative to max(data, 1): 0.5, 0, 0, 5, 1.
    CHECK(r.camps[0].mean_absolute_error == Approx(18.0 / 5.0));
    CHECK(r.camps[0].mean_relative_error == Approx(6.5 / 5.0));
    CHECK(r.camps[0].final_simulated == 0.0);
    CHECK(r.camps[0].final_observed == 3.0);
    // B: |diff| = 10, 10, 0, 0, 1; relative: 0.5, 1, 0, 0, 1.
    CHECK(r.camps[1].name == "B");
    CHECK(r.camps[1].mean_absolute_error == Approx(21.0 / 5.0));
    CHECK(r.camps[1].mean_relative_error == Approx(2.5 / 5.0));
    CHECK(r.camps[1].final_simulated == 0.0);
    CHECK(r.camps[1].final_observed == 1.0);
}

TEST_CASE("ard: the right split with the wrong total is perfect once rescaled", "[flee]") {
    const std::vector<std::vector<double>> data = {{30, 60}, {10, 40}};
    const std::vector<std::vector<double>> sim = {{60, 120}, {20, 80}};  // twice the data
    const ArdResult r = compute_ard(sim, data);
    // E = sum |2d - d| / N_data = 1 every day; rescaled: 0.
    CHECK(r.ard == Approx(1.0));
    CHECK(r.ard_rescaled == Approx(0.0).margin(1e-15));
    CHECK(r.camps[0].name == "camp 0");

    // Everyone of camp 0 placed in camp 1, right total: each misplaced person counts twice (missing
    // in one camp, extra in the other); the rescaling factor is 1.
    const ArdResult swapped = compute_ard({{0, 0}, {40, 100}}, data);
    CHECK(swapped.error[0] == Approx((30.0 + 30.0) / 40.0));
    CHECK(swapped.error[1] == Approx((60.0 + 60.0) / 100.0));
    CHECK(swapped.ard == Approx((1.5 + 1.2) / 2.0));
    CHECK(swapped.ard_rescaled == Approx(swapped.ard));
}

TEST_CASE("ard: no camps or no days, and shape errors", "[flee]") {
    const ArdResult none = compute_ard({}, {});
    CHECK(none.error.empty());
    CHECK(none.ard == 0.0);
    CHECK(none.ard_rescaled == 0.0);
    const ArdResult no_days = compute_ard({{}, {}}, {{}, {}});
    CHECK(no_days.error.empty());
    CHECK(no_days.ard == 0.0);
    CHECK(no_days.camps.size() == 2);

    CHECK_THROWS_AS(compute_ard({{1, 2}}, {{1, 2}, {3, 4}}), std::invalid_argument);
    CHECK_THROWS_AS(compute_ard({{1, 2}, {3}}, {{1, 2}, {3, 4}}), std::invalid_argument);
    CHECK_THROWS_AS(compute_ard({{1, 2, 3}}, {{1, 2}}), std::invalid_argument);
    CHECK_THROWS_AS(compute_ard({{1, 2}}, {{1, 2}}, {"a", "b"}), std::invalid_argument);
}

TEST_CASE("ard: mean and standard deviation over seeds", "[flee]") {
    const MeanStd m = mean_std({1.0, 2.0, 3.0, 4.0});
    CHECK(m.n == 4);
    CHECK(m.mean == Approx(2.5));
    CHECK(m.std_dev == Approx(std::sqrt(5.0 / 3.0)));  // sample standard deviation (n - 1)
    const MeanStd one = mean_std({0.3});
    CHECK(one.mean == Approx(0.3));
    CHECK(one.std_dev == 0.0);
    CHECK(mean_std({}).n == 0);

    const std::vector<MeanStd> per_day = mean_std_per_day({{1, 10}, {3, 10}, {5, 10}});
    REQUIRE(per_day.size() == 2);
    CHECK(per_day[0].mean == Approx(3.0));
    CHECK(per_day[0].std_dev == Approx(2.0));
    CHECK(per_day[1].mean == Approx(10.0));
    CHECK(per_day[1].std_dev == 0.0);
    CHECK(mean_std_per_day({}).empty());
    CHECK_THROWS_AS(mean_std_per_day({{1, 2}, {1}}), std::invalid_argument);
}
