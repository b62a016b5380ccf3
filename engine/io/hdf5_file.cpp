#include "io/hdf5_file.hpp"

#include "util/error.hpp"
#include "io/checkpoint.hpp"

#include <hdf5_hl.h>

#include <filesystem>

#include <algorithm>
#include <stdexcept>

namespace migroute::h5 {

Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        if (id_ >= 0 && close_) close_(id_);
        id_ = other.id_;
        close_ = other.close_;
        other.id_ = H5I_INVALID_HID;
    }
    return *this;
}

Handle::~Handle() {
    if (id_ >= 0 && close_) close_(id_);
}

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) throw std::runtime_error("HDF5: " + what + " failed");
    return id;
}

void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error("HDF5: " + what + " failed");
}

void silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle open_for_reading(const std::string& path, const std::string& expected) {
    silence_errors();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file; expected " + expected);
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": a folder; expected " + expected);
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        if (is_checkpoint_file(path))
            throw InputError(path + ": a migroute checkpoint, not " + expected +
                             " (continue it with `migroute run SCENARIO -o RESULT --resume " + path + "`)");
        throw InputError(path + ": not an HDF5 file; expected " + expected);
    }
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid())
        throw InputError(path + ": an HDF5 file that cannot be opened: truncated or damaged; expected " + expected);
    return file;
}

namespace {

Handle string_type() {
    Handle type(check(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    check(H5Tset_size(type, H5T_VARIABLE), "string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
    return type;
}

Handle untimed_dcpl() {
    Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "dataset properties"), H5Pclose);
    check(H5Pset_obj_track_times(dcpl, false), "object timestamps off");
    return dcpl;
}

Handle simple_space(const std::vector<hsize_t>& dims) {
    return Handle(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "dataspace"), H5Sclose);
}

Handle write_1d(hid_t parent, const std::string& name, hid_t type, const void* data, std::size_t n) {
    auto space = simple_space({static_cast<hsize_t>(n)});
    auto dcpl = untimed_dcpl();
    Handle ds(check(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), "create " + name),
              H5Dclose);
    if (n > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name);
    return ds;
}

Handle write_2d(hid_t parent, const std::string& name, hid_t type, const void* data, std::size_t rows,
                std::size_t cols) {
    auto space = simple_space({static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)});
    auto dcpl = untimed_dcpl();
    if (rows > 0 && cols > 0) {
        // Chunks of up to 64 days x 4096 columns: one chunk row per few months of a location series.
        const hsize_t chunk[2] = {std::min<hsize_t>(rows, 64), std::min<hsize_t>(cols, 4096)};
        check(H5Pset_chunk(dcpl, 2, chunk), "chunking");
        check(H5Pset_shuffle(dcpl), "shuffle filter");
        check(H5Pset_deflate(dcpl, 4), "deflate filter");
    }
    Handle ds(check(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), "create " + name),
              H5Dclose);
    if (rows > 0 && cols > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name);
    return ds;
}

void write_attribute_raw(hid_t object, const std::string& name, hid_t type, const void* value) {
    Handle space(check(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose);
    Handle attr(check(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "attribute " + name),
                H5Aclose);
    check(H5Awrite(attr, type, value), "write attribute " + name);
}

}  // namespace

Handle create_group(hid_t parent, const std::string& name) {
    Handle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), "group properties"), H5Pclose);
    check(H5Pset_obj_track_times(gcpl, false), "object timestamps off");
    return Handle(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), "create group " + name),
                  H5Gclose);
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    auto type = string_type();
    const char* text = value.c_str();
    write_attribute_raw(object, name, type, &text);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
    write_attribute_raw(object, name, H5T_NATIVE_INT64, &value);
}

void write_attribute(hid_t object, const std::string& name, double value) {
    write_attribute_raw(object, name, H5T_NATIVE_DOUBLE, &value);
}

Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& v : values) ptrs.push_back(v.c_str());
    auto type = string_type();
    return write_1d(parent, name, type, ptrs.data(), ptrs.size());
}

Handle write_string_scalar(hid_t parent, const std::string& name, const std::string& value) {
    auto type = string_type();
    Handle space(check(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose);
    auto dcpl = untimed_dcpl();
    Handle ds(check(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), "create " + name),
              H5Dclose);
    const char* text = value.c_str();
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write " + name);
    return ds;
}

Handle write_i32(hid_t parent, const std::string& name, const std::vector<std::int32_t>& values) {
    return write_1d(parent, name, H5T_NATIVE_INT32, values.data(), values.size());
}

Handle write_f64(hid_t parent, const std::string& name, const std::vector<double>& values) {
    return write_1d(parent, name, H5T_NATIVE_DOUBLE, values.data(), values.size());
}

Handle write_i64(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values) {
    return write_1d(parent, name, H5T_NATIVE_INT64, values.data(), values.size());
}

Handle write_i64_2d(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values,
                    std::size_t rows, std::size_t cols) {
    return write_2d(parent, name, H5T_NATIVE_INT64, values.data(), rows, cols);
}

Handle write_f64_2d(hid_t parent, const std::string& name, const std::vector<double>& values, std::size_t rows,
                    std::size_t cols) {
    return write_2d(parent, name, H5T_NATIVE_DOUBLE, values.data(), rows, cols);
}

void make_scale(hid_t scale, const std::string& dimension) {
    check(H5DSset_scale(scale, dimension.c_str()), "dimension scale " + dimension);
}

void attach(hid_t dataset, const std::vector<hid_t>& scales) {
    for (std::size_t axis = 0; axis < scales.size(); ++axis)
        check(H5DSattach_scale(dataset, scales[axis], static_cast<unsigned>(axis)), "attach dimension scale");
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle attr(check(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name), H5Aclose);
    Handle type(check(H5Aget_type(attr), "attribute type"), H5Tclose);
    if (H5Tget_class(type) != H5T_STRING) throw std::runtime_error("attribute '" + name + "' is not a string");
    if (H5Tis_variable_str(type) > 0) {
        auto mem = string_type();
        char* text = nullptr;
        check(H5Aread(attr, mem, &text), "read attribute " + name);
        std::string out = text ? text : "";
        H5free_memory(text);
        return out;
    }
    const std::size_t size = H5Tget_size(type);
    std::string out(size, '\0');
    check(H5Aread(attr, type, out.data()), "read attribute " + name);
    out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
    return out;
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
    Handle attr(check(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name), H5Aclose);
    std::int64_t value = 0;
    check(H5Aread(attr, H5T_NATIVE_INT64, &value), "read attribute " + name);
    return value;
}

bool has_dataset(hid_t parent, const std::string& name) {
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<hsize_t> dataset_shape(hid_t parent, const std::string& name) {
    Handle ds(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    Handle space(check(H5Dget_space(ds), "dataspace of " + name), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0) throw std::runtime_error("HDF5: rank of " + name);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    return dims;
}

namespace {
std::size_t element_count(const std::vector<hsize_t>& dims) {
    std::size_t n = 1;
    for (const auto d : dims) n *= static_cast<std::size_t>(d);
    return n;
}
}  // namespace

std::vector<std::string> read_strings(hid_t parent, const std::string& name) {
    const auto n = element_count(dataset_shape(parent, name));
    Handle ds(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    auto mem = string_type();
    std::vector<char*> ptrs(n, nullptr);
    if (n > 0) check(H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "read " + name);
    std::vector<std::string> out;
    out.reserve(n);
    for (auto* p : ptrs) {
        out.emplace_back(p ? p : "");
        H5free_memory(p);
    }
    return out;
}

std::string read_string_scalar(hid_t parent, const std::string& name) {
    auto values = read_strings(parent, name);
    return values.empty() ? std::string() : values.front();
}

std::vector<std::int64_t> read_i64(hid_t parent, const std::string& name) {
    std::vector<std::int64_t> out(element_count(dataset_shape(parent, name)));
    Handle ds(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    if (!out.empty()) check(H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
    return out;
}

std::vector<double> read_f64(hid_t parent, const std::string& name) {
    std::vector<double> out(element_count(dataset_shape(parent, name)));
    Handle ds(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    if (!out.empty()) check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
    return out;
}

}  // namespace migroute::h5
