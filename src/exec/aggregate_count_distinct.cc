#include "exec/aggregate_count_distinct.h"

#include <cstring>

#include "common/error.h"
#include "dist/byte_buffer.h"
#include "exec/column_util.h"
#include "exec/row_hash.h"

namespace tally {

uint64_t CountDistinctStates::HashPair(uint32_t group, uint64_t value) {
  return MixBits(value ^ (uint64_t{group} * 0x9E3779B97F4A7C15ULL));
}

bool CountDistinctStates::Insert(uint32_t group, uint64_t value) {
  size_t slot = HashPair(group, value) & mask_;
  while (uint32_t entry = slots_[slot]) {
    if (values_[entry - 1] == value && groups_[entry - 1] == group) return false;
    slot = (slot + 1) & mask_;
  }
  if (values_.size() >= UINT32_MAX - 1) throw Error("count_distinct: too many distinct values");
  values_.push_back(value);
  groups_.push_back(group);
  slots_[slot] = static_cast<uint32_t>(values_.size());
  if (values_.size() * 2 > slots_.size()) Grow();
  return true;
}

void CountDistinctStates::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t i = 0; i < values_.size(); ++i) {
    size_t slot = HashPair(groups_[i], values_[i]) & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

void CountDistinctStates::Update(const Column* input, const uint32_t* groups, size_t rows) {
  const bool nulls = input->HasNulls();
  // The lines of one invoice (or customer) come together, so a row often repeats the previous
  // row's pair; that is known not to be new without a hash probe.
  uint32_t last_group = UINT32_MAX;
  uint64_t last_value = 0;
  auto add = [&](size_t i, uint64_t value) {
    if (groups[i] == last_group && value == last_value) return;
    last_group = groups[i];
    last_value = value;
    if (Insert(groups[i], value)) ++counts_[groups[i]];
  };
  switch (input->type().id) {
    case TypeId::kBool: {
      const uint8_t* v = input->data<uint8_t>();
      for (size_t i = 0; i < rows; ++i)
        if (!nulls || input->IsValid(i)) add(i, v[i] != 0);
      break;
    }
    case TypeId::kInt32:
    case TypeId::kDate: {
      const int32_t* v = input->data<int32_t>();
      for (size_t i = 0; i < rows; ++i)
        if (!nulls || input->IsValid(i)) add(i, static_cast<uint64_t>(int64_t{v[i]}));
      break;
    }
    case TypeId::kDouble: {
      const double* v = input->data<double>();
      for (size_t i = 0; i < rows; ++i) {
        if (nulls && !input->IsValid(i)) continue;
        double d = v[i] == 0 ? 0.0 : v[i];  // -0.0 and 0.0 are one value
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        add(i, bits);
      }
      break;
    }
    case TypeId::kString: {
      if (input->is_dictionary()) {
        const Column& dict = *input->dictionary();
        // No word has this value: inline words have the top bit set, pool ids are 32-bit.
        constexpr uint64_t kUnknown = ~uint64_t{0} >> 1;
        dictionary_words_.assign(dict.size(), kUnknown);
        const int32_t* idx = input->data<int32_t>();
        for (size_t i = 0; i < rows; ++i) {
          if (nulls && !input->IsValid(i)) continue;
          uint64_t& word = dictionary_words_[static_cast<size_t>(idx[i])];
          if (word == kUnknown) word = strings_.Word(dict.GetString(static_cast<size_t>(idx[i])));
          add(i, word);
        }
      } else {
        for (size_t i = 0; i < rows; ++i)
          if (!nulls || input->IsValid(i)) add(i, strings_.Word(input->GetString(i)));
      }
      break;
    }
    default: {  // int64, decimal, timestamp
      const int64_t* v = input->data<int64_t>();
      for (size_t i = 0; i < rows; ++i)
        if (!nulls || input->IsValid(i)) add(i, static_cast<uint64_t>(v[i]));
    }
  }
}

void CountDistinctStates::Combine(AggregateStates& other, const uint32_t* group_map) {
  auto& o = static_cast<CountDistinctStates&>(other);
  const bool strings = input_.id == TypeId::kString;
  for (size_t i = 0; i < o.values_.size(); ++i) {
    uint32_t group = group_map[o.groups_[i]];
    uint64_t value = strings ? strings_.Rehome(o.values_[i], o.strings_) : o.values_[i];
    if (Insert(group, value)) ++counts_[group];
  }
}

void CountDistinctStates::Serialize(const uint32_t* groups, size_t n, std::string* out) const {
  // The pairs of each group, found by a counting sort of the pairs by group.
  std::vector<uint32_t> start(counts_.size() + 1, 0);
  for (uint32_t g : groups_) ++start[g + 1];
  for (size_t g = 0; g < counts_.size(); ++g) start[g + 1] += start[g];
  std::vector<uint32_t> order(values_.size());
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < values_.size(); ++i) order[fill[groups_[i]]++] = static_cast<uint32_t>(i);
  const bool strings = input_.id == TypeId::kString;
  char buffer[8];
  for (size_t i = 0; i < n; ++i) {
    uint32_t g = groups[i];
    PutValue<uint64_t>(out, start[g + 1] - start[g]);
    for (uint32_t k = start[g]; k < start[g + 1]; ++k) {
      uint64_t value = values_[order[k]];
      if (strings)
        PutString(out, strings_.WordString(value, buffer));
      else
        PutValue(out, value);
    }
  }
}

void CountDistinctStates::MergeSerialized(ByteReader& in, const uint32_t* group_map, size_t n) {
  const bool strings = input_.id == TypeId::kString;
  for (size_t i = 0; i < n; ++i) {
    uint32_t group = group_map[i];
    uint64_t count = in.Get<uint64_t>();
    for (uint64_t k = 0; k < count; ++k) {
      uint64_t value = strings ? strings_.Word(in.GetString()) : in.Get<uint64_t>();
      if (Insert(group, value)) ++counts_[group];
    }
  }
}

ColumnPtr CountDistinctStates::Finalize() {
  ColumnPtr out = MakeFixedColumn(DataType::Int64(), counts_.size());
  std::copy(counts_.begin(), counts_.end(), out->data<int64_t>());
  return out;
}

ColumnPtr DistinctValuesStates::Finalize() {
  // The distinct values back in the input's type, with their groups.
  auto column = Column::Make(input_);
  char buffer[8];
  for (uint64_t word : values_) {
    switch (input_.id) {
      case TypeId::kBool:
        column->Append<uint8_t>(static_cast<uint8_t>(word != 0));
        break;
      case TypeId::kInt32:
      case TypeId::kDate:
        column->Append<int32_t>(static_cast<int32_t>(static_cast<int64_t>(word)));
        break;
      case TypeId::kDouble: {
        double d;
        std::memcpy(&d, &word, 8);
        column->Append<double>(d);
        break;
      }
      case TypeId::kString:
        column->AppendString(strings_.WordString(word, buffer));
        break;
      default:  // int64, decimal, timestamp
        column->Append<int64_t>(static_cast<int64_t>(word));
    }
  }
  std::unique_ptr<AggregateStates> states = inner_->CreateStates();
  states->Resize(counts_.size());
  if (!values_.empty()) states->Update(column.get(), groups_.data(), values_.size());
  return states->Finalize();
}

}  // namespace tally
