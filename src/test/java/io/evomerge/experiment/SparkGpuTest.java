package io.evomerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped GPU discovery script (bin/spark-gpus). This machine has no GPU and no nvidia-smi: the script must say
 * so cleanly. Elsewhere nvidia-smi is a stand-in printing what {@code nvidia-smi --query-gpu=index
 * --format=csv,noheader} prints (one index a line), or failing as it does without a driver. The output is read by
 * Spark's own parser ({@link ResourceInformation#parseJson}) and by Spark's discovery in local[2].
 */
class SparkGpuTest {
    private static final Path SCRIPT = Path.of("bin/spark-gpus").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aNodeWithoutNvidiaSmiReportsNoGpus() throws Exception {
        // PATH holds nothing but an empty folder: no nvidia-smi, also on a GPU machine
        Run r = discover(Files.createDirectories(dir.resolve("empty")).toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertGpus(r.out());
    }

    @Test
    void aNodeWithTwoGpusReportsTheirIndices() throws Exception {
        Run r = discover(standIn("printf '0\\n1\\n'") + ":/usr/bin:/bin");
        assertEquals(0, r.code(), r.err());
        assertGpus(r.out(), "0", "1");
    }

    @Test
    void aFailingNvidiaSmiReportsNoGpus() throws Exception {
        Run r = discover(standIn("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver' >&2; exit 9")
                + ":/usr/bin:/bin");
        assertEquals(0, r.code(), r.err());
        assertGpus(r.out());
    }

    /**
     * Spark runs the script as a discovery script and reads the GPUs from it. Only the driver's discovery can run
     * here: local mode offers tasks no custom resources (its scheduler backend offers cores only), and on a
     * standalone cluster a task given gpu:N would open its evaluator there, which needs a GPU.
     */
    @Test
    void sparkDiscoversTheGpusThroughTheScript() throws Exception {
        Path bin = standIn("printf '0\\n1\\n'");
        Path discovery = executable(dir.resolve("discover.sh"), "PATH=" + bin + ":$PATH exec " + SCRIPT);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gpu-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.resource.gpu.amount", "2")
                .set("spark.driver.resource.gpu.discoveryScript", discovery.toString());
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            assertArrayEquals(new String[]{"0", "1"}, spark.sc().resources().get("gpu").get().addresses());
            List<String> gpus = spark.parallelize(List.of(1, 2), 2).map(x -> String.valueOf(SparkTask.gpu())).collect();
            assertEquals(List.of("null", "null"), gpus, "a task given no GPU has none (it uses the experiment's device)");
        }
        assertNull(SparkTask.gpu(), "outside a task, no GPU");
    }

    /** Checks {@code json} is what Spark's parser reads as the GPUs {@code addresses}, and the documented shape. */
    private static void assertGpus(String json, String... addresses) throws IOException {
        ResourceInformation info = ResourceInformation.parseJson(json);
        assertEquals("gpu", info.name());
        assertArrayEquals(addresses, info.addresses());
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals(Set.of("name", "addresses"), new HashSet<>(iterable(node.fieldNames())));
        assertTrue(node.get("addresses").isArray());
        assertEquals(Arrays.asList(addresses), iterable(node.get("addresses").elements()).stream().map(JsonNode::textValue).toList());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** A folder holding an nvidia-smi that runs {@code body}. */
    private Path standIn(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("nvidia-smi"), body);
        return bin;
    }

    private static Path executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private record Run(int code, String out, String err) {
    }

    /** The script run by bash with {@code path} as its PATH. */
    private static Run discover(String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString());
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }
}
