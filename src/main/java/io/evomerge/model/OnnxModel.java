package io.evomerge.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX ModelProto this package needs: graph initializers, nodes and graph input/output names.
 * The file is memory-mapped, so initializer payloads are read only when asked for.
 */
record OnnxModel(Map<String, OnnxTensor> initializers, List<OnnxNode> nodes, List<String> inputs,
                 List<String> outputs) {

    static OnnxModel read(Path file) {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // A mapping stays valid after its channel is closed.
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
        try {
            return parseModel(mapped);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot parse ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    private static OnnxModel parseModel(ByteBuffer model) {
        ProtoReader r = new ProtoReader(model);
        while (r.next()) {
            if (r.field() == 7 && r.wireType() == ProtoReader.LENGTH_DELIMITED) {
                return parseGraph(r.readBytes());
            }
            r.skip();
        }
        throw new IllegalStateException("no graph (ModelProto field 7) found");
    }

    private static OnnxModel parseGraph(ByteBuffer graph) {
        ProtoReader r = new ProtoReader(graph);
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxNode> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> nodes.add(OnnxNode.parse(r.readBytes()));
                case 5 -> {
                    OnnxTensor t = OnnxTensor.parse(r.readBytes());
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(valueInfoName(r.readBytes()));
                case 12 -> outputs.add(valueInfoName(r.readBytes()));
                default -> r.skip();
            }
        }
        return new OnnxModel(Collections.unmodifiableMap(initializers), List.copyOf(nodes), List.copyOf(inputs),
                List.copyOf(outputs));
    }

    private static String valueInfoName(ByteBuffer valueInfo) {
        ProtoReader r = new ProtoReader(valueInfo);
        while (r.next()) {
            if (r.field() == 1) {
                return r.readString();
            }
            r.skip();
        }
        return "";
    }
}
