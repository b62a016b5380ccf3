// Thin RAII helpers over the HDF5 C API, shared by the result writer and reader.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace migroute::h5 {

// Owns one HDF5 identifier and closes it with the matching H5*close.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = H5I_INVALID_HID; }
    Handle& operator=(Handle&& other) noexcept;
    ~Handle();
    hid_t get() const { return id_; }
    operator hid_t() const { return id_; }
    bool valid() const { return id_ >= 0; }

private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*close_)(hid_t) = nullptr;
};

// Throws std::runtime_error naming `what` when id < 0.
hid_t check(hid_t id, const std::string& what);
void check(herr_t status, const std::string& what);

// Turns off HDF5's automatic error printing (errors become exceptions with our own messages).
void silence_errors();

// Writing (all datasets without object timestamps, so identical runs give identical objects).
Handle create_group(hid_t parent, const std::string& name);
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values);
Handle write_string_scalar(hid_t parent, const std::string& name, const std::string& value);
Handle write_i32(hid_t parent, const std::string& name, const std::vector<std::int32_t>& values);
Handle write_f64(hid_t parent, const std::string& name, const std::vector<double>& values);
Handle write_i64(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values);
// A 2-D int64 dataset of rows x cols, chunked and compressed (deflate + shuffle).
Handle write_i64_2d(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values,
                    std::size_t rows, std::size_t cols);
Handle write_f64_2d(hid_t parent, const std::string& name, const std::vector<double>& values, std::size_t rows,
                    std::size_t cols);
// Makes `scale` a dimension scale named `dimension` and attaches scales to the axes of `dataset`.
void make_scale(hid_t scale, const std::string& dimension);
void attach(hid_t dataset, const std::vector<hid_t>& scales);

// Reading.
// Opens an HDF5 file read-only; `expected` says what the file should be ("a migroute result file").
// Throws InputError naming the file for a missing file, a folder, a file that is not HDF5 (a
// checkpoint is named as such) and an HDF5 file that cannot be opened (truncated or damaged).
Handle open_for_reading(const std::string& path, const std::string& expected);
bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
std::int64_t read_int_attribute(hid_t object, const std::string& name);
bool has_dataset(hid_t parent, const std::string& name);
std::vector<std::string> read_strings(hid_t parent, const std::string& name);
std::string read_string_scalar(hid_t parent, const std::string& name);
std::vector<std::int64_t> read_i64(hid_t parent, const std::string& name);  // any rank, flattened
std::vector<double> read_f64(hid_t parent, const std::string& name);
std::vector<hsize_t> dataset_shape(hid_t parent, const std::string& name);

}  // namespace migroute::h5
