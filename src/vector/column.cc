#include "vector/column.h"

#include <limits>

#include "common/datetime.h"
#include "common/number_parse.h"

namespace tally {

ColumnPtr Column::MakeDictionary(std::shared_ptr<const Column> dictionary) {
  TALLY_ASSERT(dictionary->type().id == TypeId::kString && !dictionary->is_dictionary());
  auto column = std::make_shared<Column>(DataType::String());
  column->dictionary_ = std::move(dictionary);
  return column;
}

void Column::EnsureValidity() {
  if (validity_.empty()) validity_.InitAllValid(size_);
}

void Column::SetNull(size_t i) {
  EnsureValidity();
  if (validity_.Get(i)) {
    validity_.Set(i, false);
    ++null_count_;
  }
}

void Column::Reserve(size_t rows, size_t string_bytes) {
  if (type_.id == TypeId::kString && !dictionary_) {
    offsets_.reserve(rows + 1);
    chars_.reserve(string_bytes);
  } else {
    data_.reserve(rows * (dictionary_ ? 4 : type_.FixedWidth()));
  }
}

void Column::Resize(size_t rows) {
  TALLY_ASSERT(type_.id != TypeId::kString || dictionary_);
  size_t width = dictionary_ ? 4 : type_.FixedWidth();
  if (rows < size_ && !validity_.empty()) {
    for (size_t i = rows; i < size_; ++i)
      if (!validity_.Get(i)) --null_count_;
  }
  data_.resize(rows * width);
  size_ = rows;
  if (!validity_.empty()) validity_.Resize(rows, true);
}

void Column::AppendString(std::string_view value) {
  TALLY_ASSERT(type_.id == TypeId::kString && !dictionary_);
  if (chars_.size() + value.size() > std::numeric_limits<uint32_t>::max())
    throw Error("string column exceeds 4 GiB in one batch");
  chars_.append(value);
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  ++size_;
  if (!validity_.empty()) validity_.Resize(size_, true);
}

void Column::AppendNull() {
  if (type_.id == TypeId::kString && !dictionary_) {
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
    ++size_;
  } else {
    size_t width = dictionary_ ? 4 : type_.FixedWidth();
    data_.resize(data_.size() + width, 0);
    ++size_;
  }
  EnsureValidity();
  validity_.Resize(size_, true);
  validity_.Set(size_ - 1, false);
  ++null_count_;
}

void Column::AppendFrom(const Column& other, size_t row) {
  if (other.IsNull(row)) {
    AppendNull();
    return;
  }
  if (type_.id == TypeId::kString) {
    AppendString(other.GetString(row));
    return;
  }
  size_t width = type_.FixedWidth();
  data_.resize(data_.size() + width);
  std::memcpy(data_.data() + size_ * width, other.data_.data() + row * width, width);
  ++size_;
  if (!validity_.empty()) validity_.Resize(size_, true);
}

std::shared_ptr<const Column> Column::Flatten(const std::shared_ptr<const Column>& self) const {
  if (!dictionary_) return self;
  auto flat = std::make_shared<Column>(type_);
  flat->Reserve(size_);
  for (size_t i = 0; i < size_; ++i) {
    if (IsNull(i))
      flat->AppendNull();
    else
      flat->AppendString(GetString(i));
  }
  return flat;
}

ColumnPtr Column::Slice(size_t offset, size_t length) const {
  TALLY_ASSERT(offset + length <= size_);
  auto out = dictionary_ ? MakeDictionary(dictionary_) : std::make_shared<Column>(type_);
  if (type_.id == TypeId::kString && !dictionary_) {
    uint32_t begin = offsets_[offset], end = offsets_[offset + length];
    out->chars_.assign(chars_, begin, end - begin);
    out->offsets_.resize(length + 1);
    for (size_t i = 0; i <= length; ++i) out->offsets_[i] = offsets_[offset + i] - begin;
  } else {
    size_t width = dictionary_ ? 4 : type_.FixedWidth();
    out->data_.assign(data_.begin() + static_cast<ptrdiff_t>(offset * width),
                      data_.begin() + static_cast<ptrdiff_t>((offset + length) * width));
  }
  out->size_ = length;
  if (null_count_ > 0) {
    out->validity_.InitAllValid(length);
    for (size_t i = 0; i < length; ++i)
      if (!validity_.Get(offset + i)) {
        out->validity_.Set(i, false);
        ++out->null_count_;
      }
  }
  return out;
}

ColumnPtr Column::Take(const std::vector<uint32_t>& rows) const {
  auto out = dictionary_ ? MakeDictionary(dictionary_) : std::make_shared<Column>(type_);
  size_t n = rows.size();
  if (type_.id == TypeId::kString && !dictionary_) {
    out->offsets_.reserve(n + 1);
    for (uint32_t r : rows) {
      out->chars_.append(chars_.data() + offsets_[r], offsets_[r + 1] - offsets_[r]);
      out->offsets_.push_back(static_cast<uint32_t>(out->chars_.size()));
    }
  } else {
    size_t width = dictionary_ ? 4 : type_.FixedWidth();
    out->data_.resize(n * width);
    uint8_t* dst = out->data_.data();
    const uint8_t* src = data_.data();
    WithUnsignedOfWidth(width, [&](auto tag) {
      using T = decltype(tag);
      for (size_t i = 0; i < n; ++i)
        std::memcpy(dst + i * sizeof(T), src + static_cast<size_t>(rows[i]) * sizeof(T), sizeof(T));
    });
  }
  out->size_ = n;
  if (null_count_ > 0) {
    out->validity_.InitAllValid(n);
    for (size_t i = 0; i < n; ++i)
      if (!validity_.Get(rows[i])) {
        out->validity_.Set(i, false);
        ++out->null_count_;
      }
  }
  return out;
}

std::string Column::ValueToString(size_t i) const {
  if (IsNull(i)) return "NULL";
  switch (type_.id) {
    case TypeId::kBool:
      return Get<uint8_t>(i) ? "true" : "false";
    case TypeId::kInt32:
      return std::to_string(Get<int32_t>(i));
    case TypeId::kInt64:
      return std::to_string(Get<int64_t>(i));
    case TypeId::kDouble:
      return fmt::format("{}", Get<double>(i));
    case TypeId::kDecimal:
      return FormatDecimal(Get<int64_t>(i), type_.scale);
    case TypeId::kDate:
      return FormatDate(Get<int32_t>(i));
    case TypeId::kTimestamp:
      return FormatTimestamp(Get<int64_t>(i));
    case TypeId::kString:
      return std::string(GetString(i));
  }
  return "?";
}

}  // namespace tally
