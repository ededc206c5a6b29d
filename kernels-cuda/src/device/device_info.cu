// What CUDA offers on this machine, asked through the CUDA runtime (linked statically, so this
// library needs only libcuda.so.1 from the driver, and loads without it: the runtime then
// answers cudaErrorInsufficientDriver, 35, which is a normal "no CUDA device" answer).
#include <cuda_runtime.h>

#include <cstdio>

#include "cuda_query.h"

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

extern "C" __attribute__((visibility("default"))) int frugal_cuda_query(int *device_count, int *runtime_error,
                                                                       char *device_name, int name_len,
                                                                       char *message, int message_len) {
    if (device_count == nullptr || runtime_error == nullptr || device_name == nullptr || message == nullptr ||
        name_len <= 0 || message_len <= 0)
        return -1;
    *device_count = 0;
    device_name[0] = '\0';

    int runtime_version = 0, driver_version = 0;
    cudaRuntimeGetVersion(&runtime_version);
    cudaDriverGetVersion(&driver_version);  // 0 without a driver

    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    *runtime_error = static_cast<int>(err);
    if (err != cudaSuccess) {
        std::snprintf(message, message_len, "no CUDA device: cudaGetDeviceCount returned %d (%s); runtime %d, driver %d",
                      static_cast<int>(err), cudaGetErrorString(err), runtime_version, driver_version);
        return *runtime_error;
    }
    if (count == 0) {
        std::snprintf(message, message_len, "no CUDA device: cudaGetDeviceCount found none; runtime %d, driver %d",
                      runtime_version, driver_version);
        return 0;
    }

    cudaDeviceProp prop{};
    err = cudaGetDeviceProperties(&prop, 0);
    if (err != cudaSuccess) {
        // Devices exist but device 0 cannot be described: report it rather than a partial answer.
        *runtime_error = static_cast<int>(err);
        std::snprintf(message, message_len, "%d CUDA device(s), but cudaGetDeviceProperties(0) returned %d (%s)",
                      count, static_cast<int>(err), cudaGetErrorString(err));
        return *runtime_error;
    }
    *device_count = count;
    std::snprintf(device_name, name_len, "%s", prop.name);
    std::snprintf(message, message_len, "%d CUDA device(s); device 0: %s, sm_%d%d, %.1f GiB; runtime %d, driver %d",
                  count, prop.name, prop.major, prop.minor, static_cast<double>(prop.totalGlobalMem) / kGiB,
                  runtime_version, driver_version);
    return 0;
}
