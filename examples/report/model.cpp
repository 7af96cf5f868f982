// model.cpp — sharded checkpoints: reading an index, converting shard by shard.
#include "model.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <unordered_map>

namespace lowp_report {

void concat_source::add(std::unique_ptr<byte_source> part) {
  bases_.push_back(total_);
  total_ += part->size();
  parts_.push_back(std::move(part));
}

void concat_source::read(std::uint64_t offset, std::size_t n, void* out) const {
  const auto it = std::upper_bound(bases_.begin(), bases_.end(), offset);
  if (it == bases_.begin()) throw input_error("read outside the shards");
  const std::size_t part = static_cast<std::size_t>(it - bases_.begin()) - 1;
  const std::uint64_t local = offset - bases_[part];
  if (local + n > parts_[part]->size()) throw input_error("read across the end of a shard");
  parts_[part]->read(local, n, out);
}

bool is_index_path(const std::string& path) noexcept {
  const std::string suffix = ".index.json";
  return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace {

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

std::string file_name_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

model_input open_index(const std::string& path) {
  model_input m;
  m.path = path;
  nlohmann::json index;
  {
    const file_source source(path);
    if (source.size() > max_safetensors_header) throw input_error("the index is larger than 100 MB");
    const auto bytes = source.prefix(source.size());
    int depth = 0, deepest = 0;  // nesting, ignoring brackets in strings: an index needs 3
    bool in_string = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const unsigned char c = bytes[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        deepest = std::max(deepest, ++depth);
      } else if (c == '}' || c == ']') {
        --depth;
      }
      if (deepest > 16) throw input_error("the index nests deeper than 16 levels");
    }
    try {
      index = nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception&) {
      throw input_error("the index is not valid JSON");
    }
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw input_error("not a safetensors index (no \"weight_map\" object)");
  if (index.contains("metadata")) m.index_metadata = index["metadata"];
  // tensor -> shard, and the shards by name.
  std::map<std::string, std::vector<std::string>> by_shard;
  std::unordered_map<std::string, std::string> shard_of;
  for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
    if (!it->is_string()) throw input_error("weight_map entry " + in_quotes(it.key()) + " is not a file name");
    const std::string& name = it->get_ref<const std::string&>();
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      throw input_error("weight_map names " + in_quotes(name) + ", not a file in the index's directory");
    by_shard[name].push_back(it.key());
    shard_of.emplace(it.key(), name);
  }
  auto sources = std::make_unique<concat_source>();
  const std::string dir = directory_of(path);
  for (const auto& entry : by_shard) {
    const std::string& name = entry.first;
    const std::string shard_path = dir + name;
    try {
      auto source = std::make_unique<file_source>(shard_path);
      const auto first = source->prefix(8);
      const auto header = first.size() < 8 ? first : source->prefix(safetensors_prefix_size(first.data(), source->size()));
      shard s{name, parse_safetensors(header.data(), header.size(), source->size()), m.file.tensors.size()};
      for (const tensor_entry& t : s.file.tensors) {
        const auto found = shard_of.find(t.name);
        if (found == shard_of.end() || found->second != name)
          throw input_error("tensor " + in_quotes(t.name) + " is not in the index's weight_map under this shard");
        shard_of.erase(found);
        tensor_entry moved = t;
        moved.offset += sources->size();
        m.file.tensors.push_back(std::move(moved));
      }
      sources->add(std::move(source));
      m.shards.push_back(std::move(s));
    } catch (const input_error& e) {
      throw input_error("shard " + in_quotes(name) + ": " + e.what());
    }
  }
  if (!shard_of.empty())
    throw input_error("tensor " + in_quotes(shard_of.begin()->first) + " of the weight_map is not in shard " +
                      in_quotes(shard_of.begin()->second));
  m.file.kind = file_kind::safetensors_index;
  m.source = std::move(sources);
  return m;
}

conversion_summary convert_model(const model_input& m, const conversion_request& request, const std::string& out_dir) {
  struct stat st {};
  if (::stat(out_dir.c_str(), &st) != 0) {
    if (errno != ENOENT || ::mkdir(out_dir.c_str(), 0777) != 0)
      throw output_error(out_dir + ": cannot create the directory: " + std::strerror(errno));
  } else if (!S_ISDIR(st.st_mode)) {
    throw output_error(out_dir + ": not a directory (a sharded checkpoint converts into a directory)");
  }
  const std::string dir = out_dir.back() == '/' ? out_dir : out_dir + "/";
  const auto& sources = static_cast<const concat_source&>(*m.source);
  conversion_summary total;
  total.path = out_dir;
  total.to = request.to;
  total.policy = request.policy;
  total.planned = !request.formats.empty();
  std::vector<std::string> written;
  nlohmann::ordered_json weight_map = nlohmann::ordered_json::object();
  auto& entries = weight_map.get_ref<nlohmann::ordered_json::object_t&>();
  std::uint64_t total_size = 0;
  try {
    for (std::size_t k = 0; k < m.shards.size(); ++k) {
      const shard& s = m.shards[k];
      conversion_request part = request;
      part.output = dir + s.name;
      const std::size_t n = s.file.tensors.size();
      if (!request.formats.empty())
        part.formats.assign(request.formats.begin() + static_cast<std::ptrdiff_t>(s.first),
                            request.formats.begin() + static_cast<std::ptrdiff_t>(s.first + n));
      if (!request.scales.empty())
        part.scales.assign(request.scales.begin() + static_cast<std::ptrdiff_t>(s.first),
                           request.scales.begin() + static_cast<std::ptrdiff_t>(s.first + n));
      // The shard's own bytes: the model's source shifted by the shard's base.
      struct shard_view final : byte_source {
        const concat_source* all;
        std::uint64_t base, bytes;
        std::uint64_t size() const noexcept override { return bytes; }
        void read(std::uint64_t offset, std::size_t count, void* out) const override { all->read(base + offset, count, out); }
      } view;
      view.all = &sources;
      view.base = sources.base(k);
      view.bytes = (k + 1 < m.shards.size() ? sources.base(k + 1) : sources.size()) - view.base;
      const conversion_summary c = convert_file(s.file, view, part);
      written.push_back(part.output);  // only files this run made (a failed one left none)
      total.bytes += c.bytes;
      total.converted += c.converted;
      total.copied += c.copied;
      total.scaled += c.scaled;
      for (std::size_t i = 0; i < n; ++i) {
        const tensor_entry& t = s.file.tensors[i];
        const bool converted = is_floating(t.type) && (part.formats.empty() || part.formats[i]);
        const target to = part.formats.empty() ? request.to : (part.formats[i] ? *part.formats[i] : request.to);
        if (converted && info(to).block) {
          entries.emplace_back(t.name + ".blocks", s.name);
          entries.emplace_back(t.name + ".scales", s.name);
        } else {
          entries.emplace_back(t.name, s.name);
        }
        if (converted && !part.scales.empty() && part.scales[i] && info(to).scale != scaling::never) {
          entries.emplace_back(t.name + "_scale", s.name);
          total_size += 4;
        }
        total_size += converted ? target_bytes(to, t.count, t.shape.empty() ? 1 : t.shape.back()) : t.size;
      }
    }
    nlohmann::ordered_json metadata = m.index_metadata.is_object() ? m.index_metadata : nlohmann::ordered_json::object();
    metadata["total_size"] = total_size;
    const std::string text =
        nlohmann::ordered_json{{"metadata", metadata}, {"weight_map", std::move(weight_map)}}.dump(2) + "\n";
    const std::string index_path = dir + file_name_of(m.path);
    atomic_output index(index_path);
    index.write(text.data(), text.size());
    index.commit();
  } catch (...) {
    for (const std::string& p : written) ::unlink(p.c_str());  // no partial model left behind
    throw;
  }
  return total;
}

}  // namespace lowp_report
