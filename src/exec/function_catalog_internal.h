#pragma once
// The built-in function families registered by function_catalog.cc, one file each.
#include "exec/function_registry.h"

namespace tally {

// position, strpos, btrim/ltrim/rtrim, replace, split_part, left, right, concat, concat_ws,
// repeat, reverse, lpad, rpad, regexp_replace, initcap (function_catalog_text.cc).
void AddTextFunctions(FunctionRegistry& r);
// extract / date_part fields, date_trunc units, to_char, make_date
// (function_catalog_time.cc).
void AddTimeFunctions(FunctionRegistry& r);

}  // namespace tally
