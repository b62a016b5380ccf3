// Strict reading of one policy block (PolicySpec::block, as the loader read it), shared by the policy
// modules. Every error is an InputError that reads
//   SOURCE: policies[I] (TYPE): key 'KEY': expected WHAT, found 'WHAT WAS THERE'[; did you mean 'X'?]
// where SOURCE is the file:line:column of the value at fault (of the block when the key is missing).
#pragma once

#include "model/scenario.hpp"
#include "util/text.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace migroute::policy {

// The names a policy may target in a scenario, with the indices the engine uses for them: locations
// and countries in scenario order, nationalities in order of first appearance (placements, then spawn
// rules: the order of Simulation::nationalities()), links by their directed names "from-to".
struct Names {
    std::vector<std::string> locations, countries, nationalities, links;
    std::vector<std::string> sea_links;
    Date start;
    int days = 0;
    explicit Names(const Scenario& scenario);
};

// A time window: days [from_day, to_day], both inclusive, counted from the scenario start.
struct Window {
    int from_day = 0;
    int to_day = std::numeric_limits<int>::max();
    bool contains(int day) const { return day >= from_day && day <= to_day; }
};

class Settings {
public:
    // Parses the block and checks that every key is in `allowed` ("type", "from" and "to" are always
    // allowed).
    Settings(const Scenario& scenario, std::size_t index, const Names& names, std::vector<std::string> allowed);
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    bool has(const std::string& key) const;
    [[noreturn]] void fail(const std::string& key, const std::string& expected, const std::string& found,
                           const std::string& note = {}) const;

    double number(const std::string& key, double low, double high, const std::string& expected) const;
    double number_or(const std::string& key, double fallback, double low, double high, const std::string& expected) const;
    int integer_or(const std::string& key, int fallback, int low, int high, const std::string& expected) const;
    bool boolean_or(const std::string& key, bool fallback) const;
    std::string text(const std::string& key, const std::string& expected) const;
    std::string text_or(const std::string& key, const std::string& fallback, const std::string& expected) const;
    // One of `choices`.
    std::string choice_or(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices) const;

    // A list of names of one kind; each must be in `valid` (the message lists them, or suggests the
    // closest). Returns indices into `valid`. An absent key gives an empty list.
    std::vector<std::uint32_t> name_list(const std::string& key, const std::vector<std::string>& valid,
                                         const std::string& kind) const;
    std::uint32_t name(const std::string& key, const std::vector<std::string>& valid, const std::string& kind) const;
    // A list of [A, B] pairs of names.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> name_pairs(const std::string& key,
                                                                     const std::vector<std::string>& valid,
                                                                     const std::string& kind) const;
    // `from` and `to`: dates YYYY-MM-DD on or after the start, or day indices >= 0; `to` not before `from`.
    Window window() const;

    const Names& names() const { return names_; }
    const std::string& type() const { return type_; }

private:
    std::string context(const std::string& key) const;
    const PolicyNode* get(const std::string& key) const;
    int day_of(const std::string& key) const;

    const Names& names_;
    std::string source_;
    std::string file_;
    std::size_t index_;
    std::string type_;
    const PolicyNode& root_;
};

}  // namespace migroute::policy
