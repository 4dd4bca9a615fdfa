package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evomerge forward} on a BERT folder (all-MiniLM-L6-v2's weights written as HF safetensors, plus a pooler)
 * against ONNX Runtime on the original export, and pooler_output against HF's definition computed by hand.
 */
@Tag("slow")
public class BertForwardParityTest {

    @Test
    void forwardMatchesOnnxRuntimeAndPoolerIsTanhDenseOfFirstToken(@TempDir Path dir) throws Exception {
        HfModelFolder bundled = BundledModels.load(BundledModel.ALL_MINILM_L6_V2);
        int h = bundled.config().hiddenSize();
        Path folder = dir.resolve("minilm");
        Random random = new Random(7);
        float[] poolerW = new float[h * h];
        float[] poolerB = new float[h];
        for (int i = 0; i < poolerW.length; i++) poolerW[i] = (float) (random.nextGaussian() * 0.05);
        for (int i = 0; i < h; i++) poolerB[i] = (float) (random.nextGaussian() * 0.05);
        List<NamedTensor> tensors = new ArrayList<>(bundled.weights());
        tensors.add(new NamedTensor("pooler.dense.weight", new long[] {h, h}, poolerW));
        tensors.add(new NamedTensor("pooler.dense.bias", new long[] {h}, poolerB));
        writeFloats(folder.resolve("model.safetensors"), tensors);
        Files.writeString(folder.resolve("config.json"), bundled.config().toJson());

        TokenBatch batch;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(bundled.tokenizerJson()).optPadding(true).optTruncation(true).optMaxLength(128)
                .build()) {
            batch = TokenBatch.of(tokenizer.batchEncode(BertEncoderParityTest.SENTENCES));
        }
        Path inputs = dir.resolve("inputs.safetensors");
        long[] shape = {batch.batch(), batch.seq()};
        try (CheckpointWriter w = CheckpointWriter.create(inputs, List.of(new TensorSpec("input_ids", DType.I64, shape),
                new TensorSpec("attention_mask", DType.I64, shape), new TensorSpec("token_type_ids", DType.I64, shape)),
                WriteOptions.single(Map.of()))) {
            w.writeRaw("input_ids", bytes(batch.ids()));
            w.writeRaw("attention_mask", bytes(batch.mask()));
            w.writeRaw("token_type_ids", bytes(batch.types()));
            w.commit();
        }
        Path out = dir.resolve("out.safetensors");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"forward", folder.toString(), "--inputs", inputs.toString(), "--out",
                out.toString(), "--batch-size", "5"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());

        float[] expected;
        try (OnnxRuntimeReference reference = new OnnxRuntimeReference(bundled.onnxModel())) {
            expected = reference.lastHiddenState(batch);
        }
        try (Checkpoint result = Checkpoints.open(out)) {
            assertEquals(List.of("last_hidden_state", "pooler_output"),
                    result.tensors().stream().map(TensorInfo::name).toList());
            float[] last = result.floats("last_hidden_state");
            double max = 0;
            for (int i = 0; i < last.length; i++) {
                if (batch.mask()[i / h] == 1) max = Math.max(max, Math.abs(last[i] - expected[i]));
            }
            System.out.printf("BERT forward vs ONNX Runtime: max |delta| on tokens %.3g%n", max);
            assertTrue(max <= 1e-4, "last_hidden_state max |delta| " + max);

            float[] pooled = result.floats("pooler_output");
            double poolerMax = 0;
            for (int b = 0; b < batch.batch(); b++) {
                int first = b * batch.seq() * h;
                for (int o = 0; o < h; o++) {
                    double sum = poolerB[o];
                    for (int i = 0; i < h; i++) sum += poolerW[o * h + i] * last[first + i];
                    poolerMax = Math.max(poolerMax, Math.abs(Math.tanh(sum) - pooled[b * h + o]));
                }
            }
            assertTrue(poolerMax <= 1e-5, "pooler_output max |delta| " + poolerMax);
        }
    }

    private static void writeFloats(Path file, List<NamedTensor> tensors) {
        try (CheckpointWriter w = CheckpointWriter.create(file, tensors.stream()
                .map(t -> new TensorSpec(t.name(), DType.F32, t.shape())).toList(), WriteOptions.single(Map.of()))) {
            tensors.forEach(t -> w.write(t.name(), t.data()));
            w.commit();
        }
    }

    public static byte[] bytes(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }
}
