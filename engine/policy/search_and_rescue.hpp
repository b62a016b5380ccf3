// `search_and_rescue`: on the sea links of a region, the per-crossing death risk is multiplied by
// (1 - coverage x effectiveness); an optional departure elasticity changes the daily move chance at
// the departure coasts by (1 + elasticity x coverage) to test the "pull factor" claim (default 0: no
// effect); rescued people are disembarked at the link's end (nearest port) or at an allocated port.
// docs/POLICIES.md, "search_and_rescue".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct SearchAndRescueSettings {
    std::vector<std::string> links;  // sea links covered (named, or all sea links leaving `countries`)
    double coverage = 1.0;           // share of crossings within reach of rescue
    // Share of the deaths a rescue operation prevents where it is present. 0.97 = 1 - 2/69: Central
    // Mediterranean deaths per 1,000 crossing attempts were about 2 in January-April 2014 (Mare Nostrum)
    // and about 69 in January-April 2015 (after it ended) with crossings unchanged (Heller
    // and Pezzani, "Death by Rescue", Forensic Oceanography, 2016). An upper bound: other things changed.
    double effectiveness = 0.97;
    double departure_elasticity = 0.0;  // Cusumano and Villa (2019, 2021): no measurable pull effect
    bool allocated_port = false;        // disembarkation: nearest (false) or allocated (true)
    std::string port;                   // location, when allocated
};

class SearchAndRescuePolicy : public ModuleBase {
public:
    SearchAndRescuePolicy(const SearchAndRescueSettings& settings, Window window);
    unsigned hooks() const override { return kDayStart | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void day_start(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;
    const SearchAndRescueSettings& settings() const { return settings_; }

private:
    SearchAndRescueSettings settings_;
    std::vector<std::uint32_t> links_;
    std::vector<std::uint32_t> coasts_;  // departure locations of the covered links
    std::uint32_t port_ = RouteGraph::kNone;
    std::size_t crossings_, deaths_, disembarked_;
};

}  // namespace migroute::policy
