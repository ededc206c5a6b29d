package io.frugal;

import java.util.Set;

/**
 * What the CPU offers and what kernels may use.
 *
 * @param detectedIsa  highest level this CPU and OS support
 * @param effectiveIsa {@code detectedIsa} capped by {@code FRUGAL_MAX_ISA}
 * @param features     single features detected (before the cap)
 * @param logicalCores cores OpenMP uses
 * @param brand        CPUID brand string
 * @param maxIsaEnv    {@code FRUGAL_MAX_ISA} as read at load, "" if unset
 */
public record CpuInfo(Isa detectedIsa, Isa effectiveIsa, Set<String> features, int logicalCores, String brand,
                      String maxIsaEnv) {}
