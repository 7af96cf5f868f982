// model.hpp — the level above a file: an input is one file, or a sharded checkpoint
// (*.safetensors.index.json: its weight_map names the shard of every tensor), read as one
// model. Shards are laid end to end in one virtual address space (concat_source), so the
// analysis and the report see one tensor_file; --convert writes the shards again.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "byte_source.hpp"
#include "safetensors_writer.hpp"
#include "tensor_file.hpp"

namespace lowp_report {

// Several sources end to end: shard i's byte j is at bases[i] + j.
class concat_source final : public byte_source {
 public:
  void add(std::unique_ptr<byte_source> part);  // appended at size()
  std::uint64_t base(std::size_t part) const noexcept { return bases_[part]; }
  std::uint64_t size() const noexcept override { return total_; }
  void read(std::uint64_t offset, std::size_t n, void* out) const override;  // within one part

 private:
  std::vector<std::unique_ptr<byte_source>> parts_;
  std::vector<std::uint64_t> bases_;
  std::uint64_t total_ = 0;
};

struct shard {
  std::string name;     // as in the weight_map (a file name in the index's directory)
  tensor_file file;     // its own tensors, offsets within the shard
  std::size_t first;    // index of its first tensor in the model's tensor_file
};

// An opened input: the model's tensors (offsets in `source`) and, for a sharded
// checkpoint, its shards and the index's metadata.
struct model_input {
  std::string path;
  std::unique_ptr<byte_source> source;
  tensor_file file;
  std::vector<shard> shards;        // empty for a single file
  nlohmann::ordered_json index_metadata;  // the index's "metadata", or null
};

bool is_index_path(const std::string& path) noexcept;

// open_index(path): the shards named by the index, in the order of their names; every
// tensor of every shard must be in the weight_map under that shard, and every weight_map
// entry must be found. Throws input_error (the message names the shard when it is one).
model_input open_index(const std::string& path);

// convert_model(m, request, out_dir): each shard converted into out_dir/NAME (request's
// formats and scales are per tensor of the model), and a new index out_dir/INDEX with the
// same weight_map (plus the NAME_scale tensors) and metadata.total_size updated. On any
// failure the files already written are removed. Returns the sums.
conversion_summary convert_model(const model_input& m, const conversion_request& request, const std::string& out_dir);

}  // namespace lowp_report
