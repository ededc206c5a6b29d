package io.frugal.plan;

/** Where a node runs. */
public enum Device {
    CPU,
    CUDA;

    public static Device parse(String name) {
        for (Device d : values()) {
            if (d.name().equalsIgnoreCase(name)) return d;
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; known: cpu, cuda");
    }
}
