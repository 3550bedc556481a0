// Look-ups into the declared tables of mechanisms, actors and actions.
#include "scenario/events.h"
#include "scenario/mechanisms.h"

namespace mv {

namespace {
template <typename Enum, typename Table>
std::optional<Enum> find_in(const Table& table, std::string_view name) {
  for (size_t i = 0; i < table.size(); ++i)
    if (table[i].name == name) return static_cast<Enum>(i);
  return std::nullopt;
}
template <typename Table>
std::vector<std::string> names_of(const Table& table) {
  std::vector<std::string> out;
  for (const auto& row : table) out.emplace_back(row.name);
  return out;
}
}  // namespace

std::optional<Mechanism> find_mechanism(std::string_view name) {
  return find_in<Mechanism>(kMechanisms, name);
}
std::vector<std::string> mechanism_names() {
  return names_of(kMechanisms);
}
std::optional<Action> find_action(std::string_view name) {
  return find_in<Action>(kActions, name);
}
std::vector<std::string> action_names() {
  return names_of(kActions);
}

std::optional<Actor> find_actor(std::string_view name) {
  for (size_t i = 0; i < kActorNames.size(); ++i)
    if (kActorNames[i] == name) return static_cast<Actor>(i);
  return std::nullopt;
}
std::vector<std::string> actor_names() {
  return {kActorNames.begin(), kActorNames.end()};
}

}  // namespace mv
