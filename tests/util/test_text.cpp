// The text helpers of the loaders' messages (util/text.hpp): "did you mean" suggestions, lists of
// names, quoting on one line, CSV fields.
#include "util/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace migroute;

TEST_CASE("text: edit distance counts a swap of two adjacent characters as one edit", "[text]") {
    CHECK(edit_distance("population", "population") == 0);
    CHECK(edit_distance("popluation", "population") == 1);
    CHECK(edit_distance("Lenght", "Length") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("text: did you mean names the closest candidate of a likely typo", "[text]") {
    const std::vector<std::string> keys = {"seed", "days", "start", "locations"};
    CHECK(did_you_mean("seeed", keys) == "did you mean 'seed'?");
    CHECK(did_you_mean("LOCATOINS", keys) == "did you mean 'locations'?");  // case ignored, swap is one edit
    CHECK(did_you_mean("weather", keys).empty());                           // too far from all
    CHECK(did_you_mean("", keys).empty());
    CHECK(did_you_mean(std::string(101, 'a'), {std::string(101, 'a')}).empty());  // too long to compare
    // At most 3 edits, however long the word.
    CHECK(did_you_mean("abcdefghijklmnox", {"abcdefghijklmnop"}) == "did you mean 'abcdefghijklmnop'?");
    CHECK(did_you_mean("abcdefghijklxxxx", {"abcdefghijklmnop"}).empty());
    // The first of equally close candidates; a candidate equal to the word is the closest of all.
    CHECK(closest("cat", {"cab", "car"}) == std::optional<std::string>("cab"));
    CHECK(closest("hasten", {"hastens", "hasten"}) == std::optional<std::string>("hasten"));
    CHECK_FALSE(closest("x", {}).has_value());
}

TEST_CASE("text: join, quote, CSV fields", "[text]") {
    CHECK(join({}).empty());
    CHECK(join({"a"}) == "a");
    CHECK(join({"a", "b", "c"}) == "a, b, c");
    CHECK(join({"a", "b"}, " or ") == "a or b");
    CHECK(quote("two\nlines") == "'two\\nlines'");
    CHECK(quote(std::string(100, 'x')) == "'" + std::string(80, 'x') + "...'");
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,\"b\"") == "\"a,\"\"b\"\"\"");
    CHECK(split_csv_line("a,\"b,c\",\"d\"\"e\",") == std::vector<std::string>{"a", "b,c", "d\"e", ""});
}
