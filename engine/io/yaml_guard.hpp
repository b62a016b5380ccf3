// Checks on YAML text before yaml-cpp builds a tree from it, against inputs that would make yaml-cpp or
// the code walking its tree hang, exhaust memory or overflow the stack: text that is too large, lists
// and maps nested too deeply, an alias inside the node it names (a cycle: every recursive walk of the
// tree, the emitter's included, never ends) and aliases that multiply ("billion laughs": ten aliases
// of ten aliases of ... describe an exponentially large tree in a few lines). yaml-cpp 0.7 itself only
// limits nesting to 2000 levels. The scan runs yaml-cpp's event parser, which builds no tree.
// The text must also be UTF-8 without control characters but tab and line breaks, as YAML 1.2 says:
// yaml-cpp reads other bytes as they are, but writes a string that needs quotes with each of them
// replaced by U+FFFD, and it reads a text with NUL bytes near its start as UTF-16 or UTF-32; either way
// the tree written back would not read the same.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/mark.h>

namespace migroute {

struct YamlLimits {
    std::size_t max_bytes = 512u << 20;
    // Levels of lists and maps inside each other; the scenario schema needs 6 (top level, spawn
    // rules, a rule, its table, a row), policies a few more. Far below what the stack allows.
    int max_depth = 64;
    // Nodes that aliases stand for, in all: each use of an alias counts the nodes of what it names
    // (counting the aliases inside that too). A spawn table of 100 rows used by 1000 rules is 300,000.
    std::size_t max_alias_nodes = 1'000'000;
    // Documents to report in YamlScan::document_starts (one more shows that there are more).
    std::size_t max_documents = 2;
};

// The first limit the text goes over, in the words of an InputError: where, the canonical path of the
// node there (as in overrides.hpp: "spawn[2].table"; "" for the top level or the whole text), what was
// expected and what was found.
struct YamlProblem {
    YAML::Mark mark;  // null (line -1) for the size of the text
    std::string path;
    std::string expected;
    std::string found;
};

struct YamlScan {
    // Where the documents start, at most max_documents + 1 of them.
    std::vector<YAML::Mark> document_starts;
    std::optional<YamlProblem> problem;
};

// Scans `text`. Throws YAML::ParserException on a syntax error, including a stray ',' where a
// document should start: yaml-cpp 0.7 reports an empty document there without consuming the ',', and
// YAML::LoadAll loops forever, allocating (jbeder/yaml-cpp#1040, fixed upstream after 0.8.0); the scan
// reports a document that starts where the previous one started as the syntax error it is.
YamlScan scan_yaml(const std::string& text, const YamlLimits& limits = {});

// The offset of the first byte of `text` that is not part of a well-formed UTF-8 character (no overlong
// forms, no surrogates, nothing above U+10FFFF), or nullopt when it is all UTF-8.
std::optional<std::size_t> first_non_utf8(std::string_view text);

// "the byte 0xff", to say what was found there.
std::string describe_byte(char byte);

}  // namespace migroute
