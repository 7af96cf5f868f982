// lowp/config.hpp — the one place for compiler, language and target detection.
//
// Every macro lowp defines lives here and starts with LOWP_. Other headers test these
// switches with `#if`, never the compiler's own macros, so a port to a new compiler is a
// change to this file alone.
//
// nvcc compiles a .cu file twice: once for the host (__CUDA_ARCH__ undefined) and once
// per device architecture (__CUDA_ARCH__ defined). __CUDACC__ is defined in both passes.
// LOWP_HOST_DEVICE marks a function for both passes; LOWP_DEVICE_PASS is 1 only while the
// device code is being compiled.
#pragma once

#define LOWP_VERSION_MAJOR 0
#define LOWP_VERSION_MINOR 1
#define LOWP_VERSION_PATCH 0
// major * 10000 + minor * 100 + patch; keep in sync with project(VERSION) in CMakeLists.txt.
#define LOWP_VERSION (LOWP_VERSION_MAJOR * 10000 + LOWP_VERSION_MINOR * 100 + LOWP_VERSION_PATCH)

#if defined(__CUDACC__)
#  define LOWP_HOST_DEVICE __host__ __device__
#else
#  define LOWP_HOST_DEVICE
#endif

#if defined(__CUDA_ARCH__)
#  define LOWP_DEVICE_PASS 1
#else
#  define LOWP_DEVICE_PASS 0
#endif

// A constexpr bit_cast: C++20 std::bit_cast, or the builtin that GCC >= 11, Clang >= 9
// and nvcc (EDG) provide in every language mode. Without either, bit_cast falls back to
// memcpy and conversions stop being usable in constant expressions.
#if defined(__has_builtin)
#  if __has_builtin(__builtin_bit_cast)
#    define LOWP_HAS_BUILTIN_BIT_CAST 1
#  endif
#endif
#if !defined(LOWP_HAS_BUILTIN_BIT_CAST) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#  define LOWP_HAS_BUILTIN_BIT_CAST 1
#endif
#if !defined(LOWP_HAS_BUILTIN_BIT_CAST)
#  define LOWP_HAS_BUILTIN_BIT_CAST 0
#endif
#if LOWP_HAS_BUILTIN_BIT_CAST
#  define LOWP_CONSTEXPR_BITCAST constexpr
#else
#  define LOWP_CONSTEXPR_BITCAST
#endif

// x86 with a compiler that understands __attribute__((target)): the bulk paths compile
// their AVX2/F16C/AVX-512 kernels with per-function target attributes and pick one at run
// time, so users need no -march flag. Other targets use the portable path only.
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__CUDACC__) && !defined(LOWP_NO_SIMD)
#  define LOWP_HAS_X86_DISPATCH 1
#else
#  define LOWP_HAS_X86_DISPATCH 0
#endif

// The F16C instruction set is available to this translation unit without dispatch.
#if defined(__F16C__)
#  define LOWP_HAS_F16C 1
#else
#  define LOWP_HAS_F16C 0
#endif

// __builtin_is_constant_evaluated (GCC >= 9, Clang >= 9): lets a constexpr function use a
// hardware instruction at run time and the portable engine in constant expressions.
#if defined(__has_builtin)
#  if __has_builtin(__builtin_is_constant_evaluated)
#    define LOWP_HAS_IS_CONSTANT_EVALUATED 1
#  endif
#endif
#if !defined(LOWP_HAS_IS_CONSTANT_EVALUATED) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 9
#  define LOWP_HAS_IS_CONSTANT_EVALUATED 1
#endif
#if !defined(LOWP_HAS_IS_CONSTANT_EVALUATED)
#  define LOWP_HAS_IS_CONSTANT_EVALUATED 0
#endif

// The scalar float -> float16 constructor uses F16C's vcvtps2ph (round to nearest even,
// the contract's NaN rule: it is tested bit for bit against the engine over all 2^32
// floats) when the translation unit is compiled for F16C (-mf16c, -march=native) and not
// by a CUDA compiler. Define LOWP_NO_SCALAR_F16C to keep the portable engine.
#if LOWP_HAS_F16C && LOWP_HAS_IS_CONSTANT_EVALUATED && !defined(__CUDACC__) && !defined(LOWP_NO_SCALAR_F16C)
#  define LOWP_SCALAR_F16C 1
#else
#  define LOWP_SCALAR_F16C 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define LOWP_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define LOWP_ALWAYS_INLINE inline
#endif

#if __cplusplus >= 202002L
#  define LOWP_CPP20 1
#else
#  define LOWP_CPP20 0
#endif

// ---- CUDA (used by lowp/cuda.hpp and lowp/cuda_cast.cuh only) ----
// LOWP_CUDA is 1 when a CUDA compiler (nvcc, or clang in CUDA mode) compiles this
// translation unit; only then do the CUDA headers include anything from the toolkit, so a
// plain C++ build is unaffected. LOWP_CUDA_ARCH is the compute capability of the device
// pass being compiled (800 for sm_80, 900 for sm_90) and 0 in the host pass: the device
// conversions choose hardware instructions with it.
#if defined(__CUDACC__)
#  define LOWP_CUDA 1
#else
#  define LOWP_CUDA 0
#endif
#if defined(__CUDA_ARCH__)
#  define LOWP_CUDA_ARCH __CUDA_ARCH__
#else
#  define LOWP_CUDA_ARCH 0
#endif
