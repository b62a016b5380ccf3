// Error types. An InputError is the user's to fix (bad scenario, bad flag): exit code 2.
// Anything else that escapes a run is a runtime failure: exit code 1.
#pragma once

#include <stdexcept>
#include <string>

namespace migroute {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace migroute
