package io.evomerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evomerge.EvomergeException;
import io.evomerge.Shared;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.merge.MergeConfigReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the command line, one row per mistake: a valid experiment or merge config with one edit, and
 * the one line {@code evomerge} must print. Each must exit 2 with no stack trace, and start nothing: the
 * experiment's population folder and the run folder stay absent, the merge output unwritten. Before the command
 * runs, the row's file is read on its own, so that a row the reader accepts fails here instead of fine-tuning.
 */
class BadInputTest {
    private static final String DATA = Path.of("datasets").toAbsolutePath().toString();

    /** A valid experiment: two shipped tasks, a TIES baseline with a grid, and a PCB search. */
    private static final String EXPERIMENT = """
            name: bad
            seed: 1
            backbone: all-minilm-l6-v2
            population: pop
            tasks:
              - {name: sentiment, source: jsonl, path: DATA/sentiment}
              - {name: spam, source: jsonl, path: DATA/spam}
            finetune: {epochs: 1}
            merges:
              - method: ties
                parameters: {density: 0.2}
                grid: {lambda: [0.7, 1.0]}
            search:
              - name: es
                method: pcb
                parameters: {ratio: 0.1}
                genes: {weights: [0.5, 3.0]}
                strategy: cmaes
                budget: 10
            """.replace("DATA", DATA);

    /** A valid merge config over the reference models. */
    private static final String MERGE = """
            merge_method: linear
            parameters: {normalize: true}
            base_model: REF/base.safetensors
            models:
              - model: REF/task_0.safetensors
                parameters: {weight: 1.0}
              - model: REF/task_1.safetensors
                parameters: {weight: 2.0}
            dtype: float32
            """.replace("REF", Shared.path("reference/pcb").toAbsolutePath().normalize().toString());

    /** A row: replace {@code from} by {@code to} in the valid file; {@code message} follows "FILE: ". */
    record Row(String from, String to, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    static Stream<Row> experiments() {
        String es = "    budget: 10\n";
        return Stream.of(
                // the cases
                new Row("budget: 10", "budget: \"ten\"", "search[0].budget: must be an integer in [1, ∞), found 'ten'"),
                new Row("budget: 10", "budget: 2.5", "search[0].budget: must be an integer in [1, ∞), found 2.5"),
                new Row("seed: 1", "seed: abc", "seed: must be an integer in [0, 2147483647], found 'abc'"),
                new Row(es, es + "    seed: abc\n", "search[0].seed: must be an integer in [0, 2147483647], found 'abc'"),
                new Row(es, es + "    repeats: 0\n", "search[0].repeats: must be an integer in [1, 1000], found 0"),
                new Row(es, es + "    repeats: three\n", "search[0].repeats: must be an integer in [1, 1000], found 'three'"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {weights: [0.5, 3.0], snap: -1}",
                        "search[0].genes.snap: must be a number in [0, 1), found -1"),
                new Row(es, es + "    label: \"\"\n", "search[0].label: must not be empty"),
                new Row("grid: {lambda", "label: \"\"\n    grid: {lambda", "merges[0].label: must not be empty"),
                new Row(es, es + "    options: {sigma: -1}\n", "search[0].options.sigma: must be a number in (0, 1], found -1"),
                new Row(es, es + "    options: {lambda: 1}\n",
                        "search[0].options.lambda: must be an integer in [2, 100000], found 1"),
                new Row("strategy: cmaes\n" + es, "strategy: ga\n" + es + "    options: {populationSize: 1}\n",
                        "search[0].options.populationSize: must be an integer in [2, 100000], found 1"),
                new Row("strategy: cmaes\n" + es, "strategy: grid\n" + es + "    options: {points: 0}\n",
                        "search[0].options.points: must be an integer in [1, 100000], found 0"),
                new Row("strategy: cmaes\n" + es, "strategy: bobyqa\n" + es + "    options: {radius: 0.9}\n",
                        "search[0].options.radius: must be a number in (0, 0.5], found 0.9"),
                new Row(es, es + "    options: {sigm: 0.2}\n",
                        "search[0].options.sigm: unknown key; valid keys of search[0].options: lambda, sigma, start, eval_start"),
                new Row("parameters: {ratio: 0.1}", "parameters: {ratio: 1e400}",
                        "search[0].parameters.ratio: must be a finite number, found 1e400"),
                new Row("parameters: {density: 0.2}", "parameters: {density: .nan}",
                        "merges[0].parameters.density: must be a finite number, found .nan"),
                new Row("seed: 1\n", "seed: 1\nseed: 2\n", "seed: the key is given twice; keep one"),
                new Row(es, es + "    budget: 20\n", "search[0].budget: the key is given twice; keep one"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {weights: [0.5, 3.0], density: [0.1, 0.5]}",
                        "search[0].genes.density: unknown key: pcb has no gene 'density'; valid keys of search[0].genes:"
                                + " weights, weight, lambda, ratio, clip, inter, scope, snap"),
                new Row("grid: {lambda: [0.7, 1.0]}", "grid: {lambda: [0.7, 1.0], ratio: [0.1, 0.2]}",
                        "merges[0].grid.ratio: unknown key: ties has no grid key 'ratio'; valid keys of merges[0].grid:"
                                + " weight, lambda, density"),
                new Row("method: pcb\n    parameters: {ratio: 0.1}\n    genes: {weights: [0.5, 3.0]}",
                        "method: cabs\n    genes: {weights: [0.5, 3.0], order: \"yes\"}",
                        "search[0].genes.order: must be true or false, found 'yes'"),
                // the rest of the search section
                new Row("budget: 10", "budget: 0", "search[0].budget: must be an integer in [1, ∞), found 0"),
                new Row("parameters: {ratio: 0.1}", "parameters: {ratio: 1.5}",
                        "search[0].parameters.ratio: must be a number in (0, 1], found 1.5"),
                new Row("parameters: {ratio: 0.1}", "parameters: {ratio: 0.1, density: 0.2}",
                        "search[0].parameters.density: unknown key: pcb has no parameter 'density'; valid keys of"
                                + " search[0].parameters: lambda, ratio, clip, inter, scope, exclude"),
                new Row("strategy: cmaes", "strategy: annealing",
                        "search[0].strategy: 'annealing' is not a strategy (valid: bobyqa, cmaes, ga, grid, random)"),
                new Row("strategy: cmaes", "strategy: cmaes\n    strategies: [cmaes, grid]",
                        "search[0].strategies: give strategy or strategies, not both"),
                new Row("strategy: cmaes\n" + es, "strategies: [cmaes, grid]\n" + es + "    options: {grid: {points: 0}}\n",
                        "search[0].options.grid.points: must be an integer in [1, 100000], found 0"),
                new Row("strategy: cmaes\n" + es, "strategies: [cmaes, grid]\n" + es + "    options: {ga: {}}\n",
                        "search[0].options.ga: unknown key; with strategies, options are given per strategy, e.g."
                                + " {grid: {points: 3}}; valid keys of search[0].options: cmaes, grid"),
                new Row(es, es + "    options: {eval_start: \"yes\"}\n",
                        "search[0].options.eval_start: must be true or false, found 'yes'"),
                new Row(es, es + "    options: {start: {q: 1}}\n", "search[0].options.start.q: names no gene; genes: w0, w1"),
                new Row("strategy: cmaes\n" + es, "strategy: bobyqa\n" + es + "    options: {interpolationPoints: 3}\n",
                        "search[0].options.interpolationPoints: must be 0 or in [4, 6] for 2 genes, found 3"),
                new Row("strategy: cmaes\n" + es, "strategy: ga\n" + es + "    options: {crossoverRate: 1.5}\n",
                        "search[0].options.crossoverRate: must be a number in [0, 1], found 1.5"),
                new Row(es, es + "    strategie: ga\n", "search[0].strategie: unknown key; valid keys of search[0]: name,"
                        + " label, method, parameters, genes, strategy, strategies, budget, options, seed, split, repeats, racing, pareto"),
                new Row("parameters: {ratio: 0.1}", "parameters: {ratio: [0.1, 0.2]}",
                        "search[0].parameters.ratio: takes a single number here; gradients and filters are for merge "
                                + "configs (evomerge merge)"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {lambda: {range: [0.5, 1.5], layer_groups: 2}}",
                        "search[0].genes.lambda: must be [lo, hi]; lambda scales the whole merge and takes no layer "
                                + "groups (they are for weights, densities, ratios and other plan parameters)"),
                new Row("parameters: {ratio: 0.1}\n    genes: {weights: [0.5, 3.0]}",
                        "parameters: {ratio: 0.1, scope: model}\n    genes: {ratio: {range: [0.1, 0.3], layer_groups: 2}}",
                        "search[0].parameters.scope: model scope needs one value per model, but a layer-group gene "
                                + "varies a plan parameter per layer; use scope: tensor, or give that gene without layer_groups"),
                new Row("search:\n  - name: es\n    method: pcb\n    parameters: {ratio: 0.1}\n    genes: {weights: [0.5, 3.0]}",
                        "backend: device\nsearch:\n  - name: es\n    method: pcb\n    parameters: {ratio: 0.1}\n"
                                + "    genes: {weights: {range: [0.5, 3.0], layer_groups: 2}}",
                        "search[0].genes.weights.layer_groups: layer-group genes have no device rebuild yet; use backend: java"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {weights: {range: [0.5, 3.0], layer_groups: 0}}",
                        "search[0].genes.weights.layer_groups: must be an integer in [1, 64], found 0"),
                new Row("method: pcb", "method: pcbx", "search[0].method: 'pcbx' is not a method (valid: "
                        + "[linear, task_arithmetic, ties, dare_linear, dare_ties, pcb, cabs, slerp, nuslerp, model_stock, breadcrumbs, "
                        + "breadcrumbs_ties, della, della_linear, arcee_fusion, passthrough])"),
                new Row("    genes: {weights: [0.5, 3.0]}\n", "",
                        "search[0].genes: is required: say what the search varies, e.g. {weights: [0.5, 3.0]}"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {weights: [3.0, 0.5]}",
                        "search[0].genes.weights: [3, 0.5] must satisfy lo < hi, both in weight's range (−∞, ∞)"),
                new Row("genes: {weights: [0.5, 3.0]}", "genes: {weights: [0.5]}",
                        "search[0].genes.weights: must be [lo, hi], two numbers in weight's range (−∞, ∞)"),
                new Row("method: pcb\n    parameters: {ratio: 0.1}\n    genes: {weights: [0.5, 3.0]}",
                        "method: cabs\n    genes: {nm: ['8:4']}", "search[0].genes.nm[0]: '8:4' is invalid (need 1 <= n <= m)"),
                new Row(es, es + "    split: dev\n", "search[0].split: 'dev' is invalid (valid: validation, test)"),
                new Row("name: es", "name: my es", "search[0].name: 'my es' may hold only letters, digits, '.', '_' and '-'"),
                new Row(es, es + "  - {name: es, method: ties, genes: {lambda: [0.5, 1.5]}}\n",
                        "search[1].name: 'es' names two searches; give each search its own name"),
                new Row("    grid: {lambda: [0.7, 1.0]}\n",
                        "    grid: {lambda: [0.7, 1.0]}\n  - {method: ties, parameters: {density: 0.5}}\n",
                        "merges[1].label: 'TIES' is also the label of merges[0]; give each its own label"),
                new Row("    method: pcb\n", "    method: pcb\n    label: TIES (grid)\n",
                        "search[0].label: 'TIES (grid)' is also the label of merges[0]; give each its own label"),
                new Row("grid: {lambda: [0.7, 1.0]}", "grid: {density: [0.1, 2]}",
                        "merges[0].grid.density[1]: must be a number in density's range (0, 1], found 2"),
                new Row("grid: {lambda: [0.7, 1.0]}", "grid: {lambda: [1.0]}", "merges[0].grid.lambda: must list at least two values"),
                new Row("  - method: ties\n    parameters: {density: 0.2}\n    grid: {lambda: [0.7, 1.0]}\n",
                        "  method: ties\n", "merges: must be a list, found a mapping"),
                // the rest of the file
                new Row("finetune: {epochs: 1}\n", "finetune: {epochs: 1}\nreport: {}\n", "report: unknown key; valid keys: name, seed, backbone, device, devices, backend, max_length,"
                        + " pooling, population, tasks, finetune, evaluation, merges, search, pretrain"),
                // image tasks
                new Row("path: " + DATA + "/spam}", "path: " + DATA + "/spam}\n  - {name: digits, source: idx, path: "
                        + DATA + "/digits_uci}", "tasks[2].source: 'idx' mixes an image task with text tasks; one"
                        + " experiment merges one encoder, so its tasks are all text or all images"),
                new Row("source: jsonl, path: " + DATA + "/sentiment}\n  - {name: spam, source: jsonl, path: " + DATA
                        + "/spam}", "source: idx, path: " + DATA + "/mnist}\n  - {name: spam, source: idx, path: " + DATA
                        + "/fashion}", "backbone: 'all-minilm-l6-v2' is a text encoder, and the tasks are image tasks;"
                        + " give a CLIP vision folder, or a pretrain: section that builds one"),
                new Row("finetune: {epochs: 1}\n", "finetune: {epochs: 1}\nbackend: gpu\n",
                        "backend: 'gpu' is not one of java, device"),
                new Row("finetune: {epochs: 1}", "finetune: {epochs: 2.5}",
                        "finetune.epochs: must be an integer in [1, 1000], found 2.5"),
                new Row("path: " + DATA + "/spam}", "path: " + DATA + "/spam, weight: .inf}",
                        "tasks[1].weight: must be a finite number, found .inf"),
                new Row("{name: sentiment,", "{name: \"\",", "tasks[0].name: must not be empty"),
                new Row(DATA + "/sentiment}", DATA + "}", "tasks[0].path: the task's data file " + DATA
                        + "/task.json is missing; give the folder that holds the task's splits"),
                new Row("seed: 1\n", "seed: 1\nmax_length: 1000\n", "max_length: must be an integer in [8, 512], found 1000"),
                new Row("seed: 1\n", "seed: 1\nevaluation: {batch_size: \"32\"}\n",
                        "evaluation.batch_size: must be an integer in [1, 4096], found '32'"),
                new Row("backbone: all-minilm-l6-v2", "backbone: 3", "backbone: must be text, found 3"),
                // evaluation devices (one resident evaluator each)
                new Row("seed: 1\n", "seed: 1\ndevices: [cpu, tpu]\n", "devices[1]: 'tpu' is not one of cpu, gpu, gpu:N"),
                new Row("seed: 1\n", "seed: 1\ndevices: []\n", "devices: must be a non-empty list"),
                new Row("seed: 1\n", "seed: 1\ndevices: cpu\n", "devices: must be a list, found 'cpu'"),
                new Row("seed: 1\n", "seed: 1\ndevices: [2]\n", "devices[0]: must be text, found 2"),
                new Row("seed: 1\n", "seed: 1\ndevices: [gpu:0, cpu, gpu]\n",
                        "devices[2]: gpu is listed twice; give each GPU once (one evaluator per GPU)"),
                new Row("seed: 1\n", "seed: 1\ndevice: cpu\ndevices: [cpu, cpu]\n", "devices: give device or devices, not both"));
    }

    /** A valid image experiment: a pre-trained base and two shipped image tasks. */
    private static final String IMAGES = """
            name: bad
            seed: 1
            population: pop
            pretrain:
              folder: base
              data: {name: digits, source: idx, path: DATA/digits_uci}
              model: {image_size: 16, patch_size: 8, hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2}
              training: {max_steps: 2}
            tasks:
              - {name: mnist, source: idx, path: DATA/mnist}
              - {name: fashion, source: idx, path: DATA/fashion, finetune: {epochs: 1}}
            merges:
              - {method: ties, parameters: {density: 0.2}}
            search:
              - {name: es, method: pcb, genes: {weights: [0.8, 1.3]}, strategy: cmaes, budget: 10}
            """.replace("DATA", DATA);

    static Stream<Row> images() {
        return Stream.of(
                new Row("seed: 1\n", "seed: 1\nbackbone: all-minilm-l6-v2\n",
                        "backbone: give backbone or pretrain, not both (pretrain's folder is the backbone)"),
                new Row("patch_size: 8", "patch_size: 5", "pretrain.model.patch_size: 5 does not divide image_size 16"),
                new Row("num_attention_heads: 2", "num_attention_heads: 3",
                        "pretrain.model.num_attention_heads: 3 does not divide hidden_size 32"),
                new Row("hidden_size: 32,", "hidden_size: 32, hidden_act: relu,",
                        "pretrain.model.hidden_act: 'relu' is not one of quick_gelu, gelu"),
                new Row("{max_steps: 2}", "{max_steps: 2, linear_probe_steps: 10}",
                        "pretrain.training.linear_probe_steps: unknown key; valid keys of pretrain.training: epochs,"
                                + " batch_size, learning_rate, warmup, weight_decay, max_steps, seed"),
                new Row("source: idx, path: " + DATA + "/digits_uci}", "source: jsonl, path: " + DATA + "/sentiment}",
                        "pretrain.data.source: 'jsonl' is a text source; pre-training takes an image task (cifar10,"
                                + " idx, image_folder)"),
                new Row("  data: {name", "  dat: {name", "pretrain.dat: unknown key; valid keys of pretrain: folder,"
                        + " data, model, training"),
                new Row("{epochs: 1}}", "{epochs: 1, keep_best_epoch: true}}",
                        "tasks[1].finetune.keep_best_epoch: does not apply to image tasks; remove it"),
                new Row("path: " + DATA + "/mnist}", "path: " + DATA + "/mnist, pair_encoding: bi_encoder}",
                        "tasks[0].pair_encoding: only applies to text tasks; remove it"),
                new Row("seed: 1\n", "seed: 1\npooling: mean\n",
                        "pooling: only applies to text tasks (an image head reads the pooled class token)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void badImageExperimentsExitTwoWithOneLineBeforeAnyWork(Row row, @TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("bad.yaml"), IMAGES, row);
        assertThrows(EvomergeException.class, () -> ExperimentConfig.read(file), "the reader accepts " + row.to());
        assertRefused(dir, row.message(), file, "evolve", file.toString(), "--results", dir.resolve("results").toString());
        assertFalse(Files.exists(dir.resolve("base")), "nothing pre-trained");
    }

    static Stream<Row> merges() {
        return Stream.of(
                new Row("{weight: 1.0}", "{weight: 1e400}", "models[0].parameters.weight: must be a finite number, found 1e400"),
                new Row("{weight: 2.0}", "{weight: -1.0}", "models[1].parameters.weight: the weights sum to 0, so their"
                        + " average is undefined; change a weight or set parameters.normalize: false"),
                new Row("dtype: float32\n", "dtype: float32\nmerge_method: ties\n", "merge_method: the key is given twice; keep one"),
                new Row("{normalize: true}", "{normalize: true, lambda: .nan}", "parameters.lambda: must be a finite number, found .nan"),
                new Row("{normalize: true}", "{normalize: \"yes\"}", "parameters.normalize: must be true or false, found 'yes'"),
                new Row("merge_method: linear", "merge_method: soup", "merge_method: 'soup' is not a method (valid: "
                        + "[linear, task_arithmetic, ties, dare_linear, dare_ties, pcb, cabs, slerp, nuslerp, model_stock, breadcrumbs, "
                        + "breadcrumbs_ties, della, della_linear, arcee_fusion, passthrough])"),
                new Row("dtype: float32\n", "dtype: float32\ntokenizer_source: union\n",
                        "tokenizer_source: 'union' is not supported: evomerge carries the tokenizer files of base_model "
                                + "(the first model without one) and merges no vocabularies; use tokenizer_source: base"),
                new Row("dtype: float32\n", "dtype: float32\nslices: []\n",
                        "slices: give exactly one of models: (whole models) or slices: (layer ranges)"),
                new Row("dtype: float32", "dtype: int8", "dtype: 'int8' is invalid (valid: float32, float16, bfloat16)"),
                new Row("task_1.safetensors", "task_9.safetensors", "models[1].model: model not found at "
                        + Shared.path("reference/pcb").toAbsolutePath().normalize() + "/task_9.safetensors"),
                new Row("{weight: 2.0}", "{weight: 2.0, normalize: false}", "models[1].parameters.normalize: unknown"
                        + " key: 'normalize' is not accepted here; valid keys of models[1].parameters: weight"),
                new Row("{normalize: true}", "{density: 0.5}",
                        "parameters.density: unknown key: linear has no parameter 'density'; valid keys of parameters:"
                                + " weight, normalize, exclude"),
                new Row("merge_method: linear", "merge_method: pcb", "parameters.normalize: unknown key: pcb has no"
                        + " parameter 'normalize'; valid keys of parameters: weight, lambda, ratio, clip, inter, scope, exclude"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: cabs\nparameters: {n: 8, m: 4}",
                        "parameters.n: 8:4 is invalid (need 1 <= n <= m)"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: cabs\nparameters: {order: [0, 0]}",
                        "parameters.order: [0, 0] is not a permutation of the model indices 0..1"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: pcb\nparameters: {ratio: [0.1, 1.5]}",
                        "parameters.ratio[1]: must be a number in (0, 1], found 1.5"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: pcb\nparameters: {ratio: [{filter: mlp}]}",
                        "parameters.ratio[0].value: is required (a number or a gradient list)"),
                new Row("merge_method: linear\nparameters: {normalize: true}",
                        "merge_method: pcb\nparameters: {ratio: [0.1, {filter: mlp, value: 0.2}]}",
                        "parameters.ratio[0]: a list mixing numbers and conditions: give a gradient of numbers, or a list of "
                                + "{filter, value}, found 0.1"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: slerp\nparameters: {t: 0.5}",
                        "models: slerp takes exactly one model besides base_model, found 2"),
                new Row("merge_method: linear\nparameters: {normalize: true}", "merge_method: passthrough",
                        "base_model: passthrough copies its slices and takes no base_model; remove it"),
                new Row("merge_method: linear\nparameters: {normalize: true}",
                        "merge_method: ties\nparameters: {scope: model, density: [0.2, 0.5]}",
                        "parameters.scope: model scope needs one value per model, but a parameter varies per tensor (a "
                                + "gradient, filter or slice value); use scope: tensor, or a single value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void badExperimentsExitTwoWithOneLineBeforeAnyWork(Row row, @TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("bad.yaml"), EXPERIMENT, row);
        assertThrows(EvomergeException.class, () -> ExperimentConfig.read(file), "the reader accepts " + row.to());
        assertRefused(dir, row.message(), file, "evolve", file.toString(), "--results", dir.resolve("results").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void badMergeConfigsExitTwoWithOneLineAndWriteNothing(Row row, @TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("bad.yaml"), MERGE, row);
        assertThrows(EvomergeException.class, () -> MergeConfigReader.read(file), "the reader accepts " + row.to());
        assertRefused(dir, row.message(), file, "merge", file.toString(), dir.resolve("out.safetensors").toString());
    }

    /** The test split is refused in a search unless --allow-test-search, naming the key; nothing runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("testSplit")
    void aSearchOnTheTestSplitNeedsItsFlag(Row row, @TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("bad.yaml"), EXPERIMENT, row);
        assertRefused(dir, row.message(), file, "evolve", file.toString(), "--results", dir.resolve("results").toString());
    }

    /** A task without its train split is refused before any task trains (a fine-tuned population needs none). */
    @org.junit.jupiter.api.Test
    void aMissingTrainSplitIsFoundBeforeFineTuning(@TempDir Path dir) throws Exception {
        Path task = Files.createDirectories(dir.resolve("spam"));
        for (String f : List.of("task.json", "validation.jsonl", "test.jsonl")) {
            Files.copy(Path.of(DATA, "spam", f), task.resolve(f));
        }
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, EXPERIMENT.replace(DATA + "/spam", task.toString()));
        InspectCommandTest.Result r = InspectCommandTest.run("evolve", file.toString(), "--results",
                dir.resolve("results").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("evomerge: " + file + ": tasks[1].path: the task's train split " + task.resolve("train.jsonl")
                + " is missing, and spam has no model yet; give the folder that holds the task's splits", r.err().strip());
        assertOneLineWithoutTrace(r.err());
        assertFalse(Files.exists(dir.resolve("pop")), "the population folder stays absent");
    }

    /**
     * The silent misread of a shifted header, as users met it: task_0's header length rewritten 4 bytes short, then
     * merged with linear (and inspected). Both exit 2 naming the file and the 4 stray bytes; nothing is written.
     */
    @org.junit.jupiter.api.Test
    void aHeaderLengthFourBytesShortIsRefusedByMergeAndInspect(@TempDir Path dir) throws Exception {
        Path original = Shared.path("reference/pcb/task_0.safetensors").toAbsolutePath().normalize();
        byte[] bytes = Files.readAllBytes(original);
        ByteBuffer length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(0, length.getLong(0) - 4);
        Path shifted = Files.write(dir.resolve("task_0.safetensors"), bytes);
        Path config = Files.writeString(dir.resolve("linear.yaml"), MERGE.replace(original.toString(), shifted.toString()));
        Path out = dir.resolve("out.safetensors");
        for (String[] args : List.of(new String[]{"merge", config.toString(), out.toString()},
                new String[]{"inspect", shifted.toString()})) {
            InspectCommandTest.Result r = InspectCommandTest.run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("evomerge: " + shifted + ": the data section is "), r.err());
            assertTrue(r.err().contains(": 4 bytes belong to no tensor (wrong header length, or bytes appended)"), r.err());
            assertOneLineWithoutTrace(r.err());
            assertFalse(Files.exists(out), "no merge output");
        }
    }

    /** How many evaluators, and where: refused before any work, naming the option and what to drop. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("executors")
    void executorChoicesThatCannotRunAreRefusedBeforeAnyWork(Row row, @TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("bad.yaml"), EXPERIMENT, new Row("seed: 1\n", row.from(), ""));
        List<String> args = new java.util.ArrayList<>(List.of("evolve", file.toString(), "--results",
                dir.resolve("results").toString()));
        if (!row.to().isEmpty()) args.addAll(List.of(row.to().split(" ")));
        InspectCommandTest.Result r = InspectCommandTest.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals("evomerge: " + row.message().replace("FILE", file.toString()), r.err().strip());
        assertOneLineWithoutTrace(r.err());
        assertFalse(Files.exists(dir.resolve("pop")) || Files.exists(dir.resolve("results")), "nothing started");
    }

    /** Rows: the experiment's device lines, the command line's extra options, the message. */
    static Stream<Row> executors() {
        return Stream.of(
                new Row("seed: 1\ndevices: [cpu, cpu]\n", "--workers 3", "--workers 3: FILE lists devices [cpu, cpu]"
                        + " (one evaluator each); drop --workers or the devices key"),
                new Row("seed: 1\nbackend: device\ndevices: [cpu, cpu]\n", "", "FILE: backend: device evaluates with one"
                        + " local evaluator (its plans live beside its model), not 2 devices; use backend: java, or one device"),
                new Row("seed: 1\n", "--executor spark --workers 2", "--workers: the spark executor runs one evaluator"
                        + " per executor task slot; drop --workers and size the cluster (spark.executor.instances,"
                        + " spark.executor.cores)"),
                new Row("seed: 1\n", "--executor spark", "--executor spark: no Spark master is set; run under"
                        + " spark-submit --master URL, or pass -Dspark.master=URL (local[2] runs two task slots in this JVM)"));
    }

    static Stream<Row> testSplit() {
        return Stream.of(new Row("    budget: 10\n", "    budget: 10\n    split: test\n", "search[0].split: search 'es'"
                + " scores candidates on the test split, which must stay held out for the final report; use split:"
                + " validation, or pass --allow-test-search"));
    }

    /** Command-line mistakes: sizes, counts, unknown options, missing arguments. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("commandLines")
    void badCommandLinesExitTwoWithOneLine(List<String> args, String message, @TempDir Path dir) {
        List<String> resolved = args.stream().map(a -> a.replace("DIR", dir.toString())).toList();
        InspectCommandTest.Result r = InspectCommandTest.run(resolved.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals("evomerge: " + message.replace("DIR", dir.toString()), r.err().strip());
        assertOneLineWithoutTrace(r.err());
        assertFalse(Files.exists(dir.resolve("results")) || Files.exists(dir.resolve("out.safetensors")));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> commandLines() {
        String missing = "DIR/none.yaml";
        return Stream.of(
                cli("--plan-cache: 'x%' is not a share of the heap; give a percentage in (0, 100] such as 25%, or a size"
                        + " such as 512m", "evolve", missing, "--plan-cache", "x%"),
                cli("--plan-cache: '0%' is not a share of the heap; give a percentage in (0, 100] such as 25%, or a size"
                        + " such as 512m", "evolve", missing, "--plan-cache", "0%"),
                cli("--plan-cache: '512q' is not a size; give e.g. 5GB, 500MB, 2GiB or 512m",
                        "evolve", missing, "--plan-cache", "512q"),
                cli("--workers: 0 is not a number of workers; give 1 or more", "evolve", missing, "--workers", "0"),
                cli("--repeats: 0 is not a number of repeats; give 1 to 1000", "evolve", missing, "--repeats", "0"),
                cli("Invalid value for option '--workers': 'abc' is not an int (see evomerge evolve --help)",
                        "evolve", missing, "--workers", "abc"),
                cli("Unknown option: '--frobnicate' (see evomerge evolve --help)", "evolve", missing, "--frobnicate"),
                cli("--executor: 'yarn' is not one of local, spark", "evolve", missing, "--executor", "yarn"),
                cli("Missing required parameter: 'EXPERIMENT' (see evomerge evolve --help)", "evolve"),
                cli(missing + ": no such file", "evolve", missing, "--results", "DIR/results"),
                cli("--params: '5X' is not a count; give e.g. 50M, 800K or 1000", "bench", "merge", "--params", "5X",
                        "--dir", "DIR/bench"),
                cli(missing + ": no such config file", "merge", missing, "DIR/out.safetensors"),
                cli("--backend: 'gpu' is not one of java, device", "merge", missing, "DIR/out.safetensors", "--backend", "gpu"),
                cli("--device: gpu needs --backend device (the java backend runs on the CPU)", "merge", missing,
                        "DIR/out.safetensors", "--device", "gpu"),
                cli("--device: 'tpu' is not one of cpu, gpu, gpu:N", "merge", missing, "DIR/out.safetensors",
                        "--backend", "device", "--device", "tpu"));
    }

    private static org.junit.jupiter.params.provider.Arguments cli(String message, String... args) {
        return org.junit.jupiter.params.provider.Arguments.of(List.of(args), message);
    }

    private static Path write(Path file, String valid, Row row) throws Exception {
        assertTrue(valid.contains(row.from()), "the row's edit applies: " + row.from());
        Files.writeString(file, valid.replace(row.from(), row.to()));
        return file;
    }

    private static void assertRefused(Path dir, String message, Path file, String... args) {
        InspectCommandTest.Result r = InspectCommandTest.run(args);
        assertEquals(2, r.code(), r.err());
        String expected = "evomerge: " + file + ": " + message;
        assertEquals(expected, r.err().strip());
        assertOneLineWithoutTrace(r.err());
        assertFalse(Files.exists(dir.resolve("pop")), "the population folder stays absent");
        assertFalse(Files.exists(dir.resolve("results")), "no run folder");
        assertFalse(Files.exists(dir.resolve("out.safetensors")), "no merge output");
        assertEquals("", r.out(), "nothing printed on stdout");
    }

    private static void assertOneLineWithoutTrace(String err) {
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }
}
