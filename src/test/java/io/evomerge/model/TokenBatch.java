package io.evomerge.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A padded tokenizer batch as flat row-major int64 arrays. */
record TokenBatch(int batch, int seq, long[] ids, long[] mask, long[] types) {

    static TokenBatch of(Encoding[] encodings) {
        int seq = encodings[0].getIds().length;
        long[] ids = new long[encodings.length * seq];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int b = 0; b < encodings.length; b++) {
            if (encodings[b].getIds().length != seq) {
                throw new IllegalStateException("tokenizer did not pad the batch to one length");
            }
            System.arraycopy(encodings[b].getIds(), 0, ids, b * seq, seq);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * seq, seq);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * seq, seq);
        }
        return new TokenBatch(encodings.length, seq, ids, mask, types);
    }

    /** input_ids, attention_mask, token_type_ids, named as the ONNX graph inputs. */
    NDList toNDList(NDManager manager) {
        return new NDList(named(manager, ids, "input_ids"), named(manager, mask, "attention_mask"),
                named(manager, types, "token_type_ids"));
    }

    private NDArray named(NDManager manager, long[] data, String name) {
        NDArray array = manager.create(data, new Shape(batch, seq));
        array.setName(name);
        return array;
    }
}
