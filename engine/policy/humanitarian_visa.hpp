// `humanitarian_visa`: embassies in the issuing countries grant a quota of visas per calendar month
// (persons, per issuing country) after a prima facie check (nationality, status) and the holders
// travel safely, by air, to a destination, where they count as arrivals. Selection is deterministic:
// eligible people are ranked by a key drawn from Philox (Stream::quota, agent id, day), never by
// thread or by order of arrival. docs/POLICIES.md, "humanitarian_visa".
#pragma once

#include "policy/module_base.hpp"

namespace migroute::policy {

struct HumanitarianVisaSettings {
    std::vector<std::string> issuing_countries;
    double quota_per_month = 0.0;            // persons per calendar month and issuing country
    std::vector<std::string> nationalities;  // empty: every nationality
    std::vector<Status> statuses = {Status::displaced, Status::in_camp};
    std::vector<std::string> destinations;   // destination locations
    int travel_after_days = 0;               // between issue and travel
};

class HumanitarianVisaPolicy : public ModuleBase {
public:
    HumanitarianVisaPolicy(const HumanitarianVisaSettings& settings, Window window);
    unsigned hooks() const override { return kLegalPathways | kDayEnd; }
    void prepare(PolicyDay& day) override;
    void legal_pathways(PolicyDay& day) override;
    void day_end(PolicyDay& day) override;
    void checkpoint(StateArchive& ar) override;

private:
    struct Pending {
        std::uint32_t agent;
        std::uint32_t destination;
        std::uint32_t issuing;  // index into issuing_
        int travel_day;
    };
    void issue(PolicyDay& day);
    void travel(PolicyDay& day, const Pending& visa);

    HumanitarianVisaSettings settings_;
    std::vector<std::uint32_t> issuing_;            // country ids
    std::vector<std::int32_t> slot_of_location_;    // index into issuing_, or -1
    std::vector<std::uint8_t> eligible_nationality_;
    std::vector<std::uint8_t> eligible_status_;
    std::vector<std::uint32_t> destinations_;
    std::vector<double> carry_;                     // per issuing country: fraction of an agent
    std::vector<Pending> pending_;
    std::vector<bool> holds_visa_;
    std::vector<std::int64_t> issued_today_, used_today_, issued_by_nationality_today_;
    std::size_t issued_, used_, issued_nat_;
};

}  // namespace migroute::policy
