package io.vidsift.analyzer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a serialized ONNX ModelProto (IR 8, default opset 17) node by node. Field numbers follow onnx.proto3;
 * only what the project's generated graphs use is supported. Dimensions given as null become symbolic
 * ({@code dim_param}), which is how a graph declares a dynamic batch.
 */
public final class OnnxGraph {

    /** TensorProto.DataType values. */
    public enum Type {
        FLOAT(1), UINT8(2), INT64(7), BOOL(9), FLOAT16(10);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final List<ProtoWriter> metadata = new ArrayList<>();
    private int nodeCount;

    public OnnxGraph(String name) {
        this.name = name;
    }

    public OnnxGraph input(String name, Type type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
        return this;
    }

    public OnnxGraph output(String name, Type type, Object... dims) {
        outputs.add(valueInfo(name, type, dims));
        return this;
    }

    /**
     * A model-level {@code metadata_props} entry, where exporters keep what the graph cannot say (Ultralytics:
     * {@code names}, {@code imgsz}, {@code batch}, {@code end2end}).
     */
    public OnnxGraph metadata(String key, String value) {
        metadata.add(new ProtoWriter().string(1, key).string(2, value));
        return this;
    }

    public OnnxGraph floats(String name, long[] dims, float... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        initializers.add(tensor(name, Type.FLOAT, dims, raw.array()));
        return this;
    }

    public OnnxGraph longs(String name, long[] dims, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(name, Type.INT64, dims, raw.array()));
        return this;
    }

    /** Adds a node; attributes are name/value pairs (Integer/Long → INT, Float/Double → FLOAT, long[] → INTS, String → STRING). */
    public OnnxGraph node(String opType, List<String> in, List<String> out, Object... attributes) {
        ProtoWriter node = new ProtoWriter();
        in.forEach(i -> node.string(1, i));
        out.forEach(o -> node.string(2, o));
        node.string(3, opType.toLowerCase() + "_" + nodeCount++);
        node.string(4, opType);
        for (int i = 0; i < attributes.length; i += 2) {
            node.message(5, attribute((String) attributes[i], attributes[i + 1]));
        }
        nodes.add(node);
        return this;
    }

    public byte[] toBytes() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));

        ProtoWriter model = new ProtoWriter();
        model.varint(1, IR_VERSION);
        model.string(2, "vidsift");
        model.message(7, graph);
        model.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        metadata.forEach(m -> model.message(14, m));
        return model.toByteArray();
    }

    private static ProtoWriter attribute(String name, Object value) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        if (value instanceof Integer || value instanceof Long) {
            a.varint(3, ((Number) value).longValue()).varint(20, 2);
        } else if (value instanceof Float || value instanceof Double) {
            a.fixed32(2, ((Number) value).floatValue()).varint(20, 1);
        } else if (value instanceof long[] ints) {
            a.packedVarints(8, ints).varint(20, 7);
        } else if (value instanceof String s) {
            a.string(4, s).varint(20, 3);
        } else {
            throw new IllegalArgumentException("unsupported attribute " + name + ": " + value);
        }
        return a;
    }

    private static ProtoWriter tensor(String name, Type type, long[] dims, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, type.code);
        t.string(8, name);
        t.bytes(9, raw);
        return t;
    }

    private static ProtoWriter valueInfo(String name, Type type, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else {
                dim.string(2, d == null ? "?" : d.toString());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, type.code).message(2, shape);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, typeProto);
    }
}
