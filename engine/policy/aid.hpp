// `aid`: assistance and protection in first-asylum locations or countries, for everyone there or for
// some nationalities only. Response function of an aid level L >= 0 (L = 1: the full package):
//     onward move chance x (1 - onward_reduction)^L
//     attractiveness     x (1 + attractiveness_gain x L)   (only when aid is not limited to nationalities:
//                                                           choice weights are shared by all nationalities)
// The level is given directly, or as a budget per person and month over the budget of a full package.
// docs/POLICIES.md, "aid".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct AidSettings {
    std::vector<std::string> locations;      // aided locations (with every location of `countries`)
    std::vector<std::string> countries;
    std::vector<std::string> nationalities;  // empty: everyone
    double level = 1.0;
    // Assumptions, not estimates: no study gives the size of the response (Almasri 2023 gives its
    // direction: aid to Syrians in Turkey but not to Afghans was followed by relatively more onward
    // movement of Afghans). Level 1 halves the daily chance of moving on, doubles attractiveness.
    double onward_reduction = 0.5;
    double attractiveness_gain = 1.0;
};

class AidPolicy : public ModuleBase {
public:
    AidPolicy(const AidSettings& settings, Window window);
    unsigned hooks() const override { return kDayStart | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void day_start(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;
    // The multiplier of the move chance at aid level L.
    double move_chance_factor() const;

private:
    AidSettings settings_;
    std::vector<std::uint32_t> locations_;
    std::vector<std::uint16_t> nationalities_;
    std::size_t present_;
};

}  // namespace migroute::policy
