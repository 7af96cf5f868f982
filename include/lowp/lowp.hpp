// lowp/lowp.hpp — the whole library: include this one header.
//
//   #include <lowp/lowp.hpp>
//   lowp::float16 h(0.1f);            // correctly rounded, IEEE semantics
//   float back = h;                   // exact
//
// See README.md for the contract and the individual headers for details.
#pragma once

#include "config.hpp"
#include "format.hpp"
#include "round.hpp"
#include "types.hpp"
#include "bulk.hpp"
#include "blocks.hpp"
#include "cmath.hpp"
#include "charconv.hpp"
