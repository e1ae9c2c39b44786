#include "io/parquet/parquet_metadata.h"

#include "common/error.h"

namespace tally::parquet {
namespace {

// ---- writing: each *Fields function writes the fields of an already opened struct ----

void StatisticsFields(CompactWriter& w, const Statistics& s) {
  if (s.max) w.FieldBinary(1, *s.max);
  if (s.min) w.FieldBinary(2, *s.min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.distinct_count) w.FieldI64(4, *s.distinct_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
}

void EmptyStructField(CompactWriter& w, int16_t id) {
  w.FieldStruct(id);
  w.EndStruct();
}

void LogicalTypeFields(CompactWriter& w, const LogicalType& t) {
  switch (t.kind) {
    case LogicalType::Kind::kString:
      EmptyStructField(w, 1);
      break;
    case LogicalType::Kind::kDecimal:
      w.FieldStruct(5);
      w.FieldI32(1, t.scale);
      w.FieldI32(2, t.precision);
      w.EndStruct();
      break;
    case LogicalType::Kind::kDate:
      EmptyStructField(w, 6);
      break;
    case LogicalType::Kind::kTimestamp:
      w.FieldStruct(8);
      w.FieldBool(1, t.adjusted_to_utc);
      w.FieldStruct(2);
      EmptyStructField(w, t.unit == TimeUnit::kMillis ? 1 : t.unit == TimeUnit::kMicros ? 2 : 3);
      w.EndStruct();
      w.EndStruct();
      break;
    case LogicalType::Kind::kInteger:  // tally never writes it; readers fall back on the type
    case LogicalType::Kind::kNone:
    case LogicalType::Kind::kOther:
      break;
  }
}

void SchemaElementFields(CompactWriter& w, const SchemaElement& e) {
  if (e.type) w.FieldI32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.FieldI32(2, *e.type_length);
  if (e.repetition) w.FieldI32(3, static_cast<int32_t>(*e.repetition));
  w.FieldBinary(4, e.name);
  if (e.num_children) w.FieldI32(5, *e.num_children);
  if (e.converted_type) w.FieldI32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) w.FieldI32(7, *e.scale);
  if (e.precision) w.FieldI32(8, *e.precision);
  if (e.logical_type && e.logical_type->kind != LogicalType::Kind::kNone) {
    w.FieldStruct(10);
    LogicalTypeFields(w, *e.logical_type);
    w.EndStruct();
  }
}

void ColumnMetaDataFields(CompactWriter& w, const ColumnMetaData& m) {
  w.FieldI32(1, static_cast<int32_t>(m.type));
  w.FieldList(2, CType::kI32, m.encodings.size());
  for (Encoding e : m.encodings) w.I32(static_cast<int32_t>(e));
  w.FieldList(3, CType::kBinary, m.path_in_schema.size());
  for (const auto& p : m.path_in_schema) w.Binary(p);
  w.FieldI32(4, static_cast<int32_t>(m.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  w.FieldI64(9, m.data_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) {
    w.FieldStruct(12);
    StatisticsFields(w, *m.statistics);
    w.EndStruct();
  }
}

void KeyValueList(CompactWriter& w, int16_t id, const std::vector<KeyValue>& kvs) {
  w.FieldList(id, CType::kStruct, kvs.size());
  for (const auto& kv : kvs) {
    w.BeginStruct();
    w.FieldBinary(1, kv.key);
    if (kv.value) w.FieldBinary(2, *kv.value);
    w.EndStruct();
  }
}

// ---- reading ----

[[noreturn]] void BadField(const char* what) {
  ThrowError("corrupt Parquet metadata: {}", what);
}

std::vector<std::string> ReadStringList(CompactReader& r) {
  CType element;
  size_t n = r.List(&element);
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (element != CType::kBinary) BadField("expected a list of strings");
    out.push_back(r.Binary());
  }
  return out;
}

// A struct whose first set field id is returned (for unions of empty structs such as TimeUnit).
int16_t ReadUnionTag(CompactReader& r) {
  r.BeginStruct();
  int16_t id, tag = 0;
  CType type;
  while (r.NextField(&id, &type)) {
    if (tag == 0) tag = id;
    r.Skip(type);
  }
  r.EndStruct();
  return tag;
}

KeyValue ReadKeyValue(CompactReader& r) {
  KeyValue kv;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 1 && type == CType::kBinary)
      kv.key = r.Binary();
    else if (id == 2 && type == CType::kBinary)
      kv.value = r.Binary();
    else
      r.Skip(type);
  }
  r.EndStruct();
  return kv;
}

ColumnChunk ReadColumnChunk(CompactReader& r) {
  ColumnChunk c;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 2 && type == CType::kI64)
      c.file_offset = r.I64();
    else if (id == 3 && type == CType::kStruct)
      c.meta_data = ReadColumnMetaData(r);
    else
      r.Skip(type);
  }
  r.EndStruct();
  return c;
}

RowGroup ReadRowGroup(CompactReader& r) {
  RowGroup g;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 1 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) g.columns.push_back(ReadColumnChunk(r));
    } else if (id == 2 && type == CType::kI64) {
      g.total_byte_size = r.I64();
    } else if (id == 3 && type == CType::kI64) {
      g.num_rows = r.I64();
    } else if (id == 5 && type == CType::kI64) {
      g.file_offset = r.I64();
    } else if (id == 6 && type == CType::kI64) {
      g.total_compressed_size = r.I64();
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return g;
}

DataPageHeader ReadDataPageHeader(CompactReader& r) {
  DataPageHeader h;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (type != CType::kI32) {
      r.Skip(type);
      continue;
    }
    switch (id) {
      case 1:
        h.num_values = r.I32();
        break;
      case 2:
        h.encoding = static_cast<Encoding>(r.I32());
        break;
      case 3:
        h.definition_level_encoding = static_cast<Encoding>(r.I32());
        break;
      case 4:
        h.repetition_level_encoding = static_cast<Encoding>(r.I32());
        break;
      default:
        r.Skip(type);
    }
  }
  r.EndStruct();
  return h;
}

DictionaryPageHeader ReadDictionaryPageHeader(CompactReader& r) {
  DictionaryPageHeader h;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 1 && type == CType::kI32)
      h.num_values = r.I32();
    else if (id == 2 && type == CType::kI32)
      h.encoding = static_cast<Encoding>(r.I32());
    else
      r.Skip(type);
  }
  r.EndStruct();
  return h;
}

DataPageHeaderV2 ReadDataPageHeaderV2(CompactReader& r) {
  DataPageHeaderV2 h;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 7 && (type == CType::kTrue || type == CType::kFalse)) {
      h.is_compressed = CompactReader::FieldBool(type);
      continue;
    }
    if (type != CType::kI32) {
      r.Skip(type);
      continue;
    }
    switch (id) {
      case 1:
        h.num_values = r.I32();
        break;
      case 2:
        h.num_nulls = r.I32();
        break;
      case 3:
        h.num_rows = r.I32();
        break;
      case 4:
        h.encoding = static_cast<Encoding>(r.I32());
        break;
      case 5:
        h.definition_levels_byte_length = r.I32();
        break;
      case 6:
        h.repetition_levels_byte_length = r.I32();
        break;
      default:
        r.Skip(type);
    }
  }
  r.EndStruct();
  return h;
}

}  // namespace

void Write(CompactWriter& w, const Statistics& s) {
  w.BeginStruct();
  StatisticsFields(w, s);
  w.EndStruct();
}

void Write(CompactWriter& w, const LogicalType& t) {
  w.BeginStruct();
  LogicalTypeFields(w, t);
  w.EndStruct();
}

void Write(CompactWriter& w, const SchemaElement& e) {
  w.BeginStruct();
  SchemaElementFields(w, e);
  w.EndStruct();
}

void Write(CompactWriter& w, const ColumnMetaData& m) {
  w.BeginStruct();
  ColumnMetaDataFields(w, m);
  w.EndStruct();
}

void Write(CompactWriter& w, const FileMetaData& m) {
  w.BeginStruct();
  w.FieldI32(1, m.version);
  w.FieldList(2, CType::kStruct, m.schema.size());
  for (const auto& e : m.schema) Write(w, e);
  w.FieldI64(3, m.num_rows);
  w.FieldList(4, CType::kStruct, m.row_groups.size());
  for (const auto& g : m.row_groups) {
    w.BeginStruct();
    w.FieldList(1, CType::kStruct, g.columns.size());
    for (const auto& c : g.columns) {
      w.BeginStruct();
      w.FieldI64(2, c.file_offset);
      if (c.meta_data) {
        w.FieldStruct(3);
        ColumnMetaDataFields(w, *c.meta_data);
        w.EndStruct();
      }
      w.EndStruct();
    }
    w.FieldI64(2, g.total_byte_size);
    w.FieldI64(3, g.num_rows);
    if (g.file_offset) w.FieldI64(5, *g.file_offset);
    if (g.total_compressed_size) w.FieldI64(6, *g.total_compressed_size);
    w.EndStruct();
  }
  if (!m.key_value_metadata.empty()) KeyValueList(w, 5, m.key_value_metadata);
  if (m.created_by) w.FieldBinary(6, *m.created_by);
  if (m.type_defined_column_orders > 0) {
    // ColumnOrder is a union whose member 1 is the empty TypeDefinedOrder struct.
    w.FieldList(7, CType::kStruct, m.type_defined_column_orders);
    for (size_t i = 0; i < m.type_defined_column_orders; ++i) {
      w.BeginStruct();
      EmptyStructField(w, 1);
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void Write(CompactWriter& w, const PageHeader& h) {
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(h.type));
  w.FieldI32(2, h.uncompressed_page_size);
  w.FieldI32(3, h.compressed_page_size);
  if (h.data_page) {
    w.FieldStruct(5);
    w.FieldI32(1, h.data_page->num_values);
    w.FieldI32(2, static_cast<int32_t>(h.data_page->encoding));
    w.FieldI32(3, static_cast<int32_t>(h.data_page->definition_level_encoding));
    w.FieldI32(4, static_cast<int32_t>(h.data_page->repetition_level_encoding));
    w.EndStruct();
  }
  if (h.dictionary_page) {
    w.FieldStruct(7);
    w.FieldI32(1, h.dictionary_page->num_values);
    w.FieldI32(2, static_cast<int32_t>(h.dictionary_page->encoding));
    w.EndStruct();
  }
  if (h.data_page_v2) {
    const auto& v = *h.data_page_v2;
    w.FieldStruct(8);
    w.FieldI32(1, v.num_values);
    w.FieldI32(2, v.num_nulls);
    w.FieldI32(3, v.num_rows);
    w.FieldI32(4, static_cast<int32_t>(v.encoding));
    w.FieldI32(5, v.definition_levels_byte_length);
    w.FieldI32(6, v.repetition_levels_byte_length);
    w.FieldBool(7, v.is_compressed);
    w.EndStruct();
  }
  w.EndStruct();
}

Statistics ReadStatistics(CompactReader& r) {
  Statistics s;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (type == CType::kBinary && (id == 1 || id == 2 || id == 5 || id == 6)) {
      std::string value = r.Binary();
      (id == 1 ? s.max : id == 2 ? s.min : id == 5 ? s.max_value : s.min_value) = std::move(value);
    } else if (type == CType::kI64 && id == 3) {
      s.null_count = r.I64();
    } else if (type == CType::kI64 && id == 4) {
      s.distinct_count = r.I64();
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return s;
}

LogicalType ReadLogicalType(CompactReader& r) {
  LogicalType t;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (type != CType::kStruct) {
      r.Skip(type);
      continue;
    }
    if (id == 1) {
      t.kind = LogicalType::Kind::kString;
      r.Skip(type);
    } else if (id == 5) {
      t.kind = LogicalType::Kind::kDecimal;
      r.BeginStruct();
      int16_t fid;
      CType ftype;
      while (r.NextField(&fid, &ftype)) {
        if (fid == 1 && ftype == CType::kI32)
          t.scale = r.I32();
        else if (fid == 2 && ftype == CType::kI32)
          t.precision = r.I32();
        else
          r.Skip(ftype);
      }
      r.EndStruct();
    } else if (id == 6) {
      t.kind = LogicalType::Kind::kDate;
      r.Skip(type);
    } else if (id == 8) {
      t.kind = LogicalType::Kind::kTimestamp;
      r.BeginStruct();
      int16_t fid;
      CType ftype;
      while (r.NextField(&fid, &ftype)) {
        if (fid == 1 && (ftype == CType::kTrue || ftype == CType::kFalse)) {
          t.adjusted_to_utc = CompactReader::FieldBool(ftype);
        } else if (fid == 2 && ftype == CType::kStruct) {
          int16_t tag = ReadUnionTag(r);
          t.unit = tag == 1 ? TimeUnit::kMillis : tag == 3 ? TimeUnit::kNanos : TimeUnit::kMicros;
        } else {
          r.Skip(ftype);
        }
      }
      r.EndStruct();
    } else if (id == 10) {
      t.kind = LogicalType::Kind::kInteger;
      r.BeginStruct();
      int16_t fid;
      CType ftype;
      while (r.NextField(&fid, &ftype)) {
        if (fid == 1 && ftype == CType::kByte)
          t.bit_width = r.I8();
        else if (fid == 1 && ftype == CType::kI32)
          t.bit_width = r.I32();
        else if (fid == 2 && (ftype == CType::kTrue || ftype == CType::kFalse))
          t.is_signed = CompactReader::FieldBool(ftype);
        else
          r.Skip(ftype);
      }
      r.EndStruct();
    } else {
      t.kind = LogicalType::Kind::kOther;
      r.Skip(type);
    }
  }
  r.EndStruct();
  return t;
}

SchemaElement ReadSchemaElement(CompactReader& r) {
  SchemaElement e;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 4 && type == CType::kBinary) {
      e.name = r.Binary();
    } else if (id == 10 && type == CType::kStruct) {
      e.logical_type = ReadLogicalType(r);
    } else if (type == CType::kI32 && id >= 1 && id <= 8) {
      int32_t v = r.I32();
      switch (id) {
        case 1:
          e.type = static_cast<PhysicalType>(v);
          break;
        case 2:
          e.type_length = v;
          break;
        case 3:
          e.repetition = static_cast<Repetition>(v);
          break;
        case 5:
          e.num_children = v;
          break;
        case 6:
          e.converted_type = static_cast<ConvertedType>(v);
          break;
        case 7:
          e.scale = v;
          break;
        case 8:
          e.precision = v;
          break;
        default:
          break;
      }
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return e;
}

ColumnMetaData ReadColumnMetaData(CompactReader& r) {
  ColumnMetaData m;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 2 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) m.encodings.push_back(static_cast<Encoding>(r.I32()));
    } else if (id == 3 && type == CType::kList) {
      m.path_in_schema = ReadStringList(r);
    } else if (id == 12 && type == CType::kStruct) {
      m.statistics = ReadStatistics(r);
    } else if ((id == 1 || id == 4) && type == CType::kI32) {
      int32_t v = r.I32();
      if (id == 1)
        m.type = static_cast<PhysicalType>(v);
      else
        m.codec = static_cast<Codec>(v);
    } else if (type == CType::kI64 && (id == 5 || id == 6 || id == 7 || id == 9 || id == 11)) {
      int64_t v = r.I64();
      switch (id) {
        case 5:
          m.num_values = v;
          break;
        case 6:
          m.total_uncompressed_size = v;
          break;
        case 7:
          m.total_compressed_size = v;
          break;
        case 9:
          m.data_page_offset = v;
          break;
        default:
          m.dictionary_page_offset = v;
          break;
      }
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return m;
}

FileMetaData ReadFileMetaData(CompactReader& r) {
  FileMetaData m;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id == 1 && type == CType::kI32) {
      m.version = r.I32();
    } else if (id == 2 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) m.schema.push_back(ReadSchemaElement(r));
    } else if (id == 3 && type == CType::kI64) {
      m.num_rows = r.I64();
    } else if (id == 4 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) m.row_groups.push_back(ReadRowGroup(r));
    } else if (id == 5 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) m.key_value_metadata.push_back(ReadKeyValue(r));
    } else if (id == 6 && type == CType::kBinary) {
      m.created_by = r.Binary();
    } else if (id == 7 && type == CType::kList) {
      CType element;
      size_t n = r.List(&element);
      for (size_t i = 0; i < n; ++i) r.Skip(element);
      m.type_defined_column_orders = n;
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return m;
}

PageHeader ReadPageHeader(CompactReader& r) {
  PageHeader h;
  r.BeginStruct();
  int16_t id;
  CType type;
  while (r.NextField(&id, &type)) {
    if (id >= 1 && id <= 3 && type == CType::kI32) {
      int32_t v = r.I32();
      if (id == 1)
        h.type = static_cast<PageType>(v);
      else if (id == 2)
        h.uncompressed_page_size = v;
      else
        h.compressed_page_size = v;
    } else if (id == 5 && type == CType::kStruct) {
      h.data_page = ReadDataPageHeader(r);
    } else if (id == 7 && type == CType::kStruct) {
      h.dictionary_page = ReadDictionaryPageHeader(r);
    } else if (id == 8 && type == CType::kStruct) {
      h.data_page_v2 = ReadDataPageHeaderV2(r);
    } else {
      r.Skip(type);
    }
  }
  r.EndStruct();
  return h;
}

}  // namespace tally::parquet
