#include "scenario/parameters.h"

namespace mv {

std::optional<Param> find_param(std::string_view name) {
  for (int i = 0; i < kNumParams; ++i)
    if (kParameters[i].name == name) return static_cast<Param>(i);
  return std::nullopt;
}

std::vector<std::string> param_names() {
  std::vector<std::string> out;
  for (const auto& p : kParameters) out.emplace_back(p.name);
  return out;
}

ParamValues ParamValues::defaults() {
  ParamValues pv;
  for (int i = 0; i < kNumParams; ++i) pv.v[i] = kParameters[i].default_value;
  return pv;
}

}  // namespace mv
