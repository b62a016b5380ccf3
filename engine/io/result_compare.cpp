#include "io/result_compare.hpp"

#include "util/error.hpp"
#include "io/hdf5_file.hpp"

#include <algorithm>
#include <cstring>
#include <map>

namespace migroute {

namespace {

struct Object {
    H5O_type_t type;
};

herr_t collect(hid_t, const char* name, const H5O_info_t* info, void* data) {
    auto* objects = static_cast<std::map<std::string, Object>*>(data);
    std::string path = "/";
    if (std::strcmp(name, ".") != 0) path += name;
    (*objects)[path] = Object{info->type};
    return 0;
}

bool excluded_path(const std::string& path, const std::vector<std::string>& excluded) {
    for (const auto& e : excluded)
        if (path == e || path.rfind(e + "/", 0) == 0) return true;
    return false;
}

bool excluded_attribute(const std::string& path, const std::string& name, const std::vector<std::string>& excluded) {
    return std::find(excluded.begin(), excluded.end(), path + "@" + name) != excluded.end();
}

// The value of a dataset or attribute as comparable bytes (strings as their text).
std::string contents(hid_t object, bool is_attribute) {
    using h5::Handle;
    using h5::check;
    Handle type(check(is_attribute ? H5Aget_type(object) : H5Dget_type(object), "type"), H5Tclose);
    Handle space(check(is_attribute ? H5Aget_space(object) : H5Dget_space(object), "space"), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    std::string out = "class " + std::to_string(H5Tget_class(type)) + " size " + std::to_string(H5Tget_size(type));
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    for (auto d : dims) out += " x" + std::to_string(d);
    out += ":";
    if (n <= 0) return out;
    if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
        Handle mem(check(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
        H5Tset_size(mem, H5T_VARIABLE);
        H5Tset_cset(mem, H5Tget_cset(type));  // HDF5 does not convert between ASCII and UTF-8
        std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
        check(is_attribute ? H5Aread(object, mem, ptrs.data())
                           : H5Dread(object, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
              "read strings");
        for (auto* p : ptrs) {
            out += p ? p : "";
            out.push_back('\0');
            H5free_memory(p);
        }
        return out;
    }
    if (H5Tget_class(type) == H5T_REFERENCE || H5Tget_class(type) == H5T_VLEN) return out + "(not compared)";
    std::string bytes(static_cast<std::size_t>(n) * H5Tget_size(type), '\0');
    check(is_attribute ? H5Aread(object, type, bytes.data())
                       : H5Dread(object, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
          "read values");
    return out + bytes;
}

std::map<std::string, std::string> attributes(hid_t object) {
    std::map<std::string, std::string> out;
    H5O_info_t info;
    h5::check(H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS), "object info");
    for (hsize_t i = 0; i < info.num_attrs; ++i) {
        h5::Handle attr(h5::check(H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
                                  "open attribute"),
                        H5Aclose);
        const ssize_t len = H5Aget_name(attr, 0, nullptr);
        std::string name(static_cast<std::size_t>(std::max<ssize_t>(len, 0)), '\0');
        H5Aget_name(attr, name.size() + 1, name.data());
        // Dimension-scale bookkeeping holds object references, which differ between files.
        if (name == "DIMENSION_LIST" || name == "REFERENCE_LIST") {
            out[name] = "(references)";
            continue;
        }
        out[name] = contents(attr, true);
    }
    return out;
}

std::vector<std::string> compare_opened(const std::string& a, const std::string& b, const h5::Handle& fa,
                                        const h5::Handle& fb, const std::vector<std::string>& excluded);

}  // namespace

std::vector<std::string> compare_hdf5_files(const std::string& a, const std::string& b,
                                            const std::vector<std::string>& excluded) {
    const auto fa = h5::open_for_reading(a, "an HDF5 file");
    const auto fb = h5::open_for_reading(b, "an HDF5 file");
    try {
        return compare_opened(a, b, fa, fb, excluded);
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        // A file that opens but whose objects cannot be read: truncated, or damaged inside.
        throw InputError("comparing " + a + " and " + b + ": a file is truncated or damaged (" + e.what() + ")");
    }
}

namespace {

std::vector<std::string> compare_opened(const std::string& a, const std::string& b, const h5::Handle& fa,
                                        const h5::Handle& fb, const std::vector<std::string>& excluded) {
    std::map<std::string, Object> oa, ob;
    h5::check(H5Ovisit2(fa, H5_INDEX_NAME, H5_ITER_INC, collect, &oa, H5O_INFO_BASIC), "visit " + a);
    h5::check(H5Ovisit2(fb, H5_INDEX_NAME, H5_ITER_INC, collect, &ob, H5O_INFO_BASIC), "visit " + b);
    std::vector<std::string> diffs;
    for (const auto& [path, obj] : oa) {
        if (excluded_path(path, excluded)) continue;
        const auto other = ob.find(path);
        if (other == ob.end()) {
            diffs.push_back(path + ": only in " + a);
            continue;
        }
        if (other->second.type != obj.type) {
            diffs.push_back(path + ": object types differ");
            continue;
        }
        h5::Handle xa(h5::check(H5Oopen(fa, path.c_str(), H5P_DEFAULT), "open " + path), H5Oclose);
        h5::Handle xb(h5::check(H5Oopen(fb, path.c_str(), H5P_DEFAULT), "open " + path), H5Oclose);
        if (obj.type == H5O_TYPE_DATASET && contents(xa, false) != contents(xb, false))
            diffs.push_back(path + ": values differ");
        const auto aa = attributes(xa);
        const auto ab = attributes(xb);
        for (const auto& [name, value] : aa) {
            if (excluded_attribute(path, name, excluded)) continue;
            const auto it = ab.find(name);
            if (it == ab.end()) diffs.push_back(path + " @" + name + ": only in " + a);
            else if (it->second != value) diffs.push_back(path + " @" + name + ": values differ");
        }
        for (const auto& [name, value] : ab)
            if (!excluded_attribute(path, name, excluded) && !aa.count(name)) diffs.push_back(path + " @" + name + ": only in " + b);
    }
    for (const auto& [path, obj] : ob)
        if (!excluded_path(path, excluded) && !oa.count(path)) diffs.push_back(path + ": only in " + b);
    return diffs;
}

}  // namespace

}  // namespace migroute
