package io.evomerge.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One ONNX NodeProto; {@code value} is the tensor attribute of Constant nodes (null otherwise). */
record OnnxNode(String opType, List<String> inputs, List<String> outputs, OnnxTensor value) {

    static OnnxNode parse(ByteBuffer message) {
        ProtoReader r = new ProtoReader(message);
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        OnnxTensor value = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 4 -> opType = r.readString();
                case 5 -> {
                    OnnxTensor t = tensorAttribute(r.readBytes());
                    value = t != null ? t : value;
                }
                default -> r.skip();
            }
        }
        return new OnnxNode(opType, List.copyOf(inputs), List.copyOf(outputs), value);
    }

    /** AttributeProto field 5 is {@code t} (a TensorProto). */
    private static OnnxTensor tensorAttribute(ByteBuffer message) {
        ProtoReader r = new ProtoReader(message);
        OnnxTensor tensor = null;
        while (r.next()) {
            if (r.field() == 5 && r.wireType() == ProtoReader.LENGTH_DELIMITED) {
                tensor = OnnxTensor.parse(r.readBytes());
            } else {
                r.skip();
            }
        }
        return tensor;
    }
}
