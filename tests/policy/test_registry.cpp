// The policy registry: the registered modules, the errors for unknown types, keys and targets and for bad
// shared settings (windows, probabilities, missing keys), and every scenario of scenarios/ with its policies.
#include "policy_test_util.hpp"

#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace migroute;
using namespace migroute::test;

namespace {

std::string error_of(const std::string& yaml) {
    try {
        load_scenario_text(yaml, "p.yaml");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("every module of issue 4 is registered by name", "[policy]") {
    const auto names = policy::registered_policies();
    for (const char* type : {"aid", "closure", "humanitarian_visa", "interception", "pushback", "search_and_rescue"})
        CHECK(std::find(names.begin(), names.end(), type) != names.end());
}

TEST_CASE("policy errors list the valid options", "[policy]") {
    const std::string base = read_text(kScenarios + "substitution/scenario.yaml");
    const auto cut = base.find("policies:");
    REQUIRE(cut != std::string::npos);
    const std::string head = base.substr(0, cut);
    auto with = [&](const std::string& policy) { return error_of(head + "policies:\n  - " + policy + "\n"); };

    // Unknown module name: the registered names, and a suggestion.
    std::string e = with("{type: pushbak, links: [BorderPost-LandEntry], probability: 0.5}");
    CHECK_THAT(e, Catch::Contains("key 'policies[0].type'"));
    CHECK_THAT(e, Catch::Contains("expected one of aid, closure, humanitarian_visa, interception, pushback, search_and_rescue"));
    CHECK_THAT(e, Catch::Contains("found unknown policy type 'pushbak'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'pushback'?"));
    CHECK_THAT(e, Catch::Contains("p.yaml:"));
    // Unknown key, with a suggestion.
    e = with("{type: pushback, links: [BorderPost-LandEntry], probabilty: 0.5}");
    CHECK_THAT(e, Catch::Contains("policies[0] (pushback): key 'probabilty'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'probability'?"));
    // Unknown target: the valid names.
    e = with("{type: pushback, links: [BorderPost-Landentry], probability: 0.5}");
    CHECK_THAT(e, Catch::Contains("key 'links[0]'"));
    CHECK_THAT(e, Catch::Contains("unknown link 'BorderPost-Landentry'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'BorderPost-LandEntry'?"));
    CHECK_THAT(e, Catch::Contains("valid: Homeland-Hub, Hub-Homeland"));
    e = with("{type: search_and_rescue, links: [Hub-Coast]}");
    CHECK_THAT(e, Catch::Contains("unknown sea link 'Hub-Coast'"));
    CHECK_THAT(e, Catch::Contains("valid: Coast-Island, Island-Capital"));
    e = with("{type: aid, countries: [TRM]}");
    CHECK_THAT(e, Catch::Contains("unknown country 'TRM'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'TRN'?"));
    e = with("{type: aid, locations: [Hub], nationalities: [AFG]}");
    CHECK_THAT(e, Catch::Contains("unknown nationality 'AFG'"));
    CHECK_THAT(e, Catch::Contains("valid: SYR"));
    e = with("{type: humanitarian_visa, issuing_countries: [TRN], quota_per_month: 10, destinations: [Hub]}");
    CHECK_THAT(e, Catch::Contains("unknown destination location 'Hub'"));
    CHECK_THAT(e, Catch::Contains("valid: Capital"));
    // Bad windows.
    e = with("{type: closure, links: [Hub-Coast], from: 2020-02-01, to: 2020-01-15}");
    CHECK_THAT(e, Catch::Contains("key 'to'"));
    CHECK_THAT(e, Catch::Contains("on or after 'from' (2020-02-01, day 31)"));
    CHECK_THAT(e, Catch::Contains("'to' is before 'from'"));
    e = with("{type: closure, links: [Hub-Coast], from: 2019-12-31}");
    CHECK_THAT(e, Catch::Contains("key 'from'"));
    CHECK_THAT(e, Catch::Contains("that date is before the start"));
    e = with("{type: closure, links: [Hub-Coast], from: 10, to: 3}");
    CHECK_THAT(e, Catch::Contains("'to' is before 'from'"));
    e = with("{type: closure, links: [Hub-Coast], from: soon}");
    CHECK_THAT(e, Catch::Contains("expected a date YYYY-MM-DD on or after the start 2020-01-01 or a day index >= 0, found 'soon'"));
    // Values out of range and missing keys.
    e = with("{type: pushback, links: [BorderPost-LandEntry], probability: 1.5}");
    CHECK_THAT(e, Catch::Contains("key 'probability': expected a probability in [0, 1], found '1.5'"));
    e = with("{type: interception, links: [Coast-Island]}");
    CHECK_THAT(e, Catch::Contains("key 'probability'"));
    CHECK_THAT(e, Catch::Contains("the key is missing"));
    e = with("{type: interception, links: [Coast-Island], probability: 0.2, return_to: Island}");
    CHECK_THAT(e, Catch::Contains("key 'return_to': expected a location in the departure country"));
    e = with("{type: closure}");
    CHECK_THAT(e, Catch::Contains("something to close"));
    e = with("{type: search_and_rescue, links: [Coast-Island], disembarkation: allocate}");
    CHECK_THAT(e, Catch::Contains("expected one of nearest, allocated"));
    CHECK_THAT(e, Catch::Contains("did you mean 'allocated'?"));
    // The routes block is strict too.
    e = error_of(head + "policies: []\n" + "spawn:\n");  // sanity: a repeated key is the loader's business
    CHECK(e != "no error");
    std::string routes_bad = head;
    routes_bad.replace(routes_bad.find("logit_scale_km"), 14, "logit_scale");
    CHECK_THAT(error_of(routes_bad), Catch::Contains("did you mean 'logit_scale_km'?"));
    std::string dest_bad = head;
    dest_bad.replace(dest_bad.find("{Capital: 1}"), 12, "{Capitol: 1}");
    CHECK_THAT(error_of(dest_bad), Catch::Contains("did you mean 'Capital'?"));
}

TEST_CASE("the scenarios in scenarios/ load and keep people conserved", "[policy]") {
    for (const char* name : {"substitution", "search_and_rescue", "aid", "humanitarian_visa", "closure"}) {
        INFO(name);
        const Run run(load(name));
        run.check_conservation();
    }
}
