#include "exec/window_partition.h"

#include <deque>
#include <string_view>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/column_util.h"

namespace tally {
namespace {

// Each row's frame [begin, end) within the partition. Both ends never decrease from one row to
// the next, which the sliding minimum and the running sums rely on.
struct Frames {
  std::vector<uint32_t> begin, end;
};

Frames ComputeFrames(const WindowFrame& frame, const WindowPartition& p) {
  size_t n = p.rows;
  // First row and one past the last row of each peer group.
  std::vector<uint32_t> group_begin, group_end;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || p.peer[i] != p.peer[i - 1]) group_begin.push_back(static_cast<uint32_t>(i));
    if (i + 1 == n || p.peer[i] != p.peer[i + 1]) group_end.push_back(static_cast<uint32_t>(i + 1));
  }
  auto position = [&](const FrameBound& b, size_t i, bool is_end) -> int64_t {
    auto row = static_cast<int64_t>(i);
    switch (b.kind) {
      case FrameBoundKind::kUnboundedPreceding:
        return 0;
      case FrameBoundKind::kPreceding:
        return row - b.offset + (is_end ? 1 : 0);
      case FrameBoundKind::kCurrentRow:
        if (!frame.rows) return is_end ? group_end[p.peer[i]] : group_begin[p.peer[i]];
        return row + (is_end ? 1 : 0);
      case FrameBoundKind::kFollowing:
        // Saturate: an offset near INT64_MAX must not wrap.
        return b.offset > static_cast<int64_t>(n) ? static_cast<int64_t>(n) + 1
                                                  : row + b.offset + (is_end ? 1 : 0);
      case FrameBoundKind::kUnboundedFollowing:
        return static_cast<int64_t>(n);
    }
    return 0;
  };
  Frames f;
  f.begin.resize(n);
  f.end.resize(n);
  auto clamp = [&](int64_t v) {
    return static_cast<uint32_t>(std::clamp<int64_t>(v, 0, static_cast<int64_t>(n)));
  };
  for (size_t i = 0; i < n; ++i) {
    f.begin[i] = clamp(position(frame.start, i, false));
    f.end[i] = std::max(f.begin[i], clamp(position(frame.end, i, true)));
  }
  return f;
}

// -1, 0 or 1 as row a of `c` orders before, with or after row b (both valid).
int CompareValues(const Column& c, size_t a, size_t b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (c.type().id) {
    case TypeId::kBool:
      return cmp(c.Get<uint8_t>(a), c.Get<uint8_t>(b));
    case TypeId::kInt32:
    case TypeId::kDate:
      return cmp(c.Get<int32_t>(a), c.Get<int32_t>(b));
    case TypeId::kInt64:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      return cmp(c.Get<int64_t>(a), c.Get<int64_t>(b));
    case TypeId::kDouble:
      return cmp(c.Get<double>(a), c.Get<double>(b));
    case TypeId::kString:
      return cmp(c.GetString(a), c.GetString(b));
  }
  return 0;
}

// A column of int64 or double values, NULL where `valid` is false.
template <typename T>
ColumnPtr NumberColumn(const DataType& type, const std::vector<T>& values,
                       const std::vector<bool>& valid) {
  ColumnPtr out = MakeFixedColumn(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    out->data<T>()[i] = values[i];
    if (!valid[i]) out->SetNull(i);
  }
  return out;
}

ColumnPtr Rankings(const std::string& name, int64_t buckets, const WindowPartition& p) {
  size_t n = p.rows;
  std::vector<int64_t> v(n);
  std::vector<double> d(n);
  std::vector<uint32_t> group_first(n), group_last(n);  // by row: its peer group's bounds
  for (size_t i = 0; i < n; ++i)
    group_first[i] = (i > 0 && p.peer[i] == p.peer[i - 1]) ? group_first[i - 1] : i;
  for (size_t i = n; i-- > 0;)
    group_last[i] = (i + 1 < n && p.peer[i] == p.peer[i + 1]) ? group_last[i + 1] : i;
  if (name == "ntile" && buckets <= 0) ThrowError("argument of ntile must be greater than zero");
  auto un = static_cast<int64_t>(n);
  int64_t size = buckets > 0 ? un / buckets : 0, extra = buckets > 0 ? un % buckets : 0;
  for (size_t i = 0; i < n; ++i) {
    auto row = static_cast<int64_t>(i);
    if (name == "row_number") {
      v[i] = row + 1;
    } else if (name == "rank") {
      v[i] = group_first[i] + 1;
    } else if (name == "dense_rank") {
      v[i] = p.peer[i] - p.peer[0] + 1;
    } else if (name == "percent_rank") {
      d[i] = n > 1 ? static_cast<double>(group_first[i]) / static_cast<double>(n - 1) : 0.0;
    } else if (name == "cume_dist") {
      d[i] = static_cast<double>(group_last[i] + 1) / static_cast<double>(n);
    } else {  // ntile: the first n % buckets buckets have one row more
      int64_t boundary = extra * (size + 1);
      v[i] = row < boundary ? row / (size + 1) + 1 : (row - boundary) / size + extra + 1;
    }
  }
  std::vector<bool> valid(n, true);
  if (name == "percent_rank" || name == "cume_dist")
    return NumberColumn(DataType::Double(), d, valid);
  return NumberColumn(DataType::Int64(), v, valid);
}

// lag / lead: the argument `offset` rows before / after, else the default (or NULL).
ColumnPtr Offset(const ExprNode& fn, const DataType& type, const WindowPartition& p) {
  auto offset = static_cast<int64_t>(fn.param);
  if (fn.name == "lead") offset = -offset;
  size_t n = p.rows;
  std::vector<uint32_t> source(n, kNoRow);
  for (size_t i = 0; i < n; ++i) {
    int64_t q = static_cast<int64_t>(i) - offset;
    if (q >= 0 && q < static_cast<int64_t>(n))
      source[i] = static_cast<uint32_t>(q);
    else if (p.args.size() > 1)
      source[i] = static_cast<uint32_t>(n + i);  // the default, in the second half
  }
  ColumnPtr values = p.args.size() > 1 ? ConcatColumns({p.args[0], p.args[1]}, type) : p.args[0];
  return GatherRows(*values, source.data(), n);
}

// first_value, last_value, nth_value: one row of each frame (NULL when the frame is too small).
ColumnPtr FrameValue(const ExprNode& fn, const Frames& f, const WindowPartition& p) {
  std::vector<uint32_t> source(p.rows, kNoRow);
  for (size_t i = 0; i < p.rows; ++i) {
    if (f.begin[i] >= f.end[i]) continue;
    if (fn.name == "first_value") {
      source[i] = f.begin[i];
    } else if (fn.name == "last_value") {
      source[i] = f.end[i] - 1;
    } else {
      auto nth = static_cast<int64_t>(fn.param);
      if (nth <= 0) ThrowError("argument of nth_value must be greater than zero");
      if (nth <= static_cast<int64_t>(f.end[i] - f.begin[i]))
        source[i] = f.begin[i] + static_cast<uint32_t>(nth - 1);
    }
  }
  return GatherRows(*p.args[0], source.data(), p.rows);
}

// min / max over each frame: a sliding window of candidate rows (the frame ends only move
// forward), so each row enters and leaves once.
ColumnPtr MinMax(bool is_max, const Frames& f, const WindowPartition& p) {
  const Column& c = *p.args[0];
  std::vector<uint32_t> source(p.rows, kNoRow);
  std::deque<uint32_t> candidates;  // rows in order, values strictly improving towards the back
  uint32_t next = 0;
  for (size_t i = 0; i < p.rows; ++i) {
    for (; next < f.end[i]; ++next) {
      if (c.IsNull(next)) continue;
      while (!candidates.empty()) {
        int order = CompareValues(c, candidates.back(), next);
        if (is_max ? order > 0 : order < 0) break;
        candidates.pop_back();
      }
      candidates.push_back(next);
    }
    while (!candidates.empty() && candidates.front() < f.begin[i]) candidates.pop_front();
    if (!candidates.empty()) source[i] = candidates.front();
  }
  return GatherRows(c, source.data(), p.rows);
}

// count, sum and avg over each frame, from sums of the rows before each row. Integers and
// decimals sum exactly in 128 bits; doubles are summed over each frame itself (differences of
// large running sums would lose digits).
ColumnPtr Sums(const std::string& name, const DataType& type, const Frames& f,
               const WindowPartition& p) {
  size_t n = p.rows;
  const Column* c = p.args.empty() ? nullptr : p.args[0].get();
  std::vector<int64_t> counts(n + 1, 0);
  for (size_t i = 0; i < n; ++i) counts[i + 1] = counts[i] + ((c && c->IsNull(i)) ? 0 : 1);
  auto count = [&](size_t i) { return counts[f.end[i]] - counts[f.begin[i]]; };
  std::vector<bool> valid(n, true);
  if (name == "count" || name == "count_star") {
    std::vector<int64_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = count(i);
    return NumberColumn(DataType::Int64(), v, valid);
  }
  for (size_t i = 0; i < n; ++i) valid[i] = count(i) > 0;
  TypeId in = c->type().id;
  if (in == TypeId::kDouble) {
    std::vector<double> v(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      double sum = 0;
      for (uint32_t r = f.begin[i]; r < f.end[i]; ++r)
        if (!c->IsNull(r)) sum += c->Get<double>(r);
      v[i] = name == "sum" ? sum : sum / static_cast<double>(count(i));
    }
    return NumberColumn(type, v, valid);
  }
  std::vector<__int128> prefix(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    __int128 x = 0;
    if (!c->IsNull(i)) x = in == TypeId::kInt32 ? c->Get<int32_t>(i) : c->Get<int64_t>(i);
    prefix[i + 1] = prefix[i] + x;
  }
  int scale = in == TypeId::kDecimal ? c->type().scale : 0;
  if (name == "mean") {
    std::vector<double> v(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      long double sum = static_cast<long double>(prefix[f.end[i]] - prefix[f.begin[i]]);
      v[i] = static_cast<double>(sum / static_cast<long double>(count(i)) /
                                 static_cast<long double>(kPowersOfTen[scale]));
    }
    return NumberColumn(type, v, valid);
  }
  std::vector<int64_t> v(n, 0);
  __int128 limit =
      type.id == TypeId::kDecimal ? __int128{kPowersOfTen[18]} : __int128{INT64_MAX} + 1;
  for (size_t i = 0; i < n; ++i) {
    if (!valid[i]) continue;
    __int128 sum = prefix[f.end[i]] - prefix[f.begin[i]];
    if (sum >= limit || sum < -limit)
      ThrowError("sum overflows {}: {}", type.ToString(), FormatDecimal128(sum, scale));
    v[i] = static_cast<int64_t>(sum);
  }
  return NumberColumn(type, v, valid);
}

}  // namespace

ColumnPtr EvaluateWindowPartition(const ExprNode& fn, const DataType& type,
                                  const WindowFrame& frame, const WindowPartition& partition) {
  const std::string& name = fn.name;
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" ||
      name == "cume_dist" || name == "ntile")
    return Rankings(name, static_cast<int64_t>(fn.param), partition);
  if (name == "lag" || name == "lead") return Offset(fn, type, partition);
  Frames frames = ComputeFrames(frame, partition);
  if (name == "first_value" || name == "last_value" || name == "nth_value")
    return FrameValue(fn, frames, partition);
  if (name == "min" || name == "max") return MinMax(name == "max", frames, partition);
  if (name == "count" || name == "count_star" || name == "sum" || name == "mean")
    return Sums(name, type, frames, partition);
  ThrowError("unknown window function {}()", name);
}

}  // namespace tally
