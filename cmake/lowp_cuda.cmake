# Finds a CUDA compiler and enables the CUDA language in the including directory, for the
# CUDA tests, example and benchmark. include() it from each directory that builds .cu files
# (tests/cuda, examples, bench/cuda); a plain C++ build without nvcc is unaffected.
#
# Sets LOWP_CUDA_FOUND (ON/OFF) and LOWP_CUDA_WARNING_FLAGS (warnings as errors, for nvcc
# and its host compiler; -Wpedantic is left out because nvcc's generated host code uses
# GCC line markers, which -Wpedantic rejects).
#
# nvcc is looked for on PATH, then at /usr/local/cuda/bin/nvcc; -DCMAKE_CUDA_COMPILER=...
# or the CUDACXX environment variable choose another one, -DLOWP_CUDA=OFF none. Off by
# default when lowp is a subproject (LOWP_MAIN_PROJECT), like the tests.
# CMAKE_CUDA_ARCHITECTURES defaults to "80-real;90": sm_80 code, sm_90 code and sm_90 PTX
# for newer GPUs; -DCMAKE_CUDA_ARCHITECTURES=native builds for the GPUs present.
option(LOWP_CUDA "Build the CUDA tests, example and benchmark when a CUDA compiler is found" ${LOWP_MAIN_PROJECT})
set(LOWP_CUDA_FOUND OFF)
if(LOWP_CUDA)
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
    find_program(LOWP_NVCC nvcc PATHS /usr/local/cuda/bin)
    if(LOWP_NVCC)
      set(CMAKE_CUDA_COMPILER ${LOWP_NVCC} CACHE FILEPATH "CUDA compiler")
    endif()
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 80-real 90)
    endif()
    enable_language(CUDA)
    set(LOWP_CUDA_FOUND ON)
  else()
    message(STATUS "lowp: no CUDA compiler found, CUDA tests, example and benchmark not built")
  endif()
endif()
set(LOWP_CUDA_WARNING_FLAGS
  "SHELL:-Werror all-warnings"
  "SHELL:-Xcompiler=-Wall,-Wextra,-Wconversion,-Wsign-conversion,-Wshadow,-Werror")
