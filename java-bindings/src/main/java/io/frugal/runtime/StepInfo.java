package io.frugal.runtime;

import io.frugal.plan.Device;
import io.frugal.plan.Precision;

/** What a compiled model runs for one operator: the node, its dispatch key and the kernel chosen. */
public record StepInfo(String node, String opType, Precision precision, Device device, String kernel) {}
