package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our DJL/PyTorch encoder with imported weights against ONNX Runtime on the original export. */
@Tag("slow")
class BertEncoderParityTest {
    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar on the street corner.",
            "Evolutionary algorithms search large spaces without gradients.",
            "She sold her old bicycle to a neighbour for twenty dollars.",
            "How many people live in the capital of Australia?",
            "The committee postponed its decision until next Tuesday.",
            "Photosynthesis converts light energy into chemical energy.",
            "I can't believe it's already the end of November!",
            "Stock markets fell sharply after the interest rate announcement.",
            "The recipe calls for two cups of flour and a pinch of salt.",
            "Neural networks are trained by minimising a loss function.",
            "He forgot his umbrella and got soaked on the way home.",
            "Merging models can combine skills learned on different tasks.",
            "The museum opens at nine and closes at five on weekdays.",
            "Rain.",
            "After a long and surprisingly difficult hike through the foggy mountains, the exhausted travellers "
                    + "finally reached the small wooden hut where they would spend the night.");

    static final PairList<String, String> PAIRS = new PairList<>(List.of(
            "What is the boiling point of water?", "Who wrote the novel Pride and Prejudice?",
            "Is it going to rain tomorrow?", "How do vaccines work?"), List.of(
            "Water boils at one hundred degrees Celsius at sea level.", "Jane Austen published it in 1813.",
            "The forecast predicts clear skies for the whole weekend.",
            "They train the immune system to recognise a pathogen."));

    @ParameterizedTest
    @EnumSource(BundledModel.class)
    void lastHiddenStatesMatchOnnxRuntime(BundledModel bundled) throws Exception {
        HfModelFolder folder = BundledModels.load(bundled);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                     .optTokenizerPath(folder.tokenizerJson()).optPadding(true).optTruncation(true)
                     .optMaxLength(128).build();
             NDManager manager = NDManager.newBaseManager("PyTorch");
             OnnxRuntimeReference reference = new OnnxRuntimeReference(folder.onnxModel())) {
            BertEncoder encoder = new BertEncoder(folder.config());
            encoder.initializeParameters(manager);
            encoder.loadTensors(folder.weights());

            Delta single = compare(encoder, reference, manager, TokenBatch.of(tokenizer.batchEncode(SENTENCES)));
            TokenBatch pairs = TokenBatch.of(tokenizer.batchEncode(PAIRS));
            assertTrue(Arrays.stream(pairs.types()).anyMatch(t -> t == 1), "pairs carry token_type_ids 1");
            Delta paired = compare(encoder, reference, manager, pairs);
            System.out.printf("%s parity, max |delta| on tokens: %.3g single, %.3g pairs; on padding: %.3g, %.3g%n",
                    bundled, single.tokens(), paired.tokens(), single.padding(), paired.padding());
            assertTrue(single.tokens() <= 1e-4, bundled + " single sentences max |delta| " + single);
            assertTrue(paired.tokens() <= 1e-4, bundled + " sentence pairs max |delta| " + paired);
            // Padding rows go through the same arithmetic; only float noise amplified over 12 layers is allowed.
            assertTrue(Math.max(single.padding(), paired.padding()) <= 1e-3, bundled + " padding rows " + single);
        }
    }

    /** Max |delta| on real tokens and on padding positions (whose values no pooling uses). */
    record Delta(double tokens, double padding) {
    }

    private static Delta compare(BertEncoder encoder, OnnxRuntimeReference reference, NDManager manager,
                                     TokenBatch batch) throws Exception {
        float[] expected = reference.lastHiddenState(batch);
        float[] actual;
        try (NDManager scope = manager.newSubManager()) {
            var in = batch.toNDList(scope);
            actual = encoder.lastHiddenState(in.get(0), in.get(1), in.get(2)).toFloatArray();
        }
        assertEquals(expected.length, actual.length, "hidden state sizes");
        assertEquals((long) batch.batch() * batch.seq() * encoder.config().hiddenSize(), actual.length);
        return new Delta(maxAbsDiff(actual, expected, batch, encoder.config().hiddenSize(), 1),
                maxAbsDiff(actual, expected, batch, encoder.config().hiddenSize(), 0));
    }

    /** Largest |actual - expected| over the tokens whose attention mask equals {@code maskValue}. */
    private static double maxAbsDiff(float[] actual, float[] expected, TokenBatch batch, int hidden, long maskValue) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            if (batch.mask()[i / hidden] == maskValue) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
        }
        return max;
    }
}
