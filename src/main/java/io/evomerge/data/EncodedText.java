package io.evomerge.data;

/**
 * Token ids of one model input before padding. {@code example} is the index of the example in
 * its split; {@code choice} is the choice index for multiple choice (one input per choice), else 0.
 */
public record EncodedText(int example, int choice, long[] ids, long[] typeIds) {

    public EncodedText {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + typeIds.length + " type ids");
        }
    }

    public int length() {
        return ids.length;
    }
}
