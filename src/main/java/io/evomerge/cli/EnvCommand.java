package io.evomerge.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code evomerge env}: what the DJL side runs on here: engine and versions, the PyTorch flavour and where its natives
 * came from, the devices PyTorch sees, and whether {@code device: gpu} (and {@code --backend device --device gpu})
 * can run, with the reason when it cannot.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Show the engine, PyTorch flavour and versions, the devices seen, and whether the GPU path is usable (and why not).")
final class EnvCommand implements Callable<Integer> {
    private static final List<String> VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "DJL_OFFLINE", "DJL_CACHE_DIR", "CUDA_VISIBLE_DEVICES");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("evomerge %s on Java %s (%s %s)%n", Main.class.getPackage().getImplementationVersion() == null
                ? "(dev)" : Main.class.getPackage().getImplementationVersion(), Runtime.version(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        Engine engine = Engine.getEngine("PyTorch");
        out.printf("DJL %s, engine %s %s%n", Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion());
        out.println("engine: " + engine);
        for (String v : VARIABLES) out.printf("  %s=%s%n", v, System.getenv().getOrDefault(v, "(unset)"));
        int gpus = engine.getGpuCount();
        List<Device> devices = List.of(engine.getDevices());
        out.println("devices seen: " + devices);
        boolean driver = Files.exists(Path.of("/dev/nvidiactl")) || Files.exists(Path.of("/proc/driver/nvidia/version"));
        if (gpus > 0) {
            out.printf("GPU path: usable (%d CUDA device(s); device: gpu = gpu:0)%n", gpus);
        } else if (!engine.toString().contains("CUDA")) {
            out.println("GPU path: not usable: the PyTorch natives loaded are a CPU build"
                    + (driver ? " (an NVIDIA driver is present)" : " and no NVIDIA driver is present")
                    + "; see README, 'GPU set-up' (PYTORCH_LIBRARY_PATH to a CUDA libtorch, or EVOMERGE_ONLINE=1 with PYTORCH_FLAVOR)");
        } else {
            out.println("GPU path: not usable: PyTorch is a CUDA build but sees no GPU"
                    + (driver ? " (check CUDA_VISIBLE_DEVICES and the driver's CUDA version)" : " (no NVIDIA driver found)"));
        }
        out.flush();
        return 0;
    }
}
