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

// Reads the typed settings of the scenario's policy block `index`, checking every setting and target
// (InputError on any problem). Called once, when the scenario is loaded.
using Factory = std::function<std::shared_ptr<const PolicySettings>(const Scenario& scenario, std::size_t index,
                                                                    const Names& names)>;

// The typed settings of a module type M built from settings S and a time window: what a module's
// parser returns.
template <typename Module, typename S>
class TypedSettings : public PolicySettings {
public:
    TypedSettings(S settings, Window window) : settings_(std::move(settings)), window_(window) {}
    std::unique_ptr<PolicyModule> build() const override { return std::make_unique<Module>(settings_, window_); }
    const S& settings() const { return settings_; }
    const Window& window() const { return window_; }

private:
    S settings_;
    Window window_;
};

template <typename Module, typename S>
std::shared_ptr<const PolicySettings> typed_settings(S settings, Window window) {
    return std::make_shared<TypedSettings<Module, S>>(std::move(settings), window);
}

bool register_policy(const std::string& type, Factory factory);
// Registered types, sorted.
std::vector<std::string> registered_policies();

// Reads and checks the typed settings of every policy block of a scenario into PolicySpec::settings
// (the loader calls it, so `migroute check` reports policy errors). Throws InputError.
void parse_policies(Scenario& scenario);
// The scenario's policy modules, in scenario order, ready for Simulation::add_policy: each built once
// from its settings (parsed here if the scenario was not loaded by the loader).
std::vector<std::unique_ptr<PolicyModule>> create_policies(const Scenario& scenario);

}  // namespace migroute::policy

// Registers `Factory` under `name` from the module's own file. Programs link the whole engine archive
// (engine/CMakeLists.txt, migroute::engine), so the file is kept although nothing names it.
#define MIGROUTE_REGISTER_POLICY(name, factory)                                          \
    namespace {                                                                          \
    const bool registered_##name = ::migroute::policy::register_policy(#name, factory); \
    }
