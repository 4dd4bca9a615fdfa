package io.evomerge.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.evomerge.data.HoldOut;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImageDecoding;
import io.evomerge.data.ImageFolderReader;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageSplit;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.SplitName;
import io.evomerge.model.ClipFolders;
import io.evomerge.model.ClipVisionConfig;
import io.evomerge.model.ClipVisionTower;
import io.evomerge.model.HiddenAct;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Vision evaluation throughput, in one run on one machine: (1) decoding + CLIP preprocessing of an image folder's
 * train split against reading the same tensors back from the image cache; (2) the CLIP vision tower on cached
 * tensors at a fixed batch size, beside a plain matrix multiply of the same FLOPs (the tower's share of what the
 * engine's GEMM reaches). The tower is a CLIP folder's, or a synthetic one of a named shape (throughput does not
 * depend on the weights' values).
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "Vision tower images/s on cached tensors beside a matrix multiply of the same FLOPs, and decoding vs the image cache.")
final class BenchVisionCommand implements Callable<Integer> {
    private static final int REPEATS = 3;

    /** Named synthetic shapes: CLIP ViT-B/32 and the vision suite's small tower. */
    enum TowerShape {
        VIT_B32(new ClipVisionConfig(768, 3072, 12, 12, 3, 224, 32, 1e-5, HiddenAct.QUICK_GELU, 512)),
        SMALL(new ClipVisionConfig(128, 512, 4, 4, 3, 32, 8, 1e-5, HiddenAct.QUICK_GELU, 128));

        final ClipVisionConfig config;

        TowerShape(ClipVisionConfig config) {
            this.config = config;
        }
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "A CLIP folder (CLIPModel or CLIPVisionModel[WithProjection]); absent: a synthetic tower of --shape.")
    Path model;

    @Option(names = "--shape", defaultValue = "VIT_B32",
            description = "Synthetic tower without MODEL: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    TowerShape shape;

    @Option(names = "--images", defaultValue = "datasets/emoji",
            description = "An image folder (class folders); its train split is decoded (default ${DEFAULT-VALUE}).")
    Path images;

    @Option(names = "--batch-size", defaultValue = "64", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batches", defaultValue = "2",
            description = "Batches per timed pass of the tower (default ${DEFAULT-VALUE}; best of 3 passes).")
    int batches;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", defaultValue = "cpu", description = "Device (default ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Engine.getInstance().setRandomSeed(0);
        ClipFolders.Vision folder = model == null ? null : ClipFolders.vision(model);
        ClipVisionConfig config = folder == null ? shape.config : folder.config();
        ImagePreprocessing preprocessing = model == null ? ImagePreprocessing.clip(config.imageSize())
                : ImagePreprocessing.read(model, ImagePreprocessing.clip(config.imageSize()));
        ImageSplit split = ImageFolderReader.read(images, SplitName.TRAIN, HoldOut.PAPER);
        out.printf("%s: %d layers, hidden %d, %dx%d, patch %d (%d tokens); %s train split, %d images; %s, %d cores,"
                        + " %d PyTorch intra-op threads%n", folder == null ? "synthetic " + shape : model,
                config.numHiddenLayers(), config.hiddenSize(), config.imageSize(), config.imageSize(),
                config.patchSize(), config.positions(), images, split.size(), device,
                Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads());
        out.flush();

        Path scratch = Files.createTempDirectory("evomerge-bench-vision");
        try {
            ImageTensors tensors = decoding(out, split, preprocessing, scratch);
            try (NDManager manager = NDManager.newBaseManager(Device.fromName(device), "PyTorch")) {
                ClipVisionTower tower = folder == null ? new ClipVisionTower(config, true) : folder.tower(manager);
                if (folder == null) {
                    tower.initializeParameters(manager);
                }
                tower.freezeParameters(true);
                towerAgainstMatmul(out, tower, config, tensors, manager);
            }
        } finally {
            BenchTiming.deleteTree(scratch);
        }
        return 0;
    }

    /**
     * Decoding and preprocessing in parallel (what a cache miss costs) against reading the entry back from a fresh
     * cache object (what a later run pays; within a run the split stays in memory and costs nothing).
     */
    private static ImageTensors decoding(PrintWriter out, ImageSplit split, ImagePreprocessing preprocessing,
                                         Path scratch) {
        double decode = BenchTiming.bestOf(REPEATS, () -> ImageDecoding.decode(split.images(), false, preprocessing::apply));
        ImageTensors built = new ImageCache(scratch).load(split, preprocessing, false);
        double cached = BenchTiming.bestOf(REPEATS, () -> new ImageCache(scratch).load(split, preprocessing, false));
        int n = split.size();
        out.printf("decode + preprocess: %d images in %.3f s = %.1f images/s; image cache read: %.3f s = %.1f"
                + " images/s (%.1fx faster)%n", n, decode, n / decode, cached, n / cached, decode / cached);
        out.flush();
        return built;
    }

    private void towerAgainstMatmul(PrintWriter out, ClipVisionTower tower, ClipVisionConfig config,
                                    ImageTensors tensors, NDManager manager) {
        int s = config.imageSize();
        if (tensors.height() != s || tensors.width() != s) {
            throw new IllegalStateException("preprocessing gave " + tensors.height() + "x" + tensors.width()
                    + " images but the tower takes " + s + "x" + s);
        }
        long images = (long) batchSize * batches;
        double seconds = BenchTiming.bestOf(REPEATS, () -> {
            for (int b = 0; b < batches; b++) {
                try (NDManager scope = manager.newSubManager()) {
                    float[] pixels = batch(tensors, b);
                    NDArray embeds = tower.run(scope.create(pixels, new Shape(batchSize, 3, s, s))).getLast();
                    embeds.toFloatArray();
                }
            }
        });
        double flops = flopsPerImage(config) * images;
        // the MLP's first GEMM shape, [batch x tokens, hidden] x [hidden, intermediate], repeated to the same FLOPs
        long m = (long) batchSize * config.positions();
        long k = config.hiddenSize();
        long n = config.intermediateSize();
        int repeats = (int) Math.max(1, Math.round(flops / (2.0 * m * k * n)));
        double matmulFlops = 2.0 * m * k * n * repeats;
        double matmul;
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(m, k));
            NDArray w = scope.randomNormal(new Shape(k, n));
            matmul = BenchTiming.bestOf(REPEATS, () -> {
                for (int i = 0; i < repeats; i++) {
                    try (NDArray product = a.matMul(w)) {
                        product.getShape(); // eager: the product is computed when matMul returns
                    }
                }
            });
        }
        double towerRate = flops / seconds / 1e9;
        double matmulRate = matmulFlops / matmul / 1e9;
        out.printf("vision tower: %d batches of %d in %.2f s = %.2f images/s; %.2f GFLOP per image, %.1f GFLOP/s%n",
                batches, batchSize, seconds, images / seconds, flopsPerImage(config) / 1e9, towerRate);
        out.printf("matrix multiply [%d x %d] x [%d x %d], %d times (%.1f GFLOP, the tower's %.1f): %.2f s ="
                        + " %.1f GFLOP/s%n", m, k, k, n, repeats, matmulFlops / 1e9, flops / 1e9, matmul, matmulRate);
        out.printf("tower / matrix multiply: %.2f of the GEMM's FLOP rate%n", towerRate / matmulRate);
        out.flush();
    }

    /** Batch {@code b} of the timed pass, cycling over the cached images when there are fewer than needed. */
    private float[] batch(ImageTensors tensors, int b) {
        int size = tensors.imageSize();
        float[] pixels = new float[batchSize * size];
        for (int i = 0; i < batchSize; i++) {
            int image = (b * batchSize + i) % tensors.count();
            System.arraycopy(tensors.pixels(), image * size, pixels, i * size, size);
        }
        return pixels;
    }

    /**
     * Multiply-adds x 2 of one image through the tower: the patch embedding, per layer the four attention
     * projections, the two attention products (scores and context) and the MLP, and the visual projection.
     * LayerNorm, softmax, activations and additions are left out (a few per cent).
     */
    static double flopsPerImage(ClipVisionConfig c) {
        double t = c.positions();
        double h = c.hiddenSize();
        double patches = (double) c.gridSize() * c.gridSize();
        double patch = 2 * patches * c.numChannels() * c.patchSize() * c.patchSize() * h;
        double layer = 2 * t * (4 * h * h + 2 * h * c.intermediateSize()) + 2 * 2 * t * t * h;
        return patch + c.numHiddenLayers() * layer + 2 * h * c.projectionDim();
    }
}
