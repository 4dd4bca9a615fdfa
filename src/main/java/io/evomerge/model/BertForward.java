package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT/RoBERTa folder as an {@link Encoder}: last_hidden_state, and pooler_output (tanh of HF's pooler dense
 * layer on the first token) when the checkpoint has {@code pooler.dense.*}.
 */
final class BertForward implements Encoder {
    private final BertEncoder encoder;
    private final NDArray poolerWeight;
    private final NDArray poolerBias;

    private BertForward(BertEncoder encoder, NDArray poolerWeight, NDArray poolerBias) {
        this.encoder = encoder;
        this.poolerWeight = poolerWeight;
        this.poolerBias = poolerBias;
    }

    static BertForward load(Path folder, NDManager manager) {
        HfModel model = HfFolders.read(folder);
        BertEncoder encoder = new BertEncoder(model.encoder().config());
        encoder.initializeParameters(manager);
        encoder.loadTensors(model.encoder().weights());
        Map<String, float[]> pooler = HfFolders.readPooler(folder);
        float[] w = pooler.get("pooler.dense.weight");
        float[] b = pooler.get("pooler.dense.bias");
        int h = encoder.config().hiddenSize();
        return w == null || b == null ? new BertForward(encoder, null, null)
                : new BertForward(encoder, manager.create(w).reshape(h, h), manager.create(b));
    }

    @Override
    public Map<String, NDArray> run(Map<String, NDArray> inputs) {
        NDArray ids = inputs.get(INPUT_IDS);
        EncoderKind.checkIds(ids, encoder.config().vocabSize(), INPUT_IDS, "vocab_size");
        NDArray mask = inputs.containsKey(ATTENTION_MASK) ? inputs.get(ATTENTION_MASK) : ids.onesLike();
        NDArray types = inputs.get(TOKEN_TYPE_IDS);
        if (types != null) {
            EncoderKind.checkIds(types, encoder.config().typeVocabSize(), TOKEN_TYPE_IDS, "type_vocab_size");
        }
        NDArray last = encoder.lastHiddenState(ids, mask, types);
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LAST_HIDDEN_STATE, last);
        if (poolerWeight != null) {
            out.put(POOLER_OUTPUT, last.get(new NDIndex(":, 0, :")).matMul(poolerWeight.transpose()).add(poolerBias)
                    .tanh());
        }
        return out;
    }
}
