package io.frugal.cli;

import io.frugal.Activation;
import io.frugal.Conv2d;
import io.frugal.Conv2dParams;
import io.frugal.CpuInfo;
import io.frugal.CudaInfo;
import io.frugal.DType;
import io.frugal.Frugal;
import io.frugal.Layout;
import io.frugal.MatMul;
import io.frugal.MatMulParams;
import io.frugal.Tensor;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code frugal info}: version, CPU, the kernels this machine gets, CUDA. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the version, the detected ISA, the kernels chosen here and whether a CUDA device was found.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CpuInfo cpu = Frugal.cpuInfo();
        out.printf("frugal      %s%n", Frugal.version());
        out.printf("backends    %s%n", Frugal.backendVersions());
        out.printf("cpu         %s, %d threads%n", cpu.brand(), cpu.logicalCores());
        out.printf("isa         detected %s, using %s%s%n", cpu.detectedIsa().id(), cpu.effectiveIsa().id(),
                cpu.maxIsaEnv().isEmpty() ? "" : " (FRUGAL_MAX_ISA=" + cpu.maxIsaEnv() + ")");
        out.printf("features    %s%n", String.join(" ", cpu.features()));
        out.println("kernels (a probe of each operator, ResNet-50 shapes):");
        out.printf("  conv2d f32 3x3 64@56x56 NHWC   %s%n", probeConv(Layout.NHWC));
        out.printf("  conv2d f32 3x3 64@56x56 NCHW   %s%n", probeConv(Layout.NCHW));
        out.printf("  matmul f32 1x2048 x 2048x1000  %s%n", probeMatMul());
        out.printf("  convert f32 -> bf16            %s%n", Frugal.convertKernel(DType.F32, DType.BF16));
        CudaInfo cuda = Frugal.cudaInfo();
        out.printf("cuda        %s%n", cuda.available() ? cuda.deviceCount() + " device(s), " + cuda.deviceName() : "none");
        out.printf("            %s%n", cuda.message());
        return 0;
    }

    private static String probeConv(Layout layout) {
        Conv2dParams p = Conv2dParams.builder().input(64, 56, 56).outChannels(64).kernel(3, 3).padding(1).layout(layout)
                .activation(Activation.relu()).build();
        try (Tensor w = Tensor.allocate(DType.F32, p.weightShape()); Conv2d conv = Conv2d.create(p, w, null)) {
            return conv.kernel();
        }
    }

    private static String probeMatMul() {
        MatMulParams p = MatMulParams.of(1, 2048, 1000);
        try (Tensor w = Tensor.allocate(DType.F32, p.weightShape()); MatMul mm = MatMul.create(p, w, null)) {
            return mm.kernel();
        }
    }
}
