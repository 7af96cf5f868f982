// The GPU test's main: runs the Catch2 session when a CUDA device is present, and otherwise
// says so and exits with 77, which CTest reports as "skipped" (SKIP_RETURN_CODE). Compiled
// by the C++ compiler: it only needs the CUDA runtime's C API.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cuda_runtime_api.h>

#include <cstdio>

int main(int argc, char* argv[]) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess || count == 0) {
    std::printf("SKIPPED: no CUDA device (%s); the GPU tests did not run.\n",
                e != cudaSuccess ? cudaGetErrorString(e) : "cudaGetDeviceCount found 0 devices");
    return 77;
  }
  int device = 0;
  cudaDeviceProp p;
  if (cudaGetDevice(&device) == cudaSuccess && cudaGetDeviceProperties(&p, device) == cudaSuccess) {
    std::printf("GPU %d: %s, compute capability %d.%d, %d SMs, %.1f GiB\n", device, p.name, p.major, p.minor,
                p.multiProcessorCount, static_cast<double>(p.totalGlobalMem) / (1 << 30));
  }
  return Catch::Session().run(argc, argv);
}
