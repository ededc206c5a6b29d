package io.frugal.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator application. Immutable. Inputs are ordered names, "" for an omitted optional input
 * (as in ONNX); the domain is "" for the default ONNX domain.
 */
public final class Node {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Attribute> attributes;

    /**
     * @throws IllegalArgumentException if the name or op type is empty or an output name is empty
     */
    public Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {
        this.name = Objects.requireNonNull(name, "name");
        this.opType = Objects.requireNonNull(opType, "opType");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a node of op " + opType + " has no name");
        }
        if (opType.isEmpty()) {
            throw new IllegalArgumentException("node '" + name + "' has no op type");
        }
        for (String o : this.outputs) {
            if (o.isEmpty()) {
                throw new IllegalArgumentException("node '" + name + "' (" + opType + ") has an empty output name");
            }
        }
    }

    /** A node in the default domain. */
    public Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {
        this(name, opType, "", inputs, outputs, attributes);
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    public String domain() {
        return domain;
    }

    /** Input names in order; "" marks an omitted optional input. */
    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Attributes in file order. */
    public Map<String, Attribute> attributes() {
        return attributes;
    }

    public Optional<Attribute> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** An INT attribute or the default. @throws IllegalStateException if present with another kind */
    public long intAttr(String key, long dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : checked(key, a, Attribute.Kind.INT).asInt();
    }

    /** A FLOAT attribute or the default. @throws IllegalStateException if present with another kind */
    public float floatAttr(String key, float dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : checked(key, a, Attribute.Kind.FLOAT).asFloat();
    }

    /** A STRING attribute or the default. @throws IllegalStateException if present with another kind */
    public String stringAttr(String key, String dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : checked(key, a, Attribute.Kind.STRING).asString();
    }

    /** An INTS attribute or the default. @throws IllegalStateException if present with another kind */
    public long[] intsAttr(String key, long[] dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : checked(key, a, Attribute.Kind.INTS).asInts();
    }

    private Attribute checked(String key, Attribute a, Attribute.Kind k) {
        if (a.kind() != k) {
            throw new IllegalStateException(describe() + ": attribute '" + key + "' is " + a.kind() + ", expected " + k);
        }
        return a;
    }

    /** "node 'name' (Op)" or "node 'name' (domain:Op)", for messages. */
    public String describe() {
        return "node '" + name + "' (" + (domain.isEmpty() ? "" : domain + ":") + opType + ")";
    }

    @Override
    public String toString() {
        return describe() + " " + inputs + " -> " + outputs;
    }
}
