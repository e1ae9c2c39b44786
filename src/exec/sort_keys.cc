#include "exec/sort_keys.h"

#include <tbb/parallel_sort.h>

#include <cstring>

namespace tally {

SortKeyColumn MakeSortKeyColumn(const Column& column, bool ascending, bool nulls_first) {
  SortKeyColumn key;
  key.ascending = ascending;
  key.nulls_first = nulls_first;
  size_t n = column.size();
  key.nulls.assign(n, 0);
  if (column.HasNulls())
    for (size_t i = 0; i < n; ++i) key.nulls[i] = column.IsNull(i);
  const DataType& t = column.type();
  if (t.id == TypeId::kString) {
    key.is_string = true;
    key.strings.resize(n);
    for (size_t i = 0; i < n; ++i)
      key.strings[i] = key.nulls[i] ? std::string_view() : column.GetString(i);
    return key;
  }
  key.words.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t w;
    switch (t.id) {
      case TypeId::kBool:
        w = column.Get<uint8_t>(i);
        break;
      case TypeId::kInt32:
      case TypeId::kDate:
        w = OrderedWord(int64_t{column.Get<int32_t>(i)});
        break;
      case TypeId::kDouble:
        w = OrderedWord(column.Get<double>(i));
        break;
      default:
        w = OrderedWord(column.Get<int64_t>(i));
    }
    key.words[i] = w;
  }
  return key;
}

int CompareSortRows(const std::vector<SortKeyColumn>& x, size_t a,
                    const std::vector<SortKeyColumn>& y, size_t b) {
  for (size_t i = 0; i < x.size(); ++i) {
    const SortKeyColumn& kx = x[i];
    const SortKeyColumn& ky = y[i];
    uint8_t na = kx.nulls[a], nb = ky.nulls[b];
    if (na != nb) return (na ? kx.nulls_first : !kx.nulls_first) ? -1 : 1;
    if (na) continue;
    int c;
    if (kx.is_string) {
      c = kx.strings[a].compare(ky.strings[b]);
    } else {
      c = kx.words[a] < ky.words[b] ? -1 : (kx.words[a] > ky.words[b] ? 1 : 0);
    }
    if (c != 0) return kx.ascending ? c : -c;
  }
  return 0;
}

std::vector<uint32_t> SortedRowOrder(const std::vector<SortKeyColumn>& keys, size_t rows) {
  std::vector<uint32_t> order(rows);
  for (size_t i = 0; i < rows; ++i) order[i] = static_cast<uint32_t>(i);
  auto less = [&keys](uint32_t a, uint32_t b) {
    for (const auto& k : keys) {
      uint8_t na = k.nulls[a], nb = k.nulls[b];
      if (na != nb) return na ? k.nulls_first : !k.nulls_first;
      if (na) continue;
      int c;
      if (k.is_string) {
        c = k.strings[a].compare(k.strings[b]);
      } else {
        c = k.words[a] < k.words[b] ? -1 : (k.words[a] > k.words[b] ? 1 : 0);
      }
      if (c != 0) return k.ascending ? c < 0 : c > 0;
    }
    return a < b;  // the row index makes the order total, hence stable
  };
  tbb::parallel_sort(order.begin(), order.end(), less);
  return order;
}

}  // namespace tally
