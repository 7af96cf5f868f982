// safetensors_writer.cpp — header layout and the streaming conversion.
#include "safetensors_writer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include <lowp/bulk.hpp>

#include "chunk_loader.hpp"
#include "progress.hpp"

namespace lowp_report {

std::string safetensors_preamble(const nlohmann::ordered_json& header) {
  return safetensors_preamble(header.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

std::string safetensors_preamble(std::string text) {
  text.append((8 - text.size() % 8) % 8, ' ');  // 8 + size is then a multiple of 8
  std::string out(8, '\0');
  std::uint64_t n = text.size();
  for (int i = 0; i < 8; ++i, n >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(n & 0xff);
  return out + text;
}

namespace {

std::string json_string(const std::string& s) {
  return nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The shape of W.blocks and W.scales for a tensor of shape `shape` in block format f.
std::vector<std::uint64_t> block_shape(const std::vector<std::uint64_t>& shape, target f, bool scales) {
  const target_info& i = info(f);
  std::vector<std::uint64_t> out(shape.begin(), shape.end() - (shape.empty() ? 0 : 1));
  out.push_back(shape.empty() ? 0 : shape.back() / i.block_size);
  if (!scales) out.push_back(i.block_size * static_cast<std::uint64_t>(i.element_bits) / 8);
  return out;
}

std::string shape_json(const std::vector<std::uint64_t>& shape) {
  std::string text = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) text += (d ? "," : "") + std::to_string(shape[d]);
  return text + "]";
}

// The scales bytes of a tensor of `count` values in block format f (whole blocks).
std::uint64_t scale_bytes(target f, std::uint64_t count) {
  return count / info(f).block_size * static_cast<std::uint64_t>(info(f).scale_bits) / 8;
}

// Streams tensor t into `out` in block format Row: the elements sequentially, the scales
// at scales_at (a file offset) as they come.
template <class Row>
void write_blocks(Row, const tensor_entry& t, const byte_source& input, chunk_loader& loader, lowp::rounding mode,
                  atomic_output& out, std::uint64_t scales_at, progress_bar& progress) {
  using scale_type = typename Row::scale_type;
  constexpr std::size_t element_bits = Row::element::format_type::total_bits;
  std::vector<float> as_float(chunk_elements);
  std::vector<std::uint8_t> elements(chunk_elements);
  std::vector<scale_type> scales(chunk_elements / Row::block_size);
  for (std::uint64_t first = 0; first < t.count; first += chunk_elements) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_elements, t.count - first));
    loader.with_chunk(t, input, first, n, [&](const auto* x, std::size_t count) {
      const float* xf = nullptr;
      if constexpr (std::is_same<std::decay_t<decltype(*x)>, float>::value) {
        xf = x;
      } else {
        for (std::size_t e = 0; e < count; ++e) as_float[e] = static_cast<float>(x[e]);
        xf = as_float.data();
      }
      Row::quantize(xf, count, elements.data(), scales.data(), 1.0f, mode);
    });
    out.write(elements.data(), n * element_bits / 8);
    static_assert(sizeof(scale_type) == 1, "one byte per scale");
    out.write_at(scales_at + first / Row::block_size, scales.data(), n / Row::block_size);
    progress.add(n * dtype_size(t.type));
  }
  out.skip(scale_bytes(target_of<Row>(), t.count));
}

}  // namespace

std::string block_layout_problem(const tensor_entry& t, target f) {
  const target_info& i = info(f);
  if (!i.block || (!t.shape.empty() && t.shape.back() % i.block_size == 0)) return "";
  return "tensor " + in_quotes(t.name) + " has " +
         (t.shape.empty() ? std::string("no dimensions") : "a last dimension of " + std::to_string(t.shape.back())) +
         ", not a multiple of " + target_name(f) + "'s " + std::to_string(i.block_size) +
         "-value blocks (W.blocks has no room for a short block; --plan leaves such tensors out of block formats)";
}

conversion_summary convert_file(const tensor_file& file, const byte_source& input, const conversion_request& request) {
  const auto& tensors = file.tensors;
  // The format of tensor i, or none: copied unchanged.
  auto format_of = [&](std::size_t i) -> std::optional<target> {
    if (!is_floating(tensors[i].type)) return std::nullopt;
    return request.formats.empty() ? std::optional<target>(request.to) : request.formats[i];
  };
  auto scale_of = [&](std::size_t i) -> std::optional<int> {
    if (request.scales.empty() || !format_of(i) || info(*format_of(i)).scale == scaling::never) return std::nullopt;
    return request.scales[i];
  };
  auto block_of = [&](std::size_t i) { return format_of(i) && info(*format_of(i)).block; };
  // The scale tensors go after every other tensor's data, in header order.
  std::unordered_set<std::string> names;
  for (const tensor_entry& t : tensors) names.insert(t.name);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (!block_of(i)) continue;
    if (!info(*format_of(i)).writable)
      throw output_error(request.output + ": " + target_name(*format_of(i)) + " cannot be written (--convert writes " +
                         writable_target_names() + ")");
    const std::string problem = block_layout_problem(tensors[i], *format_of(i));
    if (!problem.empty()) throw output_error(request.output + ": " + problem);
    for (const char* part : {".blocks", ".scales"})
      if (!names.insert(tensors[i].name + part).second)
        throw output_error(request.output + ": cannot write " + in_quotes(tensors[i].name) + " as blocks: a tensor " +
                           in_quotes(tensors[i].name + part) + " exists");
  }
  for (std::size_t i = 0; i < tensors.size(); ++i)
    if (scale_of(i) && !names.insert(tensors[i].name + "_scale").second)
      throw output_error(request.output + ": cannot add the scale of " + in_quotes(tensors[i].name) + ": a tensor " +
                         in_quotes(tensors[i].name + "_scale") + " exists");
  // Data order: the order of the input data (header order breaks ties of empty tensors).
  std::vector<std::size_t> order(tensors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tensors[a].offset < tensors[b].offset; });
  std::vector<std::uint64_t> begin(tensors.size()), size(tensors.size());
  std::uint64_t position = 0, input_bytes = 0;
  for (const std::size_t i : order) {
    const tensor_entry& t = tensors[i];
    const auto format = format_of(i);
    size[i] = format ? target_bytes(*format, t.count, t.shape.empty() ? 1 : t.shape.back()) : t.size;
    begin[i] = position;
    position += size[i];
    input_bytes += t.size;
  }

  // The header is written as text, entry by entry: a JSON object built key by key looks
  // each key up, which is quadratic in the number of tensors.
  std::string text = "{";
  if (!file.metadata.is_null())
    text += "\"__metadata__\":" +
            file.metadata.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const tensor_entry& t = tensors[i];
    const auto format = format_of(i);
    if (text.size() > 1) text += ',';
    if (block_of(i)) {  // W.blocks, then W.scales right after it
      const std::uint64_t split = begin[i] + size[i] - scale_bytes(*format, t.count);
      text += json_string(t.name + ".blocks") + ":{\"dtype\":\"U8\",\"shape\":" + shape_json(block_shape(t.shape, *format, false)) +
              ",\"data_offsets\":[" + std::to_string(begin[i]) + "," + std::to_string(split) + "]}," +
              json_string(t.name + ".scales") + ":{\"dtype\":\"U8\",\"shape\":" + shape_json(block_shape(t.shape, *format, true)) +
              ",\"data_offsets\":[" + std::to_string(split) + "," + std::to_string(begin[i] + size[i]) + "]}";
      continue;
    }
    const dtype out_type = format ? *info(*format).stored : t.type;
    text += json_string(t.name) + ":{\"dtype\":\"" + dtype_name(out_type) + "\",\"shape\":" + shape_json(t.shape) +
            ",\"data_offsets\":[" + std::to_string(begin[i]) + "," + std::to_string(begin[i] + size[i]) + "]}";
    if (scale_of(i)) {
      text += "," + json_string(t.name + "_scale") + ":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[" +
              std::to_string(position) + "," + std::to_string(position + 4) + "]}";
      position += 4;
    }
  }
  text += '}';
  const std::string preamble = safetensors_preamble(std::move(text));
  if (preamble.size() - 8 > request.max_header)
    throw output_error(request.output + ": its header would be " + std::to_string(preamble.size() - 8) +
                       " bytes, over the safetensors limit of " + std::to_string(request.max_header));

  atomic_output out(request.output);
  out.write(preamble.data(), preamble.size());
  conversion_summary summary;
  summary.path = request.output;
  summary.to = request.to;
  summary.planned = !request.formats.empty();
  summary.policy = request.policy;
  summary.bytes = preamble.size() + position;

  progress_bar progress("lowp-report: converting", input_bytes, request.progress);
  chunk_loader loader;
  std::vector<unsigned char> copied(chunk_elements * 8);
  std::vector<double> scaled(request.scales.empty() ? 0 : chunk_elements);
  for (const std::size_t i : order) {
    const tensor_entry& t = tensors[i];
    const auto format = format_of(i);
    if (!format) {
      for (std::uint64_t done = 0; done < t.size; done += copied.size()) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(copied.size(), t.size - done));
        input.read(t.offset + done, n, copied.data());
        out.write(copied.data(), n);
        progress.add(n);
      }
      ++summary.copied;
      continue;
    }
    const auto scale = scale_of(i);
    if (block_of(i)) {
      with_target(*format, [&](auto row) {
        using Row = decltype(row);
        if constexpr (Row::block) {
          if constexpr (Row::writable)
            write_blocks(row, t, input, loader, request.mode, out,
                         preamble.size() + begin[i] + size[i] - scale_bytes(*format, t.count), progress);
        }
      });
      ++summary.converted;
      continue;
    }
    with_target(*format, [&](auto row) {
      using Row = decltype(row);
      if constexpr (!Row::block) {
      using T = typename Row::type;
      std::vector<T> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(chunk_elements, t.count)));
      T* const converted = buffer.data();
      for (std::uint64_t first = 0; first < t.count; first += chunk_elements) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_elements, t.count - first));
        loader.with_chunk(t, input, first, n, [&](const auto* x, std::size_t count) {
          if (!scale) {
            lowp::convert(x, converted, count, request.mode, request.policy);
            return;
          }
          // x / 2^k in double is exact (float's range fits double's many times over).
          const double factor = std::ldexp(1.0, -*scale);
          for (std::size_t e = 0; e < count; ++e) scaled[e] = static_cast<double>(x[e]) * factor;
          lowp::convert(static_cast<const double*>(scaled.data()), converted, count, request.mode, request.policy);
        });
        out.write(converted, n * sizeof(T));
        progress.add(n * dtype_size(t.type));
      }
      }
    });
    ++summary.converted;
    summary.scaled += scale.has_value();
  }
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (const auto scale = scale_of(i)) {
      const float factor = std::ldexp(1.0f, *scale);
      out.write(&factor, sizeof factor);  // little-endian hosts only (checked at startup)
    }
  }
  out.commit();
  return summary;
}

}  // namespace lowp_report
