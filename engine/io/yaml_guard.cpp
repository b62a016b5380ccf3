// Checks on YAML text before it is loaded (yaml_guard.hpp).
#include "io/yaml_guard.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "io/overrides.hpp"  // child_key_path, child_index_path

namespace migroute {

namespace {

// Thrown by the handler to stop the parser at the first problem (recorded in the handler).
struct StopScan {};

// Follows the events of yaml-cpp's parser: the open lists and maps with their paths, the size of each
// anchored node with the aliases inside it expanded, the nodes aliases stand for so far.
class Scanner : public YAML::EventHandler {
public:
    explicit Scanner(const YamlLimits& limits) : limits_(limits) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        start = mark;
        open_.clear();
        anchors_.clear();  // anchors are local to a document
        pending_anchor_name_.clear();
    }
    void OnDocumentEnd() override {}

    void OnAnchor(const YAML::Mark&, const std::string& anchor_name) override { pending_anchor_name_ = anchor_name; }

    void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor, {}); }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
        leaf(anchor, value);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const std::string path = next_path();
        count_child("?");
        const std::string name = "'*" + anchor_name(anchor) + "'";
        for (const Open& node : open_) {
            if (anchor != YAML::NullAnchor && node.anchor == anchor) {
                stop(mark, path, "an alias of a node defined before it",
                     name + " inside the node it names (a cycle, which no reader of the file could finish)");
            }
        }
        const auto it = anchors_.find(anchor);
        const std::size_t size = it == anchors_.end() ? 1 : it->second.size;
        alias_nodes_ += size;
        nodes_ += size;
        if (alias_nodes_ > limits_.max_alias_nodes) {
            stop(mark, path,
                 "aliases that stand for at most " + std::to_string(limits_.max_alias_nodes) + " nodes in all",
                 "more at " + name + " (" + std::to_string(size) +
                     " nodes): aliases of aliases multiply the size of the tree");
        }
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(mark, anchor, true);
    }
    void OnMapEnd() override { close(); }

    YAML::Mark start;                    // of the last document started
    std::optional<YamlProblem> problem;  // set before StopScan is thrown

private:
    struct Open {
        bool is_map = false;
        std::size_t children = 0;  // nodes inside so far; in a map keys and values alternate
        std::string path;
        std::string key;  // the key of the value that comes next (maps)
        YAML::anchor_t anchor = YAML::NullAnchor;
        std::size_t nodes_before = 0;  // nodes_ before this node
    };
    struct Anchor {
        std::string name;
        std::size_t size = 1;  // nodes, with the aliases inside expanded
    };

    [[noreturn]] void stop(const YAML::Mark& mark, const std::string& path, std::string expected, std::string found) {
        problem = YamlProblem{mark, path, std::move(expected), std::move(found)};
        throw StopScan{};
    }

    std::string anchor_name(YAML::anchor_t anchor) const {
        const auto it = anchors_.find(anchor);
        return it == anchors_.end() ? std::string("?") : it->second.name;
    }

    // The path of the node whose event comes next.
    std::string next_path() const {
        if (open_.empty()) return {};
        const Open& parent = open_.back();
        if (!parent.is_map) return child_index_path(parent.path, parent.children);
        return child_key_path(parent.path, parent.children % 2 == 0 ? std::string("?") : parent.key);
    }

    // Counts a node in its parent; `key_text` names the next value when the node is a map key.
    void count_child(const std::string& key_text) {
        if (open_.empty()) return;
        Open& parent = open_.back();
        if (parent.is_map && parent.children % 2 == 0) parent.key = key_text.empty() ? std::string("?") : key_text;
        ++parent.children;
    }

    void remember_anchor(YAML::anchor_t anchor, std::size_t size) {
        if (anchor == YAML::NullAnchor) return;
        anchors_[anchor] = Anchor{std::exchange(pending_anchor_name_, {}), size};
    }

    void leaf(YAML::anchor_t anchor, const std::string& value) {
        count_child(value);
        ++nodes_;
        remember_anchor(anchor, 1);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
        Open node;
        node.is_map = is_map;
        node.path = next_path();
        node.anchor = anchor;
        node.nodes_before = nodes_;
        count_child("?");
        ++nodes_;
        if (open_.size() + 1 > static_cast<std::size_t>(limits_.max_depth)) {
            stop(mark, node.path,
                 "at most " + std::to_string(limits_.max_depth) + " levels of lists and maps inside each other",
                 std::string(is_map ? "a map" : "a list") + " at level " + std::to_string(open_.size() + 1));
        }
        if (anchor != YAML::NullAnchor) {
            // Named now, sized when it ends: an alias to it before then is a cycle.
            anchors_[anchor] = Anchor{std::exchange(pending_anchor_name_, {}), 1};
        }
        open_.push_back(std::move(node));
    }

    void close() {
        if (open_.empty()) return;
        const Open node = std::move(open_.back());
        open_.pop_back();
        if (node.anchor != YAML::NullAnchor) anchors_[node.anchor].size = nodes_ - node.nodes_before;
    }

    YamlLimits limits_;
    std::vector<Open> open_;
    std::unordered_map<YAML::anchor_t, Anchor> anchors_;
    std::string pending_anchor_name_;
    std::size_t nodes_ = 0;        // in the tree, aliases expanded (bounded: alias_nodes_ is checked)
    std::size_t alias_nodes_ = 0;  // of those, the ones that aliases stand for
};

}  // namespace

std::optional<std::size_t> first_non_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
        const unsigned char lead = byte(i);
        std::size_t length = 0;
        unsigned char low = 0x80;  // the range of the second byte (narrower after some leads)
        unsigned char high = 0xbf;
        if (lead < 0x80) {
            length = 1;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) low = 0xa0;   // overlong
            if (lead == 0xed) high = 0x9f;  // surrogates
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) low = 0x90;   // overlong
            if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned char next = byte(i + k);
            const unsigned char k_low = k == 1 ? low : 0x80;
            const unsigned char k_high = k == 1 ? high : 0xbf;
            if (next < k_low || next > k_high) return i;
        }
        i += length;
    }
    return std::nullopt;
}

namespace {

// YAML allows no control characters in a file but tab and line breaks (YAML 1.2, "c-printable"). yaml-cpp
// reads a text that starts with a character and three NULs as UTF-32, and so on: such a value would
// not be written back as it was read.
std::optional<std::size_t> first_control(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return i;
    }
    return std::nullopt;
}

// The line and column of byte `at` (counted from 0, as yaml-cpp does).
YAML::Mark mark_at(std::string_view text, std::size_t at) {
    YAML::Mark mark;
    mark.pos = static_cast<int>(at);
    const std::size_t line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    mark.line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    mark.column = static_cast<int>(line_start == std::string_view::npos ? at : at - line_start - 1);
    return mark;
}

}  // namespace

std::string describe_byte(char byte) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto value = static_cast<unsigned char>(byte);
    return std::string("the byte 0x") + kHex[value >> 4] + kHex[value & 0xf];
}

YamlScan scan_yaml(const std::string& text, const YamlLimits& limits) {
    YamlScan scan;
    if (text.size() > limits.max_bytes) {
        scan.problem = YamlProblem{YAML::Mark::null_mark(), "", "at most " + std::to_string(limits.max_bytes) + " bytes",
                                   std::to_string(text.size()) + " bytes"};
        return scan;
    }
    if (const auto at = first_non_utf8(text)) {
        const YAML::Mark mark = mark_at(text, *at);
        scan.problem = YamlProblem{mark, "", "UTF-8 text", describe_byte(text[*at]) + ", which is not UTF-8"};
        return scan;
    }
    if (const auto at = first_control(text)) {
        scan.problem = YamlProblem{mark_at(text, *at), "", "text without control characters but tab and line breaks",
                                   describe_byte(text[*at])};
        return scan;
    }
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    Scanner scanner(limits);
    try {
        // One more document than asked for, to tell a stuck parser from a real document.
        while (scan.document_starts.size() <= limits.max_documents && parser.HandleNextDocument(scanner)) {
            if (!scan.document_starts.empty() && scanner.start.pos == scan.document_starts.back().pos) {
                const auto at = static_cast<std::size_t>(std::max(scanner.start.pos, 0));
                const std::string token = at < text.size() ? text.substr(at, 1) : std::string("end of file");
                throw YAML::ParserException(scanner.start, "unexpected '" + token + "' where a value should start");
            }
            scan.document_starts.push_back(scanner.start);
        }
    } catch (const StopScan&) {
        scan.problem = std::move(scanner.problem);
    }
    return scan;
}

}  // namespace migroute
