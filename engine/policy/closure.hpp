// `closure`: links, locations, borders between two countries and camps closed during a window, with
// Flee's semantics (docs/FLEE.md): a closed link cannot be chosen; people who reach the end of a link
// closed while they travelled go back to its start; a closed location has every link into and out of
// it closed; a country pair has every link between the two countries closed, both directions; a
// closed camp is treated as a town. docs/POLICIES.md, "closure".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct ClosureSettings {
    std::vector<std::string> links;      // as named; the reverse direction too unless one_way
    bool one_way = false;
    std::vector<std::string> locations;
    std::vector<std::pair<std::string, std::string>> country_pairs;
    std::vector<std::string> camps;
};

class ClosurePolicy : public ModuleBase {
public:
    ClosurePolicy(const ClosureSettings& settings, Window window);
    unsigned hooks() const override { return kDayStart | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void day_start(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;
    const std::vector<std::uint32_t>& closed_links() const { return links_; }

private:
    ClosureSettings settings_;
    std::vector<std::uint32_t> links_;  // every directed link closed
    std::vector<std::uint32_t> camps_;
    std::size_t closed_, turned_back_;
};

}  // namespace migroute::policy
