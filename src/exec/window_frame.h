#pragma once
// The frame of a window function: which rows of its partition an aggregate, first_value or
// last_value sees for each row. As in SQL: ROWS counts rows, RANGE counts peers (rows equal in
// the ORDER BY keys move together; only UNBOUNDED and CURRENT ROW bounds). The default frame is
// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: with ORDER BY the rows up to the current
// row's last peer, without it the whole partition (every row is a peer).
#include <cstdint>
#include <string>

namespace tally {

enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,  // `offset` rows before
  kCurrentRow,
  kFollowing,  // `offset` rows after
  kUnboundedFollowing
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  int64_t offset = 0;
};

struct WindowFrame {
  bool rows = false;  // ROWS; else RANGE
  FrameBound start{FrameBoundKind::kUnboundedPreceding, 0};
  FrameBound end{FrameBoundKind::kCurrentRow, 0};

  bool IsDefault() const {
    return !rows && start.kind == FrameBoundKind::kUnboundedPreceding &&
           end.kind == FrameBoundKind::kCurrentRow;
  }
  std::string ToString() const;
};

}  // namespace tally
