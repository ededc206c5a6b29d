package io.frugal;

/**
 * What CUDA support this process has.
 *
 * @param libraryLoaded libfrugal_cuda.so was found and loaded
 * @param deviceCount   usable CUDA devices (0 without driver or device)
 * @param runtimeError  cudaError_t of cudaGetDeviceCount, 0 on success
 * @param message       what was found, or why CUDA is unavailable
 * @param deviceName    name of device 0, "" if none
 */
public record CudaInfo(boolean libraryLoaded, int deviceCount, int runtimeError, String message, String deviceName) {
    /** Whether CUDA kernels can run here. */
    public boolean available() {
        return deviceCount > 0;
    }
}
