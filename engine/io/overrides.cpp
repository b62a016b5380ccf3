// `--set PATH=VALUE` overrides (overrides.hpp).
#include "io/overrides.hpp"

#include <algorithm>
#include <limits>

#include "util/error.hpp"
#include "util/text.hpp"
#include "io/yaml_guard.hpp"

namespace migroute {

namespace {

constexpr std::size_t kMaxOverrideValueBytes = 1u << 20;  // a table of thousands of rows still fits
constexpr std::size_t kMaxOverrideSteps = 64;              // the scenario schema needs 6

[[noreturn]] void fail(const std::string& argument, const std::string& problem) {
    // Keys and names from the argument appear in `problem` too.
    throw InputError("--set '" + one_line(argument) + "': " + one_line(problem));
}

[[noreturn]] void malformed(const std::string& argument, const std::string& problem) {
    fail(argument, "expected PATH=VALUE (for example movement.move_chance.town=0.4), found " + problem);
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const char* type_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "a single value";
        case YAML::NodeType::Null: return "empty";
        case YAML::NodeType::Undefined: break;
    }
    return "undefined";
}

// The scalar text of `map[key]` when it is a scalar, else empty.
std::string scalar_field(const YAML::Node& map, const char* key) {
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) {
            return it->second.IsScalar() ? it->second.Scalar() : std::string();
        }
    }
    return {};
}

// The names by which `[NAME]` can select a list element: its name, its code, its from-to.
std::vector<std::string> element_names(const YAML::Node& element) {
    std::vector<std::string> names;
    if (!element.IsMap()) return names;
    if (auto code = scalar_field(element, "code"); !code.empty()) names.push_back(code);
    if (auto name = scalar_field(element, "name");
        !name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
    }
    const auto from = scalar_field(element, "from");
    const auto to = scalar_field(element, "to");
    if (!from.empty() && !to.empty()) names.push_back(from + "-" + to);
    return names;
}

std::string list_names(const YAML::Node& list) {
    std::string out;
    std::size_t listed = 0;
    const std::size_t limit = 50;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto names = element_names(list[i]);
        if (listed == limit) {
            out += ", ... (";
            out += std::to_string(list.size() - i);
            out += " more)";
            break;
        }
        if (!out.empty()) out += ", ";
        if (names.empty()) {
            // Appended piece by piece: `"[" + std::to_string(i)` trips GCC 12's -Wrestrict false positive.
            out += '[';
            out += std::to_string(i);
            out += ']';
        } else {
            out += names.front();
        }
        ++listed;
    }
    return out.empty() ? "none (the list is empty)" : out;
}

std::string describe_step_path(const std::string& path) { return path.empty() ? "the top level" : "'" + path + "'"; }

// Removes records for nodes that a new override at `path` replaces (the path itself and below it).
void forget_replaced(std::vector<OverrideOrigin>& origins, const std::string& path) {
    std::erase_if(origins, [&](const OverrideOrigin& origin) {
        if (origin.path.size() < path.size() || origin.path.compare(0, path.size(), path) != 0) return false;
        return origin.path.size() == path.size() || origin.path[path.size()] == '.' ||
               origin.path[path.size()] == '[';
    });
}

}  // namespace

std::string child_key_path(std::string_view parent, std::string_view key) {
    std::string out(parent);
    if (!out.empty()) out += '.';
    out += key;
    return out;
}

std::string child_index_path(std::string_view parent, std::size_t index) {
    return std::string(parent) + "[" + std::to_string(index) + "]";
}

Override parse_override(const std::string& argument) {
    Override result;
    result.argument = argument;
    // Keys and names join the scenario's tree, which is written back as YAML: UTF-8 only, as in the file.
    if (const auto at = first_non_utf8(argument)) {
        fail(argument, "expected UTF-8 text, found " + describe_byte(argument[*at]) + " at byte " + std::to_string(*at + 1));
    }

    // The first '=' outside brackets separates PATH from VALUE (names in brackets may contain '=').
    std::size_t equals = std::string::npos;
    int depth = 0;
    for (std::size_t i = 0; i < argument.size() && equals == std::string::npos; ++i) {
        const char c = argument[i];
        if (c == '[') {
            if (depth > 0) malformed(argument, "unbalanced brackets: '[' inside '[...]'");
            ++depth;
        } else if (c == ']') {
            if (depth == 0) malformed(argument, "unbalanced brackets: ']' without '['");
            --depth;
        } else if (c == '=' && depth == 0) {
            equals = i;
        }
    }
    if (equals == std::string::npos) {
        if (depth > 0) malformed(argument, "unbalanced brackets: '[' without ']'");
        malformed(argument, "no '='");
    }
    const std::string_view path = trim(std::string_view(argument).substr(0, equals));
    result.path_text = std::string(path);
    result.value = std::string(trim(std::string_view(argument).substr(equals + 1)));
    if (path.empty()) malformed(argument, "an empty path before '='");

    std::size_t i = 0;
    bool expect_key = true;  // at the start and after '.'
    while (i < path.size()) {
        if (path[i] == '[') {
            if (result.path.empty()) malformed(argument, "'[' before the first key (a path starts with a key)");
            if (expect_key) malformed(argument, "an empty key before '['");
            const std::size_t close = path.find(']', i + 1);
            if (close == std::string_view::npos) malformed(argument, "unbalanced brackets: '[' without ']'");
            const std::string_view selector = trim(path.substr(i + 1, close - i - 1));
            if (selector.empty()) malformed(argument, "an empty selector '[]'");
            OverrideStep step;
            if (all_digits(selector)) {
                step.kind = OverrideStep::Kind::index;
                if (selector.size() > 9) malformed(argument, "an index that is too large: '" + std::string(selector) + "'");
                step.index = std::stoul(std::string(selector));
            } else {
                step.kind = OverrideStep::Kind::name;
                step.text = std::string(selector);
            }
            result.path.push_back(step);
            i = close + 1;
            if (i < path.size() && path[i] != '.' && path[i] != '[') {
                malformed(argument, "'" + std::string(1, path[i]) + "' after ']' (expected '.', '[' or '=')");
            }
        } else if (path[i] == '.') {
            if (expect_key) malformed(argument, "an empty key in the path '" + std::string(path) + "'");
            expect_key = true;
            ++i;
            if (i == path.size()) malformed(argument, "an empty key at the end of the path '" + std::string(path) + "'");
            continue;
        } else if (path[i] == ']') {
            malformed(argument, "unbalanced brackets: ']' without '['");
        } else {
            if (!expect_key) malformed(argument, "a key that does not follow '.'");
            const std::size_t end = path.find_first_of(".[]", i);
            const std::string_view key = path.substr(i, end == std::string_view::npos ? path.size() - i : end - i);
            OverrideStep step;
            step.kind = OverrideStep::Kind::key;
            step.text = std::string(trim(key));
            if (step.text.empty()) malformed(argument, "an empty key in the path '" + std::string(path) + "'");
            result.path.push_back(step);
            i += key.size();
        }
        expect_key = false;
        // Each key on the way that does not exist becomes a map: a long path would build a tree as deep
        // as the file may not (io/yaml_guard.hpp), and its bookkeeping would grow with the square of it.
        if (result.path.size() > kMaxOverrideSteps) {
            malformed(argument, "a path of more than " + std::to_string(kMaxOverrideSteps) + " steps");
        }
    }
    return result;
}

void apply_override(YAML::Node& root, const Override& override, std::vector<OverrideOrigin>& origins) {
    const std::string& argument = override.argument;
    if (override.path.empty()) malformed(argument, "an empty path before '='");
    if (!root.IsMap()) fail(argument, "the scenario's top level is not a map");

    YAML::Node value;
    try {
        // The value joins the scenario's tree: the same checks as the file, before yaml-cpp builds it.
        YamlLimits limits;
        limits.max_bytes = kMaxOverrideValueBytes;
        if (const auto problem = scan_yaml(override.value, limits).problem) {
            fail(argument, "the value" + (problem->path.empty() ? std::string() : " at '" + problem->path + "'") +
                               ": expected " + problem->expected + ", found " + problem->found);
        }
        value = YAML::Load(override.value);
    } catch (const YAML::Exception& error) {
        fail(argument, "the value '" + one_line(override.value) + "' is not valid YAML: " + one_line(error.msg));
    }
    if (!value.IsDefined() || value.IsNull()) value.reset(YAML::Node(YAML::NodeType::Null));

    YAML::Node current;
    current.reset(root);
    std::string path;  // canonical path of `current`
    const std::size_t steps = override.path.size();
    for (std::size_t s = 0; s < steps; ++s) {
        const OverrideStep& step = override.path[s];
        const bool last = s + 1 == steps;
        if (step.kind == OverrideStep::Kind::key) {
            if (!current.IsMap() && !current.IsNull()) {
                fail(argument, describe_step_path(path) + " is " + type_name(current) + ", not a map: it has no key '" +
                                   step.text + "'" +
                                   (current.IsSequence() ? " (select an element with [N] or [NAME])" : ""));
            }
            const std::string child_path = child_key_path(path, step.text);
            YAML::Node existing;
            bool found = false;
            if (current.IsMap()) {
                for (auto it = current.begin(); it != current.end(); ++it) {
                    if (it->first.IsScalar() && it->first.Scalar() == step.text) {
                        existing.reset(it->second);
                        found = true;
                        break;
                    }
                }
            }
            if (last) {
                if (found) {
                    existing = value;  // yaml-cpp assignment writes through: the map now holds the new value
                } else {
                    current[step.text] = value;
                }
                forget_replaced(origins, child_path);
                origins.push_back({child_path, argument});
                return;
            }
            if (found && !existing.IsNull()) {
                current.reset(existing);
            } else {
                // A missing (or empty) key on the way: create a map there.
                YAML::Node created(YAML::NodeType::Map);
                if (found) {
                    existing = created;
                } else {
                    current[step.text] = created;
                }
                origins.push_back({child_path, argument});
                current.reset(created);
            }
            path = child_path;
            continue;
        }

        // [N] or [NAME]
        if (!current.IsSequence()) {
            fail(argument, describe_step_path(path) + " is " + type_name(current) + ", not a list: it has no element [" +
                               (step.kind == OverrideStep::Kind::index ? std::to_string(step.index) : step.text) + "]");
        }
        std::size_t index = 0;
        if (step.kind == OverrideStep::Kind::index) {
            if (step.index >= current.size()) {
                fail(argument, describe_step_path(path) + " has no element [" + std::to_string(step.index) + "]: it has " +
                                   std::to_string(current.size()) + " element(s), [0] to [" +
                                   std::to_string(current.size() == 0 ? 0 : current.size() - 1) +
                                   "]; valid names: " + list_names(current));
            }
            index = step.index;
        } else {
            std::vector<std::size_t> matches;
            for (std::size_t i = 0; i < current.size(); ++i) {
                const auto names = element_names(current[i]);
                if (std::find(names.begin(), names.end(), step.text) != names.end()) matches.push_back(i);
            }
            if (matches.empty()) {
                fail(argument, "no element named '" + step.text + "' in " + describe_step_path(path) +
                                   "; valid names: " + list_names(current));
            }
            if (matches.size() > 1) {
                fail(argument, "the name '" + step.text + "' matches elements [" + std::to_string(matches[0]) +
                                   "] and [" + std::to_string(matches[1]) + "] of " + describe_step_path(path) +
                                   "; select one by its index");
            }
            index = matches.front();
        }
        const std::string child_path = child_index_path(path, index);
        if (last) {
            YAML::Node element = current[index];
            element = value;
            forget_replaced(origins, child_path);
            origins.push_back({child_path, argument});
            return;
        }
        YAML::Node element = current[index];
        current.reset(element);
        path = child_path;
    }
}

std::vector<OverrideOrigin> apply_overrides(YAML::Node& root, const std::vector<std::string>& arguments) {
    std::vector<OverrideOrigin> origins;
    for (const auto& argument : arguments) apply_override(root, parse_override(argument), origins);
    return origins;
}

const OverrideOrigin* find_override_origin(const std::vector<OverrideOrigin>& origins, std::string_view path) {
    const OverrideOrigin* best = nullptr;
    for (const auto& origin : origins) {
        const std::string& p = origin.path;
        if (p.size() > path.size() || path.compare(0, p.size(), p) != 0) continue;
        if (p.size() < path.size() && path[p.size()] != '.' && path[p.size()] != '[') continue;
        if (best == nullptr || p.size() >= best->path.size()) best = &origin;
    }
    return best;
}

}  // namespace migroute
