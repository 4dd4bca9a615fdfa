/**
 * Encoders as DJL blocks with Hugging Face parameter names (BERT/RoBERTa, CLIP's vision and text towers), and real
 * weights from HF folders and ONNX exports.
 *
 * <ul>
 *   <li>{@link io.evomerge.model.EncoderKind}: the registry of encoders read from HF folders (config.json's
 *       model_type, the inputs each takes); {@link io.evomerge.model.Encoder} runs one on HF-named inputs.</li>
 *   <li>{@link io.evomerge.model.HfBlock}: the shared base (parameters by HF name, loading, in-place writes);
 *       {@code TransformerOps} the shared linear, LayerNorm and attention pieces.</li>
 *   <li>{@link io.evomerge.model.ClipVisionTower}, {@link io.evomerge.model.ClipTextTower}: CLIP's towers, read by
 *       {@link io.evomerge.model.ClipFolders} (CLIPModel, CLIP*Model(WithProjection) configs via
 *       {@link io.evomerge.model.ClipConfigJson}).</li>
 *   <li>{@link io.evomerge.model.BertConfig}: the HF {@code config.json} fields (bert and roberta).</li>
 *   <li>{@link io.evomerge.model.BertEncoder}: the trainable DJL block; HF-named parameters that the search
 *       overwrites in place with {@code setParameter}.</li>
 *   <li>{@link io.evomerge.model.BundledModels}: all-MiniLM-L6-v2 and bge-small-en-v1.5 from the langchain4j
 *       jars in the local Maven repository, converted to an HF-style folder plus in-memory
 *       {@link io.evomerge.model.NamedTensor} weights.</li>
 *   <li>{@link io.evomerge.model.HfFolders}: Hugging Face folders in (BertModel, {@code bert.}/{@code roberta.}
 *       prefixes, BertForSequenceClassification heads; single or sharded safetensors) and out, and task heads as
 *       {@code head.safetensors}.</li>
 *   <li>{@link io.evomerge.model.TaskHead}: a task's own head (pooling, dropout, linear; never merged);
 *       {@link io.evomerge.model.TaskModel} joins encoder and head for training.</li>
 * </ul>
 *
 * <p>Project rule: this package sits below evaluation and never imports merging; weights cross the boundary as
 * {@code float[]} by HF name, written in place by {@code experiment.SuiteScorer} (see {@code ArchitectureTest}).
 *
 * <p>Two DJL habits are avoided here: {@code NDArray.mul/div/pow(Number)} on arrays that need gradients (use
 * {@code NativeScalar}: autograd keeps DJL's scalar, whose Java buffer a garbage collection frees, which corrupted
 * gradients), and {@code NDArray.set(Buffer)} or {@code copyTo} into parameters (use {@code InPlaceWrite}: they
 * re-point the tensor at a Java buffer).
 */
package io.evomerge.model;
