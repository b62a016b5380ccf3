#include "policy/registry.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <map>

namespace migroute::policy {

namespace {

std::map<std::string, Factory>& factories() {
    static std::map<std::string, Factory> table;
    return table;
}

}  // namespace

bool register_policy(const std::string& type, Factory factory) {
    return factories().emplace(type, std::move(factory)).second;
}

std::vector<std::string> registered_policies() {
    std::vector<std::string> names;
    for (const auto& [name, factory] : factories()) names.push_back(name);
    return names;
}

namespace {

std::shared_ptr<const PolicySettings> parse_policy(const Scenario& scenario, std::size_t i, const Names& names,
                                                   const std::vector<std::string>& valid) {
    const auto& spec = scenario.policies[i];
    const auto it = factories().find(spec.type);
    if (it == factories().end()) {
        std::string message = spec.source;
        message += ": key 'policies[" + std::to_string(i) + "].type': expected one of ";
        message += join(valid);
        message += ", found unknown policy type '";
        message += one_line(spec.type);
        message += "'";
        const std::string suggestion = did_you_mean(spec.type, valid);
        if (!suggestion.empty()) message += "; " + suggestion;
        throw InputError(message);
    }
    return it->second(scenario, i, names);
}

}  // namespace

void parse_policies(Scenario& scenario) {
    const auto valid = registered_policies();
    const Names names(scenario);
    for (std::size_t i = 0; i < scenario.policies.size(); ++i)
        scenario.policies[i].settings = parse_policy(scenario, i, names, valid);
}

std::vector<std::unique_ptr<PolicyModule>> create_policies(const Scenario& scenario) {
    std::vector<std::unique_ptr<PolicyModule>> modules;
    std::vector<std::string> valid;
    std::unique_ptr<Names> names;
    for (std::size_t i = 0; i < scenario.policies.size(); ++i) {
        std::shared_ptr<const PolicySettings> settings = scenario.policies[i].settings;
        if (!settings) {
            if (!names) {
                valid = registered_policies();
                names = std::make_unique<Names>(scenario);
            }
            settings = parse_policy(scenario, i, *names, valid);
        }
        modules.push_back(settings->build());
    }
    return modules;
}

}  // namespace migroute::policy
