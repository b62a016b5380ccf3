// Shared plumbing of the policy modules: the time window, link lookups by name, and the daily counters
// a module keeps (one CounterSeries per counter, filled at the day-end hook).
#pragma once

#include "core/policy_api.hpp"
#include "policy/settings.hpp"

#include <string>
#include <vector>

namespace migroute::policy {

class ModuleBase : public PolicyModule {
public:
    ModuleBase(std::string type, Window window) : type_(std::move(type)), window_(window) {}
    std::string type() const override { return type_; }
    std::vector<CounterSeries> counters() const override { return counters_; }
    const Window& window() const { return window_; }
    bool active(const PolicyDay& day) const { return window_.contains(day.day); }
    // The daily counters; modules with more state extend this and call it first.
    void checkpoint(StateArchive& ar) override {
        std::uint64_t n = counters_.size();
        ar.value(n);
        if (ar.loading() && n != counters_.size())
            ar.fail(type_ + " has " + std::to_string(n) + " counters, expected " + std::to_string(counters_.size()));
        for (auto& c : counters_) {
            ar.value(c.width);
            ar.vector(c.data);
        }
    }

protected:
    // Declares a counter: policy_<type>_<name>, over `dimension` ("link", "location", "country",
    // "nationality" or "" for one value a day).
    std::size_t add_counter(const std::string& name, const std::string& dimension, const std::string& long_name) {
        CounterSeries series;
        series.name = "policy_" + type_;
        series.name += "_";
        series.name += name;
        series.dimension = dimension;
        series.long_name = long_name;
        counters_.push_back(std::move(series));
        return counters_.size() - 1;
    }
    void add_row(std::size_t counter, const std::vector<std::int64_t>& agents_row, std::int64_t persons_per_agent) {
        counters_[counter].add_row(agents_row, persons_per_agent);
    }
    // Graph ids of directed link names (validated already).
    static std::vector<std::uint32_t> link_ids(const RouteGraph& graph, const std::vector<std::string>& names) {
        std::vector<std::uint32_t> ids;
        for (const auto& n : names) ids.push_back(graph.link_index(n));
        return ids;
    }

    std::string type_;
    Window window_;
    std::vector<CounterSeries> counters_;
};

// The values of `per_link` on `links` only, zero elsewhere.
inline std::vector<std::int64_t> on_links(const std::vector<std::int64_t>& per_link, const std::vector<std::uint32_t>& links) {
    std::vector<std::int64_t> row(per_link.size(), 0);
    for (const auto k : links) row[k] = per_link[k];
    return row;
}

}  // namespace migroute::policy
