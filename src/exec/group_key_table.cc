#include "exec/group_key_table.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "exec/column_util.h"
#include "exec/row_hash.h"

namespace tally {
namespace {

uint64_t DoubleWord(double v) {
  if (v == 0) v = 0;  // -0.0 groups with 0.0
  if (v != v) v = std::numeric_limits<double>::quiet_NaN();
  uint64_t w;
  std::memcpy(&w, &v, 8);
  return w;
}

}  // namespace

GroupKeyTable::GroupKeyTable(std::vector<DataType> key_types)
    : key_types_(std::move(key_types)),
      stride_(key_types_.size() + std::max<size_t>(1, (key_types_.size() + 63) / 64)) {
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

void GroupKeyTable::Encode(const std::vector<const Column*>& keys, size_t rows, bool insert,
                           std::vector<uint64_t>* words, std::vector<uint8_t>* unmatched) {
  words->assign(rows * stride_, 0);
  uint64_t* w = words->data();
  for (size_t k = 0; k < keys.size(); ++k) {
    const Column& c = *keys[k];
    const size_t flags = keys.size() + k / 64;  // the word holding this key's NULL flag
    const uint64_t null_bit = uint64_t{1} << (k % 64);
    switch (c.type().id) {
      case TypeId::kBool: {
        const uint8_t* v = c.data<uint8_t>();
        for (size_t i = 0; i < rows; ++i) w[i * stride_ + k] = v[i];
        break;
      }
      case TypeId::kInt32:
      case TypeId::kDate: {
        const int32_t* v = c.data<int32_t>();
        for (size_t i = 0; i < rows; ++i) w[i * stride_ + k] = static_cast<uint64_t>(int64_t{v[i]});
        break;
      }
      case TypeId::kDouble: {
        const double* v = c.data<double>();
        for (size_t i = 0; i < rows; ++i) w[i * stride_ + k] = DoubleWord(v[i]);
        break;
      }
      case TypeId::kString: {
        // The string's word (StringPool::Word); false when looking up a string the table has
        // never seen.
        auto word_of = [&](std::string_view s, uint64_t* word) {
          if (insert) {
            *word = strings_.Word(s);
            return true;
          }
          return strings_.FindWord(s, word);
        };
        if (c.is_dictionary()) {
          const Column& dict = *c.dictionary();
          // Per dictionary entry: 0 = not yet looked up, 1 = found (word in dict_words), 2 =
          // absent.
          std::vector<uint8_t> state(dict.size(), 0);
          std::vector<uint64_t> dict_words(dict.size());
          const int32_t* idx = c.data<int32_t>();
          for (size_t i = 0; i < rows; ++i) {
            if (c.IsNull(i)) continue;
            auto e = static_cast<size_t>(idx[i]);
            if (state[e] == 0) state[e] = word_of(dict.GetString(e), &dict_words[e]) ? 1 : 2;
            if (state[e] == 2)
              (*unmatched)[i] = 1;
            else
              w[i * stride_ + k] = dict_words[e];
          }
        } else {
          for (size_t i = 0; i < rows; ++i) {
            if (c.IsNull(i)) continue;
            uint64_t word;
            if (word_of(c.GetString(i), &word))
              w[i * stride_ + k] = word;
            else
              (*unmatched)[i] = 1;
          }
        }
        break;
      }
      default: {  // int64, decimal, timestamp
        const int64_t* v = c.data<int64_t>();
        for (size_t i = 0; i < rows; ++i) w[i * stride_ + k] = static_cast<uint64_t>(v[i]);
      }
    }
    if (c.HasNulls()) {
      for (size_t i = 0; i < rows; ++i)
        if (c.IsNull(i)) {
          w[i * stride_ + k] = 0;
          w[i * stride_ + flags] |= null_bit;
          if (unmatched) (*unmatched)[i] = 1;
        }
    }
  }
}

void GroupKeyTable::EncodeConst(const std::vector<const Column*>& keys, size_t rows,
                                std::vector<uint64_t>* words,
                                std::vector<uint8_t>* unmatched) const {
  // Encoding without insertion never modifies the table.
  const_cast<GroupKeyTable*>(this)->Encode(keys, rows, false, words, unmatched);
}

uint64_t GroupKeyTable::HashWords(const uint64_t* w) const {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (size_t k = 0; k < stride_; ++k) h = MixBits(h ^ (w[k] + 0x9e3779b97f4a7c15ULL + (h << 6)));
  return h;
}

bool GroupKeyTable::Equal(uint32_t group, const uint64_t* w) const {
  const uint64_t* g = group_words_.data() + size_t{group} * stride_;
  for (size_t k = 0; k < stride_; ++k)
    if (g[k] != w[k]) return false;
  return true;
}

void GroupKeyTable::Grow() {
  Rehash(slots_.size() * 2);
}

void GroupKeyTable::Rehash(size_t slots) {
  slots_.assign(slots, 0);
  mask_ = slots_.size() - 1;
  for (uint32_t g = 0; g < group_hashes_.size(); ++g) {
    uint64_t idx = group_hashes_[g] & mask_;
    while (slots_[idx] != 0) idx = (idx + 1) & mask_;
    slots_[idx] = Slot(group_hashes_[g], g);
  }
}

void GroupKeyTable::SpreadForProbing() {
  // At a load of a half (as the table grows), a key that is absent visits about 2.2 slots
  // before an empty one; at a quarter about 1.3. Only small tables (512 KB of slots), which stay
  // in cache and are rebuilt in no time.
  constexpr size_t kMaxSpreadSlots = size_t{1} << 16;
  size_t slots = slots_.size();
  while (slots < 4 * group_hashes_.size() && slots * 2 <= kMaxSpreadSlots) slots *= 2;
  if (slots != slots_.size()) Rehash(slots);
}

std::vector<uint64_t> GroupKeyTable::HashRowsOf(const std::vector<uint64_t>& words,
                                                size_t rows) const {
  std::vector<uint64_t> hashes(rows);
  const uint64_t* w = words.data();
  for (size_t i = 0; i < rows; ++i, w += stride_) hashes[i] = HashWords(w);
  return hashes;
}

// Rows this far ahead have their slot prefetched: a large table's slot is a cache miss, and
// the misses of several rows then overlap.
constexpr size_t kPrefetchDistance = 8;

uint32_t GroupKeyTable::FindOrInsertOne(const uint64_t* w, uint64_t hash) {
  const uint64_t tag = Tag(hash);
  uint64_t idx = hash & mask_;
  while (true) {
    uint64_t slot = slots_[idx];
    if (slot == 0) break;
    uint32_t g = static_cast<uint32_t>(slot) - 1;
    if (Tag(slot) == tag && Equal(g, w)) return g;
    idx = (idx + 1) & mask_;
  }
  uint32_t g = static_cast<uint32_t>(group_hashes_.size());
  if (g == UINT32_MAX - 1) throw Error("too many groups");
  group_hashes_.push_back(hash);
  group_words_.insert(group_words_.end(), w, w + stride_);
  slots_[idx] = Slot(hash, g);
  if (group_hashes_.size() * 2 > slots_.size()) Grow();
  return g;
}

void GroupKeyTable::FindOrInsert(const std::vector<const Column*>& keys, size_t rows,
                                 uint32_t* group_ids) {
  std::vector<uint64_t> words;
  Encode(keys, rows, true, &words, nullptr);
  std::vector<uint64_t> hashes = HashRowsOf(words, rows);
  const uint64_t* w = words.data();
  for (size_t i = 0; i < rows; ++i, w += stride_) {
    if (i + kPrefetchDistance < rows)
      __builtin_prefetch(&slots_[hashes[i + kPrefetchDistance] & mask_]);
    // Input often comes in runs of one key (the lines of an invoice): a row with the previous
    // row's key words is in the previous row's group, without probing.
    if (i > 0 && hashes[i] == hashes[i - 1] && std::equal(w, w + stride_, w - stride_)) {
      group_ids[i] = group_ids[i - 1];
      continue;
    }
    group_ids[i] = FindOrInsertOne(w, hashes[i]);
  }
}

void GroupKeyTable::Find(const std::vector<const Column*>& keys, size_t rows,
                         uint32_t* group_ids) const {
  std::vector<uint64_t> words;
  std::vector<uint8_t> unmatched(rows, 0);
  EncodeConst(keys, rows, &words, &unmatched);
  std::vector<uint64_t> hashes = HashRowsOf(words, rows);
  const uint64_t* w = words.data();
  for (size_t i = 0; i < rows; ++i, w += stride_) {
    if (i + kPrefetchDistance < rows)
      __builtin_prefetch(&slots_[hashes[i + kPrefetchDistance] & mask_]);
    group_ids[i] = kNoRow;
    if (unmatched[i]) continue;
    const uint64_t tag = Tag(hashes[i]);
    uint64_t idx = hashes[i] & mask_;
    while (uint64_t slot = slots_[idx]) {
      uint32_t g = static_cast<uint32_t>(slot) - 1;
      if (Tag(slot) == tag && Equal(g, w)) {
        group_ids[i] = g;
        break;
      }
      idx = (idx + 1) & mask_;
    }
  }
}

std::vector<uint32_t> GroupKeyTable::Merge(const GroupKeyTable& other) {
  size_t n = other.num_groups();
  std::vector<uint32_t> map(n);
  std::vector<uint64_t> w(stride_);
  for (size_t g = 0; g < n; ++g) {
    const uint64_t* src = other.group_words_.data() + g * stride_;
    std::copy(src, src + stride_, w.begin());
    for (size_t k = 0; k < key_types_.size(); ++k)
      if (key_types_[k].id == TypeId::kString && !KeyIsNull(src, k))
        w[k] = strings_.Rehome(src[k], other.strings_);
    map[g] = FindOrInsertOne(w.data(), HashWords(w.data()));
  }
  return map;
}

std::vector<ColumnPtr> GroupKeyTable::KeyColumns() const {
  std::vector<ColumnPtr> out;
  size_t n = num_groups();
  for (size_t k = 0; k < key_types_.size(); ++k) {
    const DataType& t = key_types_[k];
    ColumnPtr c;
    if (t.id == TypeId::kString) {
      // Short strings live in the words themselves, so the keys come out as flat strings.
      c = Column::Make(t);
      c->Reserve(n, n * 8);
      char buffer[8];
      for (size_t g = 0; g < n; ++g) {
        uint64_t w = group_words_[g * stride_ + k];
        bool null = KeyIsNull(group_words_.data() + g * stride_, k);
        c->AppendString(null ? std::string_view() : strings_.WordString(w, buffer));
      }
    } else {
      c = MakeFixedColumn(t, n);
      for (size_t g = 0; g < n; ++g) {
        uint64_t w = group_words_[g * stride_ + k];
        switch (t.FixedWidth()) {
          case 1:
            c->data<uint8_t>()[g] = static_cast<uint8_t>(w);
            break;
          case 4:
            c->data<int32_t>()[g] = static_cast<int32_t>(static_cast<int64_t>(w));
            break;
          default:
            std::memcpy(c->data<uint8_t>() + g * 8, &w, 8);
        }
      }
    }
    for (size_t g = 0; g < n; ++g)
      if (KeyIsNull(group_words_.data() + g * stride_, k)) c->SetNull(g);
    out.push_back(c);
  }
  return out;
}

}  // namespace tally
