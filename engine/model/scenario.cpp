// Enumeration spellings and calendar arithmetic for the typed scenario (scenario.hpp).
#include "model/scenario.hpp"

#include "util/text.hpp"

#include <array>
#include <cstdio>

namespace migroute {

namespace {

constexpr std::array<std::string_view, 5> kCountryRoleNames = {
    "origin", "first_asylum", "transit", "eu_member", "other"};

constexpr std::array<std::string_view, kLocationTypeCount> kLocationTypeNames = {
    "conflict_zone", "town",  "camp",        "idpcamp", "transit_hub", "border_post",
    "coast",         "landing", "destination", "forward", "marker"};

constexpr std::array<std::string_view, kLinkModeCount> kLinkModeNames = {"land", "sea", "air"};

constexpr std::array<std::string_view, 3> kRuleSetNames = {"basic", "flee", "routes"};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view("?");
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(const std::array<std::string_view, N>& names, std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

template <std::size_t N>
std::vector<std::string> strings(const std::array<std::string_view, N>& names) {
    return std::vector<std::string>(names.begin(), names.end());
}

constexpr bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int days_in_month(int year, int month) {
    constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return kDays[month - 1];
}

}  // namespace

std::string_view to_string(CountryRole role) { return name_of(kCountryRoleNames, role); }
std::string_view to_string(LocationType type) { return name_of(kLocationTypeNames, type); }
std::string_view to_string(LinkMode mode) { return name_of(kLinkModeNames, mode); }
std::string_view to_string(RuleSet rules) { return name_of(kRuleSetNames, rules); }

std::optional<CountryRole> parse_country_role(std::string_view text) {
    return parse_enum<CountryRole>(kCountryRoleNames, text);
}
std::optional<LocationType> parse_location_type(std::string_view text) {
    return parse_enum<LocationType>(kLocationTypeNames, text);
}
std::optional<LinkMode> parse_link_mode(std::string_view text) {
    return parse_enum<LinkMode>(kLinkModeNames, text);
}
std::optional<RuleSet> parse_rule_set(std::string_view text) {
    return parse_enum<RuleSet>(kRuleSetNames, text);
}

std::string valid_country_roles() { return join(strings(kCountryRoleNames)); }
std::string valid_location_types() { return join(strings(kLocationTypeNames)); }
std::string valid_link_modes() { return join(strings(kLinkModeNames)); }
std::string valid_rule_sets() { return join(strings(kRuleSetNames)); }

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html),
// exact for the whole proleptic Gregorian calendar.
std::int64_t days_from_civil(const Date& date) {
    const std::int64_t month = date.month;
    const std::int64_t year = static_cast<std::int64_t>(date.year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t year_of_era = year - era * 400;                                      // [0, 399]
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;  // [0, 365]
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

Date civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t day_of_era = days - era * 146097;  // [0, 146096]
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;  // [0, 11], March-based month
    const std::int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto digits = [&](std::size_t begin, std::size_t count) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = begin; i < begin + count; ++i) {
            const char c = text[i];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        return value;
    };
    const auto year = digits(0, 4);
    const auto month = digits(5, 2);
    const auto day = digits(8, 2);
    if (!year || !month || !day) return std::nullopt;
    if (*month < 1 || *month > 12) return std::nullopt;
    if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    return Date{*year, *month, *day};
}

std::string format_date(const Date& date) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

}  // namespace migroute
