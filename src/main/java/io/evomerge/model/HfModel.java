package io.evomerge.model;

import java.util.Map;

/**
 * A Hugging Face BERT/RoBERTa model read from disk: the encoder (HF names without the {@code bert.}/{@code roberta.}
 * prefix) and, when the checkpoint is a BertForSequenceClassification, its head as {@link TaskHead} weights
 * ({@code head.dense.*} from {@code classifier.*}, {@code head.pooler.*} from {@code pooler.dense.*}); else empty.
 */
public record HfModel(HfModelFolder encoder, Map<String, float[]> head) {

    public HfModel {
        head = Map.copyOf(head);
    }

    /** The pooling an imported head was trained with: HF's pooler when the checkpoint has one, else CLS. */
    public Pooling headPooling() {
        return head.containsKey("head.pooler.weight") ? Pooling.POOLER : Pooling.CLS;
    }

    /** Classes of an imported head, 0 when there is none. */
    public int headOutputs() {
        float[] bias = head.get("head.dense.bias");
        return bias == null ? 0 : bias.length;
    }
}
