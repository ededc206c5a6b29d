// frugal_cuda_info_get: finds libfrugal_cuda.so at run time (dlopen), so that libfrugal.so never
// depends on CUDA and a CPU-only machine or package gets a normal answer instead of a load error.
// The library is looked for beside libfrugal.so itself (JavaCPP unpacks both into one cache
// folder), then on the loader's search path. The answer is computed once and cached: the
// driver is initialised at most once and the library stays loaded for the process' lifetime.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "cuda/cuda_query.h"

namespace frugal {
namespace {

constexpr const char *kLibraryName = "libfrugal_cuda.so";

// Internal linkage: its address is inside libfrugal.so for sure. An exported function's address
// may resolve to a PLT stub in the executable, and dladdr would then name the executable.
void anchor() {}

const char *dl_reason() {
    const char *e = dlerror();
    return e != nullptr ? e : "unknown dlerror";
}

// Directory of libfrugal.so plus "/libfrugal_cuda.so" into path; false if unknown.
bool sibling_path(char *path, size_t len) {
    Dl_info self{};
    if (dladdr(reinterpret_cast<void *>(&anchor), &self) == 0 || self.dli_fname == nullptr) return false;
    const char *slash = std::strrchr(self.dli_fname, '/');
    if (slash == nullptr) return false;
    int n = std::snprintf(path, len, "%.*s/%s", static_cast<int>(slash - self.dli_fname), self.dli_fname, kLibraryName);
    return n > 0 && static_cast<size_t>(n) < len;
}

void query(frugal_cuda_info *info) {
    char path[PATH_MAX];
    void *handle = nullptr;
    // A sibling that exists but does not load (a missing dependency, a wrong architecture) is
    // a packaging error worth naming, not the same as "not found".
    if (sibling_path(path, sizeof path) && access(path, F_OK) == 0) {
        handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            std::snprintf(info->message, sizeof info->message, "%s beside libfrugal.so failed to load: %.200s", kLibraryName,
                          dl_reason());
            return;
        }
    } else {
        handle = dlopen(kLibraryName, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            std::snprintf(info->message, sizeof info->message,
                          "%s not found: built without nvcc or not packaged", kLibraryName);
            return;
        }
    }
    info->library_loaded = 1;

    auto fn = reinterpret_cast<frugal_cuda_query_fn>(dlsym(handle, FRUGAL_CUDA_QUERY_SYMBOL));
    if (fn == nullptr) {
        std::snprintf(info->message, sizeof info->message, "%s has no %s: %s", kLibraryName,
                      FRUGAL_CUDA_QUERY_SYMBOL, dl_reason());
        return;
    }
    int device_count = 0, runtime_error = 0;
    fn(&device_count, &runtime_error, info->device_name, sizeof info->device_name, info->message,
       sizeof info->message);
    info->device_count = device_count;
    info->runtime_error = runtime_error;
}

const frugal_cuda_info &cached_info() {
    static const frugal_cuda_info info = [] {
        frugal_cuda_info i{};
        query(&i);
        return i;
    }();
    return info;
}

}  // namespace
}  // namespace frugal

extern "C" {

frugal_status frugal_cuda_info_get(frugal_cuda_info *info) {
    return frugal::guarded("frugal_cuda_info_get", [&]() -> frugal_status {
        if (info == nullptr) return frugal::fail(FRUGAL_INVALID_ARGUMENT, "frugal_cuda_info_get: info is null");
        *info = frugal::cached_info();
        return FRUGAL_OK;
    });
}

}  // extern "C"
