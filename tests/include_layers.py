#!/usr/bin/env python3
"""The layering of lowp's headers: every #include "..." goes to a lower layer (or, inside
one directory, to the same layer), and nothing includes itself through a cycle.

Usage: include_layers.py INCLUDE_DIR. Prints each header with its layer and every
violation; exits 1 if there is one. The layers (lowest first):

  0 config.hpp                   the one place for macros
  1 detail/*                     standard-library helpers: never a lowp header above them
  2 format.hpp bulk_types.hpp    the traits and their semantic helpers; public plain types
  3 round.hpp widen.hpp hw_traits.hpp   the engine (rounding and exact widening)
  4 basic_float.hpp              the value type
  5 arithmetic convert classify limits  what completes the type
  6 types.hpp                    the complete types
  7 simd/* math/* cuda.hpp       implementation layers above the types
  8 text/*                       (uses math/)
  9 bulk.hpp blocks.hpp cmath.hpp charconv.hpp
 10 lowp.hpp cuda_cast.cuh cuda_blocks.cuh   umbrellas and CUDA kernels
"""
import os
import re
import sys

LAYERS = {
    "config.hpp": 0,
    "format.hpp": 2, "bulk_types.hpp": 2,
    "round.hpp": 3, "widen.hpp": 3, "hw_traits.hpp": 3,
    "basic_float.hpp": 4,
    "arithmetic.hpp": 5, "convert.hpp": 5, "classify.hpp": 5, "limits.hpp": 5,
    "types.hpp": 6,
    "cuda.hpp": 7,
    "bulk.hpp": 9, "blocks.hpp": 9, "cmath.hpp": 9, "charconv.hpp": 9,
    "lowp.hpp": 10, "cuda_cast.cuh": 10, "cuda_blocks.cuh": 10,
}
DIRECTORY_LAYERS = {"detail": 1, "simd": 7, "math": 7, "text": 8}


def layer_of(rel):
    top = rel.split("/")[0]
    if "/" in rel and top in DIRECTORY_LAYERS:
        return DIRECTORY_LAYERS[top]
    return LAYERS.get(rel)


def main():
    root = os.path.join(sys.argv[1], "lowp")
    headers = {}
    for directory, _, files in os.walk(root):
        for name in files:
            if name.endswith((".hpp", ".cuh")):
                path = os.path.join(directory, name)
                headers[os.path.relpath(path, root)] = path
    problems = []
    graph = {}
    for rel, path in sorted(headers.items()):
        includes = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if m:
                    includes.append(os.path.normpath(os.path.join(os.path.dirname(rel), m.group(1))))
        graph[rel] = includes
        mine = layer_of(rel)
        if mine is None:
            problems.append(f"{rel}: no layer (add it to tests/include_layers.py)")
            continue
        for inc in includes:
            theirs = layer_of(inc)
            if inc not in headers:
                problems.append(f"{rel} includes {inc}, which does not exist")
            elif theirs is None:
                continue  # reported for that header itself
            elif theirs > mine or (theirs == mine and os.path.dirname(inc) != os.path.dirname(rel)):
                problems.append(f"{rel} (layer {mine}) includes {inc} (layer {theirs}): a lower layer may not include a higher one")
    # Cycles (depth-first search).
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                problems.append("include cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt in graph and state.get(nxt) is None:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [node])
    for rel in sorted(headers):
        print(f"layer {layer_of(rel)!s:>4}  {rel}")
    for p in problems:
        print("FAIL " + p)
    print(f"include_layers: {len(headers)} headers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
