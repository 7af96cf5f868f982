// lowp/types.hpp — the value types, complete: basic_float and its formats, conversions,
// operators, classification, std::numeric_limits and std::hash.
//
// The operators and limits are part of the type (a translation unit that saw the type
// without them could disagree with one that saw them), so every lowp header above this
// layer includes this file rather than basic_float.hpp alone.
#pragma once

#include "basic_float.hpp"
#include "arithmetic.hpp"
#include "classify.hpp"
#include "convert.hpp"
#include "limits.hpp"
