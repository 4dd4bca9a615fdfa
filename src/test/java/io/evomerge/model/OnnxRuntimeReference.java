package io.evomerge.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The same .onnx run by ONNX Runtime through DJL: the independent truth for parity tests. Graph optimisations are
 * off so the reference computes the exported graph as written.
 */
final class OnnxRuntimeReference implements AutoCloseable {
    private final ZooModel<TokenBatch, float[]> model;
    private final Predictor<TokenBatch, float[]> predictor;

    OnnxRuntimeReference(Path onnxFile) throws IOException, ModelNotFoundException, MalformedModelException {
        model = Criteria.builder().setTypes(TokenBatch.class, float[].class).optModelPath(onnxFile)
                .optEngine("OnnxRuntime").optOption("optLevel", "NO_OPT").optTranslator(new LastHiddenState()).build().loadModel();
        predictor = model.newPredictor();
    }

    /** Flat [batch, seq, hidden] last hidden states. */
    float[] lastHiddenState(TokenBatch batch) throws TranslateException {
        return predictor.predict(batch);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private static final class LastHiddenState implements Translator<TokenBatch, float[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, TokenBatch input) {
            return input.toNDList(ctx.getNDManager());
        }

        /** The batch is already padded and stacked. */
        @Override
        public Batchifier getBatchifier() {
            return null;
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            // MiniLM's export also returns a pooled [batch, hidden] output; the hidden states are the rank-3 one.
            return list.stream().filter(a -> a.getShape().dimension() == 3).findFirst().orElseThrow().toFloatArray();
        }
    }
}
