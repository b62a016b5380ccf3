// `interception`: a transit country's coast guard stops people at sea with a probability per crossing
// and returns them to the departure country (the link's start, or a named location of that country),
// where they are detained for some days before they can move again. docs/POLICIES.md, "interception".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct InterceptionSettings {
    std::vector<std::string> links;  // sea links
    double probability = 0.0;        // per crossing
    std::string return_to;           // location in the departure country; empty = the link's start
    int detention_days = 0;
};

class InterceptionPolicy : public ModuleBase {
public:
    InterceptionPolicy(const InterceptionSettings& settings, Window window);
    unsigned hooks() const override { return kDayStart | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void day_start(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;

private:
    InterceptionSettings settings_;
    std::vector<std::uint32_t> links_;
    std::uint32_t return_to_ = RouteGraph::kNone;
    std::size_t interceptions_;
};

}  // namespace migroute::policy
