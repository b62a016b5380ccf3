// `pushback`: people who reach the end of a chosen border link are sent back to its start with a
// probability per attempt; they may try again after a wait; pushbacks injure (extra days before moving)
// and kill with probabilities of their own. docs/POLICIES.md, "pushback".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct PushbackSettings {
    std::vector<std::string> links;     // directed link names
    double probability = 0.0;           // per crossing attempt
    int retry_after_days = 7;
    double injury_probability = 0.0;    // per pushback
    int injury_days = 0;                // extra days before moving again
    double death_probability = 0.0;     // per pushback
};

class PushbackPolicy : public ModuleBase {
public:
    PushbackPolicy(const PushbackSettings& settings, Window window);
    unsigned hooks() const override { return kDayStart | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void day_start(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;
    const PushbackSettings& settings() const { return settings_; }

private:
    PushbackSettings settings_;
    std::vector<std::uint32_t> links_;
    std::size_t pushbacks_, first_, injuries_, deaths_;
};

}  // namespace migroute::policy
