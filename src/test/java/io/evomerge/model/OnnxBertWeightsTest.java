package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire-format reader and the naming rules on hand-encoded ONNX models. */
class OnnxBertWeightsTest {
    @TempDir
    Path dir;

    @Test
    void namesMatMulWeightsByTheirBiasAndTransposesToOutIn() throws IOException {
        OnnxModel model = OnnxModel.read(write(graph()));
        assertEquals(List.of("x"), model.inputs());
        assertEquals(List.of("d"), model.outputs());

        Map<String, NamedTensor> named = OnnxBertWeights.tensors(model, "test.onnx");
        assertEquals(List.of("embeddings.word_embeddings.weight", "dense.bias", "dense.weight"),
                List.copyOf(named.keySet()));
        NamedTensor weight = named.get("dense.weight");
        assertArrayEquals(new long[] {3, 2}, weight.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, weight.data());
        NamedTensor word = named.get("embeddings.word_embeddings.weight");
        assertArrayEquals(new long[] {3, 2}, word.shape());
        assertArrayEquals(new float[] {.5f, -1, 2, 3, 4, 1e-3f}, word.data());
        assertEquals(OptionalInt.of(32), OnnxBertWeights.attentionHeadSize(model));
    }

    @Test
    void namesAnonymousEmbeddingTablesByTheIdsTheirGatherReads() throws IOException {
        ProtoWriter graph = new ProtoWriter()
                .message(5, tensor("onnx::Gather_1", 4, 2).bytes(9, ProtoWriter.floats(1, 2, 3, 4, 5, 6, 7, 8)))
                .message(5, tensor("onnx::Gather_2", 2, 2).bytes(9, ProtoWriter.floats(9, 9, 8, 8)))
                .message(5, tensor("onnx::Gather_3", 3, 2).bytes(9, ProtoWriter.floats(0, 1, 0, 1, 0, 1)))
                .message(1, node("Gather", List.of("onnx::Gather_1", "input_ids"), "w"))
                .message(1, node("Gather", List.of("onnx::Gather_2", "token_type_ids"), "t"))
                .message(1, node("Gather", List.of("onnx::Gather_3", "position_slice"), "p"));
        Map<String, NamedTensor> named = OnnxBertWeights.tensors(OnnxModel.read(write(graph)), "e.onnx");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8},
                named.get("embeddings.word_embeddings.weight").data());
        assertArrayEquals(new long[] {2, 2}, named.get("embeddings.token_type_embeddings.weight").shape());
        assertArrayEquals(new long[] {3, 2}, named.get("embeddings.position_embeddings.weight").shape());
    }

    @Test
    void failsNamingTheInitializerWhenNoBiasFollowsItsMatMul() throws IOException {
        ProtoWriter graph = graph()
                .message(5, tensor("onnx::MatMul_8", 2, 2).bytes(9, ProtoWriter.floats(1, 2, 3, 4)))
                .message(1, node("MatMul", List.of("z", "onnx::MatMul_8"), "w"));
        OnnxModel model = OnnxModel.read(write(graph));
        String message = assertThrows(IllegalStateException.class, () -> OnnxBertWeights.tensors(model, "m.onnx"))
                .getMessage();
        assertEquals("m.onnx: MatMul weight onnx::MatMul_8 is not followed by an Add of a named bias;"
                + " cannot recover its Hugging Face name", message);
    }

    @Test
    void rejectsExternalDataAndNonBertGraphsWithTheFileName() throws IOException {
        Path external = write(new ProtoWriter().message(5,
                tensor("big", 2).varint(2, 1).varint(14, 1)));
        assertTrue(assertThrows(IllegalStateException.class, () -> OnnxModel.read(external)).getMessage()
                .contains("tensor big uses external data"));

        Path notBert = write(graph());
        assertEquals(notBert + ": no tensor encoder.layer.0.intermediate.dense.bias found; is this a BERT export?",
                assertThrows(IllegalStateException.class, () -> OnnxBertImport.read(notBert, "bert", 12))
                        .getMessage());
    }

    /**
     * Word embeddings as raw_data with unpacked dims; {@code onnx::MatMul_7} ([in 2, out 3]) as packed dims and
     * packed float_data; MatMul → Add(dense.bias); an attention-style Div by the constant sqrt(32).
     */
    private static ProtoWriter graph() {
        return new ProtoWriter()
                .string(2, "tiny")
                .message(5, new ProtoWriter().varint(1, 3).varint(1, 2).varint(2, 1)
                        .string(8, "embeddings.word_embeddings.weight")
                        .bytes(9, ProtoWriter.floats(.5f, -1, 2, 3, 4, 1e-3f)))
                .message(5, tensor("onnx::MatMul_7", 2, 3).bytes(4, ProtoWriter.floats(1, 2, 3, 4, 5, 6)))
                .message(5, tensor("dense.bias", 3).bytes(9, ProtoWriter.floats(0, 0, 0)))
                .message(1, node("MatMul", List.of("x", "onnx::MatMul_7"), "y").string(6, "a doc string"))
                .message(1, node("Add", List.of("dense.bias", "y"), "z"))
                .message(1, node("MatMul", List.of("q", "k"), "s"))
                .message(1, node("Constant", List.of(), "c").message(5, new ProtoWriter().string(1, "value")
                        .message(5, new ProtoWriter().varint(2, 1).bytes(9, ProtoWriter.floats(5.656854f)))
                        .varint(20, 4)))
                .message(1, node("Div", List.of("s", "c"), "d"))
                .message(11, new ProtoWriter().string(1, "x"))
                .message(12, new ProtoWriter().string(1, "d"));
    }

    private static ProtoWriter tensor(String name, long... dims) {
        return new ProtoWriter().packedVarints(1, dims).varint(2, OnnxTensor.FLOAT).string(8, name);
    }

    private static ProtoWriter node(String opType, List<String> inputs, String output) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(i -> node.string(1, i));
        return node.string(2, output).string(4, opType);
    }

    private Path write(ProtoWriter graph) throws IOException {
        byte[] model = new ProtoWriter().varint(1, 8).string(2, "hand-written").message(7, graph).toByteArray();
        return Files.write(Files.createTempFile(dir, "model", ".onnx"), model);
    }
}
