package io.evomerge.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A zero-shot classification head from CLIP's text tower (CLIP's recipe): each class name is put into every prompt
 * template, each prompt's text_embeds is normalised, the normalised embeddings are averaged per class and the average
 * normalised again. Logits of image embeddings are exp(logit_scale) times their cosine with each class row. The head
 * is computed once and frozen: fine-tuning never trains it and merging never touches it.
 */
public final class ZeroShotHead implements FrozenHead {
    /** Where a template takes the class name, as in CLIP's published templates ("a photo of a {}."). */
    public static final String PLACEHOLDER = "{}";
    private static final int PROMPTS_PER_PASS = 256;

    private final float[] weights;
    private final int classes;
    private final int dim;
    private final float scale;

    private ZeroShotHead(float[] weights, int classes, int dim, float scale) {
        this.weights = weights;
        this.classes = classes;
        this.dim = dim;
        this.scale = scale;
    }

    /**
     * Computes the head with the folder's text tower and {@code tokenizer.json} on {@code manager}'s device. The
     * folder must hold text_projection and logit_scale (a CLIPModel checkpoint).
     */
    public static ZeroShotHead compute(ClipFolders.Text text, List<String> classNames, List<String> templates,
                                       NDManager manager) {
        if (classNames.isEmpty() || templates.isEmpty()) {
            throw new EvomergeException("a zero-shot head needs at least one class name and one template");
        }
        for (String template : templates) {
            if (!template.contains(PLACEHOLDER)) {
                throw new EvomergeException("template '" + template + "' has no " + PLACEHOLDER
                        + " where the class name goes");
            }
        }
        if (!text.projection() || text.logitScale() == null) {
            throw new EvomergeException(text.folder() + ": no " + (text.projection() ? ClipFolders.LOGIT_SCALE
                    : ClipTextTower.PROJECTION) + "; zero-shot heads need a CLIPModel checkpoint");
        }
        if (!Files.isRegularFile(text.tokenizerJson())) {
            throw new EvomergeException(text.tokenizerJson() + ": no such file; zero-shot heads tokenize the prompts"
                    + " with the folder's tokenizer");
        }
        List<String> prompts = new ArrayList<>();
        for (String name : classNames) {
            for (String template : templates) prompts.add(template.replace(PLACEHOLDER, name));
        }
        int dim = text.config().projectionDim();
        float[] weights;
        try (NDManager scope = manager.newSubManager()) {
            ClipTextTower tower = text.tower(scope);
            NDArray embeds = unit(embed(tower, tokenize(text, prompts), scope));
            NDArray perClass = embeds.reshape(classNames.size(), templates.size(), dim).mean(new int[] {1});
            weights = unit(perClass).toFloatArray();
        }
        return new ZeroShotHead(weights, classNames.size(), dim, (float) Math.exp(text.logitScale()));
    }

    /** [classes, dim] unit rows, row-major. */
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** exp(logit_scale): CLIP's inverse temperature. */
    public float scale() {
        return scale;
    }

    /** exp(logit_scale) · cos(image, class) for image_embeds [batch, dim]: [batch, classes] on their manager. */
    @Override
    public NDArray logits(NDArray imageEmbeds) {
        NDArray rows = imageEmbeds.getManager().create(weights, new Shape(classes, dim));
        return unit(imageEmbeds).matMul(rows.transpose()).mul(scale);
    }

    /** Each row divided by its L2 norm. */
    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    private static List<long[]> tokenize(ClipFolders.Text text, List<String> prompts) {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(text.tokenizerJson())
                .optTruncation(true).optMaxLength(text.config().maxPositionEmbeddings()).optPadding(false).build()) {
            List<long[]> ids = new ArrayList<>();
            for (String prompt : prompts) {
                Encoding e = tokenizer.encode(prompt);
                ids.add(e.getIds());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + text.tokenizerJson() + ": " + e.getMessage(), e);
        }
    }

    /** text_embeds of every prompt, in passes of padded batches (padding masked out, so its id never matters). */
    private static NDArray embed(ClipTextTower tower, List<long[]> ids, NDManager manager) {
        List<NDArray> parts = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += PROMPTS_PER_PASS) {
            List<long[]> batch = ids.subList(start, Math.min(ids.size(), start + PROMPTS_PER_PASS));
            int seq = batch.stream().mapToInt(r -> r.length).max().orElseThrow();
            long[] flat = new long[batch.size() * seq];
            long[] mask = new long[flat.length];
            for (int r = 0; r < batch.size(); r++) {
                long[] row = batch.get(r);
                Arrays.fill(flat, r * seq, (r + 1) * seq, tower.config().eosTokenId());
                System.arraycopy(row, 0, flat, r * seq, row.length);
                Arrays.fill(mask, r * seq, r * seq + row.length, 1L);
            }
            Shape shape = new Shape(batch.size(), seq);
            NDArray idArray = manager.create(flat, shape);
            EncoderKind.checkIds(idArray, tower.config().vocabSize(), Encoder.INPUT_IDS, "vocab_size");
            parts.add(tower.run(idArray, manager.create(mask, shape)).get(2));
        }
        return parts.size() == 1 ? parts.getFirst() : NDArrays.concat(new NDList(parts));
    }
}
