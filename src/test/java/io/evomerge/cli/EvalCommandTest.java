package io.evomerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.eval.TinyPopulation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    /** --model with a task's own folder equals --task-models for that task; --base is the baseline; --out is the JSON. */
    @Test
    @Tag("slow")
    void scoresModelsAsJson(@TempDir Path dir) throws Exception {
        String yaml = TinyPopulation.create(dir).toString();
        ObjectMapper json = new ObjectMapper();
        InspectCommandTest.Result own = InspectCommandTest.run("eval", yaml, "--task-models");
        assertEquals(0, own.code(), own.err());
        Path stsb = dir.resolve("population/stsb");
        Path out = dir.resolve("scores.json");
        InspectCommandTest.Result model = InspectCommandTest.run("eval", yaml, "--model", stsb.toString(), "--out",
                out.toString());
        assertEquals(0, model.code(), model.err());
        JsonNode ownRoot = json.readTree(own.out());
        JsonNode modelRoot = json.readTree(Files.readString(out));
        assertEquals("validation", modelRoot.get("split").asText());
        assertEquals(ownRoot.at("/tasks/stsb/pearson").asDouble(), modelRoot.at("/tasks/stsb/pearson").asDouble());
        assertEquals(json.readTree(model.out()).get("tasks"), modelRoot.get("tasks"));
        InspectCommandTest.Result base = InspectCommandTest.run("eval", yaml, "--base", "--split", "test");
        assertEquals(0, base.code(), base.err());
        JsonNode baseRoot = json.readTree(base.out());
        assertEquals(4, baseRoot.get("tasks").size());
        assertTrue(baseRoot.get("fitness").isNumber());
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        String yaml = TinyPopulation.create(dir).toString();
        InspectCommandTest.Result split = InspectCommandTest.run("eval", yaml, "--base", "--split", "dev");
        assertEquals(2, split.code());
        assertEquals("evomerge: --split: 'dev' is not one of validation, test", split.err().strip());
        InspectCommandTest.Result missing = InspectCommandTest.run("eval", yaml, "--model", dir.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().strip().endsWith("nope: no such file or folder"), missing.err());
        InspectCommandTest.Result finetune = InspectCommandTest.run("finetune", dir.resolve("none.yaml").toString());
        assertEquals(2, finetune.code());
        assertTrue(finetune.err().contains("none.yaml: no such file"), finetune.err());
    }
}
