/*
 * The one entry point of libfrugal_cuda.so, shared by its definition
 * (kernels-cuda/src/device/device_info.cu) and its loader (native/src/cuda/cuda_loader.cpp),
 * which resolves it with dlsym so that libfrugal.so never links the CUDA runtime.
 */
#ifndef FRUGAL_CUDA_QUERY_H
#define FRUGAL_CUDA_QUERY_H

#define FRUGAL_CUDA_QUERY_SYMBOL "frugal_cuda_query"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Counts CUDA devices. Fills *device_count (0 when none or no driver), *runtime_error (the
 * cudaError_t of cudaGetDeviceCount, 0 on success), device_name (device 0, "" if none) and
 * message (what was found, or why CUDA is unavailable); the strings are NUL-terminated and
 * cut to name_len / message_len. Returns *runtime_error, or -1 when a pointer is null.
 */
typedef int (*frugal_cuda_query_fn)(int *device_count, int *runtime_error, char *device_name, int name_len,
                                    char *message, int message_len);

#ifdef __cplusplus
}
#endif

#endif /* FRUGAL_CUDA_QUERY_H */
