#pragma once
// The generic AggregateStates over an aggregate's state struct `Op` and physical input type
// `In` (uint8_t, int32_t, int64_t, double or std::string_view). Op provides:
//   using State; using Out;      Out: int64_t, double, In, or std::string for strings
//   static void Initialize(State&);
//   static void Update(State&, In value);              called for non-NULL values only
//   static void Combine(State& target, State& source);
//   static bool Finalize(State&, const AggregateParams&, Out* out);   false -> NULL
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dist/byte_buffer.h"
#include "exec/aggregate_function.h"
#include "exec/column_util.h"

namespace tally {

template <typename Op, typename In>
class StatesOf : public AggregateStates {
 public:
  explicit StatesOf(const AggregateParams& params) : params_(params) {}

  void Resize(size_t groups) override {
    size_t old = states_.size();
    states_.resize(groups);
    for (size_t g = old; g < groups; ++g) Op::Initialize(states_[g]);
  }

  void Update(const Column* input, const uint32_t* groups, size_t rows) override {
    values_ += rows;
    typename Op::State* s = states_.data();
    if constexpr (std::is_same_v<In, std::string_view>) {
      for (size_t i = 0; i < rows; ++i)
        if (input->IsValid(i)) Op::Update(s[groups[i]], input->GetString(i));
    } else {
      const In* v = input->data<In>();
      if (!input->HasNulls()) {
        for (size_t i = 0; i < rows; ++i) Op::Update(s[groups[i]], v[i]);
      } else {
        for (size_t i = 0; i < rows; ++i)
          if (input->IsValid(i)) Op::Update(s[groups[i]], v[i]);
      }
    }
  }

  void Combine(AggregateStates& other, const uint32_t* group_map) override {
    auto& o = static_cast<StatesOf&>(other);
    values_ += o.values_;
    for (size_t g = 0; g < o.states_.size(); ++g) Op::Combine(states_[group_map[g]], o.states_[g]);
  }

  void Serialize(const uint32_t* groups, size_t n, std::string* out) const override {
    for (size_t i = 0; i < n; ++i) WriteState(states_[groups[i]], out);
  }

  void MergeSerialized(ByteReader& in, const uint32_t* group_map, size_t n) override {
    typename Op::State state;
    for (size_t i = 0; i < n; ++i) {
      Op::Initialize(state);
      ReadState(in, &state);
      if constexpr (requires { state.values.size(); }) values_ += state.values.size();
      if constexpr (requires { state.entries.size(); }) values_ += state.entries.size();
      Op::Combine(states_[group_map[i]], state);
    }
  }

  size_t MemoryBytes() const override {
    size_t bytes = states_.capacity() * sizeof(typename Op::State);
    // States that keep every value (quantiles, mode) grow with the rows, not the groups.
    if constexpr (requires(typename Op::State s) { s.values.size(); })
      bytes += values_ * sizeof(In);
    // string_agg's entries: their count times a typical entry (a string's header and a short
    // value).
    if constexpr (requires(typename Op::State s) { s.entries.size(); })
      bytes += values_ * (sizeof(std::string) + 16);
    return bytes;
  }

  ColumnPtr Finalize() override {
    using Out = typename Op::Out;
    size_t n = states_.size();
    if constexpr (std::is_same_v<Out, std::string> || std::is_same_v<Out, std::string_view>) {
      auto out = Column::Make(params_.result_type);
      Out value;
      for (size_t g = 0; g < n; ++g) {
        if (Op::Finalize(states_[g], params_, &value))
          out->AppendString(value);
        else
          out->AppendNull();
      }
      return out;
    } else {
      ColumnPtr out = MakeFixedColumn(params_.result_type, n);
      Out* data = out->data<Out>();
      for (size_t g = 0; g < n; ++g)
        if (!Op::Finalize(states_[g], params_, &data[g])) out->SetNull(g);
      return out;
    }
  }

 private:
  // The wire form of a state: fixed-size states as their bytes, value lists (holistic) as a
  // count and the values, a kept string (min/max/first of strings) as a flag and the string.
  using State = typename Op::State;
  static void WriteState(const State& s, std::string* out) {
    if constexpr (std::is_trivially_copyable_v<State>) {
      PutValue(out, s);
    } else if constexpr (requires { s.entries.size(); }) {
      PutValue<uint64_t>(out, s.entries.size());
      for (const auto& e : s.entries) PutString(out, e);
    } else if constexpr (requires { s.values.data(); }) {
      PutValue<uint64_t>(out, s.values.size());
      PutBytes(out, s.values.data(), s.values.size() * sizeof(s.values[0]));
    } else {
      static_assert(std::is_same_v<decltype(s.value), std::string>);
      PutValue<uint8_t>(out, s.any ? 1 : 0);
      PutString(out, s.value);
    }
  }
  static void ReadState(ByteReader& in, State* s) {
    if constexpr (std::is_trivially_copyable_v<State>) {
      *s = in.Get<State>();
    } else if constexpr (requires { s->entries.size(); }) {
      s->entries.resize(in.Get<uint64_t>());
      for (auto& e : s->entries) e = std::string(in.GetString());
    } else if constexpr (requires { s->values.data(); }) {
      s->values.resize(in.Get<uint64_t>());
      in.GetBytes(s->values.data(), s->values.size() * sizeof(s->values[0]));
    } else {
      s->any = in.Get<uint8_t>() != 0;
      s->value = std::string(in.GetString());
    }
  }

  AggregateParams params_;
  std::vector<typename Op::State> states_;
  size_t values_ = 0;  // rows added (upper bound of the values a holistic state keeps)
};

}  // namespace tally
