"""Data types, named as in pyspark.sql.types, and their engine names.

The engine has booleans, 32- and 64-bit integers, doubles, decimals of up to 18 digits, dates,
timestamps (microseconds, no time zone) and strings; Spark's other types map onto the nearest.
"""
import re

__all__ = [
    "DataType", "BooleanType", "ByteType", "ShortType", "IntegerType", "LongType", "FloatType",
    "DoubleType", "DecimalType", "StringType", "DateType", "TimestampType", "StructField",
    "StructType",
]


class DataType:
    """A column type. simpleString() is Spark's name, engine_name the engine's."""

    _simple = ""
    _engine = ""

    def simpleString(self):
        return self._simple

    @property
    def engine_name(self):
        return self._engine

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(self.__dict__.items()))))

    def __repr__(self):
        return f"{type(self).__name__}()"


class BooleanType(DataType):
    _simple, _engine = "boolean", "bool"


class ByteType(DataType):
    _simple, _engine = "tinyint", "int32"


class ShortType(DataType):
    _simple, _engine = "smallint", "int32"


class IntegerType(DataType):
    _simple, _engine = "int", "int32"


class LongType(DataType):
    _simple, _engine = "bigint", "int64"


class FloatType(DataType):
    _simple, _engine = "float", "double"


class DoubleType(DataType):
    _simple, _engine = "double", "double"


class StringType(DataType):
    _simple, _engine = "string", "string"


class DateType(DataType):
    _simple, _engine = "date", "date"


class TimestampType(DataType):
    _simple, _engine = "timestamp", "timestamp"


class DecimalType(DataType):
    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale

    def simpleString(self):
        return f"decimal({self.precision},{self.scale})"

    @property
    def engine_name(self):
        if self.precision > 18:
            raise ValueError(f"decimal({self.precision},{self.scale}): tally's decimals hold "
                             "at most 18 digits")
        return f"decimal({self.precision},{self.scale})"

    def __repr__(self):
        return f"DecimalType({self.precision},{self.scale})"


class StructField:
    def __init__(self, name, dataType, nullable=True):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable

    def simpleString(self):
        return f"{self.name}:{self.dataType.simpleString()}"

    def __eq__(self, other):
        return (isinstance(other, StructField) and self.name == other.name and
                self.dataType == other.dataType and self.nullable == other.nullable)

    def __repr__(self):
        return f"StructField('{self.name}', {self.dataType!r}, {self.nullable})"


class StructType(DataType):
    """A schema: a list of StructFields."""

    def __init__(self, fields=None):
        self.fields = list(fields or [])

    def add(self, field, data_type=None, nullable=True):
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = _parse_type(data_type)
            self.fields.append(StructField(field, data_type, nullable))
        return self

    def fieldNames(self):
        return [f.name for f in self.fields]

    @property
    def names(self):
        return self.fieldNames()

    def simpleString(self):
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(f"no field named {key!r}")
        return self.fields[key]

    def __eq__(self, other):
        return isinstance(other, StructType) and self.fields == other.fields

    __hash__ = None

    def __repr__(self):
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"


_SIMPLE = {
    "boolean": BooleanType, "bool": BooleanType, "tinyint": ByteType, "byte": ByteType,
    "smallint": ShortType, "short": ShortType, "int": IntegerType, "integer": IntegerType,
    "int32": IntegerType, "bigint": LongType, "long": LongType, "int64": LongType,
    "float": FloatType, "real": FloatType, "double": DoubleType, "string": StringType,
    "varchar": StringType, "text": StringType, "date": DateType, "timestamp": TimestampType,
}


def _parse_type(text):
    """A type from its name: "int", "bigint", "decimal(18,3)", "string"..."""
    name = text.strip().lower()
    m = re.fullmatch(r"(?:decimal|numeric)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?", name)
    if m:
        return DecimalType(int(m.group(1) or 10), int(m.group(2) or 0))
    if name in _SIMPLE:
        return _SIMPLE[name]()
    raise ValueError(f"unknown type {text!r}")


def _from_engine(name):
    """The Spark type of an engine type name ("int32", "decimal(18,3)", ...)."""
    return _parse_type(name)


def _as_type(value):
    """A DataType from a DataType or a type name."""
    if isinstance(value, DataType):
        return value
    if isinstance(value, str):
        return _parse_type(value)
    raise TypeError(f"not a data type: {value!r}")


def _parse_ddl(text):
    """A schema from Spark's DDL form: "invoice_no STRING, quantity INT, price DECIMAL(18,3)"."""
    fields = []
    depth, start = 0, 0
    parts = []
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    for part in parts:
        part = part.strip()
        if not part:
            continue
        name, _, type_text = part.partition(" ")
        if not type_text.strip():
            raise ValueError(f"schema {text!r}: column {name!r} has no type")
        fields.append(StructField(name.strip("`"), _parse_type(type_text)))
    return StructType(fields)
