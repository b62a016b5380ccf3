// Policy modules by name (like LAMMPS "fixes" and Covasim "interventions"; docs/MODEL.md "Adding a module"). Each module
// registers itself in its own file with MIGROUTE_REGISTER_POLICY; the scenario names modules by
// `type`, and an unknown type is an error that lists the registered ones.
#pragma once

#include "core/policy_api.hpp"
#include "model/scenario.hpp"
#include "policy/settings.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace migroute::policy {

// Builds a module from the scenario's policy block `index`, validating every setting and target
// (InputError on any problem).
using Factory = std::function<std::unique_ptr<PolicyModule>(const Scenario& scenario, std::size_t index,
                                                            const Names& names)>;

bool register_policy(const std::string& type, Factory factory);
// Registered types, sorted.
std::vector<std::string> registered_policies();

// Validates every policy block of a scenario (the loader calls it, so `migroute check` reports
// policy errors). Throws InputError.
void validate_policies(const Scenario& scenario);
// The scenario's policy modules, in scenario order, ready for Simulation::add_policy.
std::vector<std::unique_ptr<PolicyModule>> create_policies(const Scenario& scenario);

}  // namespace migroute::policy

// Registers `Factory` under `name` from the module's own file. The anchor function lets the registry
// name the module so that the linker keeps the file when the engine is a static library.
#define MIGROUTE_REGISTER_POLICY(name, factory)                                                          \
    namespace {                                                                                          \
    const bool registered_##name = ::migroute::policy::register_policy(#name, factory);                 \
    }                                                                                                    \
    namespace migroute::policy::anchors {                                                                \
    bool name() { return registered_##name; }                                                            \
    }
