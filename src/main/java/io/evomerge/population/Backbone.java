package io.evomerge.population;

import io.evomerge.model.BundledModel;
import io.evomerge.model.BundledModels;
import io.evomerge.model.HfFolders;
import io.evomerge.model.HfModel;
import io.evomerge.model.Pooling;
import java.nio.file.Path;
import java.util.Map;

/** The pre-trained encoder every task starts from: a bundled model, or a Hugging Face folder on disk. */
public record Backbone(BundledModel bundled, Path folder) {

    public Backbone {
        if ((bundled == null) == (folder == null)) {
            throw new IllegalArgumentException("a backbone is either bundled or a folder");
        }
    }

    /** The YAML names of the bundled backbones. */
    public static final Map<String, BundledModel> BUNDLED = Map.of(
            "all-minilm-l6-v2", BundledModel.ALL_MINILM_L6_V2, "bge-small-en-v1.5", BundledModel.BGE_SMALL_EN_V15);

    /** Mean pooling for all-MiniLM (its sentence-embedding objective), CLS for bge and for HF folders. */
    public Pooling defaultPooling() {
        return bundled == BundledModel.ALL_MINILM_L6_V2 ? Pooling.MEAN : Pooling.CLS;
    }

    /** Loads the weights (bundled: extracted from the local Maven repository once, then cached). */
    public HfModel load() {
        return bundled != null ? new HfModel(BundledModels.load(bundled), Map.of()) : HfFolders.read(folder);
    }

    /** A stable description for settings hashes and reports. */
    public String describe() {
        return bundled != null ? bundled.folderName() : folder.toAbsolutePath().normalize().toString();
    }
}
