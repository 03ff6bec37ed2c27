namespace GenMetrics.Formats;

/// <summary>
/// Builds an ONNX ModelProto in memory: float32 initializers, nodes with attributes, and typed inputs and outputs
/// (a dimension is a number or a symbolic name such as "N" for a dynamic batch). <see cref="ToBytes"/> gives the
/// serialised model, which ONNX Runtime loads with <c>new InferenceSession(bytes)</c>.
/// </summary>
/// <remarks>
/// Field numbers follow onnx/onnx.proto3 (IR version 8, the one that goes with opset 17). Repeated fields may be
/// interleaved in protobuf, so nodes and initializers are encoded into the graph as they are added and never kept.
/// </remarks>
internal sealed class OnnxModelBuilder
{
    public const long IrVersion = 8;
    public const int DefaultOpset = 17;
    internal const int ElemFloat = 1, ElemInt64 = 7;

    private readonly ProtobufWriter _graph = new(1 << 16);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly int _opset;
    private int _nodeCount;

    public OnnxModelBuilder(string graphName, int opset = DefaultOpset)
    {
        _opset = opset;
        _graph.String(GraphFields.Name, graphName);
    }

    /// <summary>A float32 tensor held in the model (weights); stored as little-endian raw_data.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> data)
    {
        CheckCount(name, dims, data.Length);
        Declare(name);
        var t = new ProtobufWriter(data.Length * 4 + 64 + name.Length);
        t.PackedInt64s(TensorFields.Dims, dims);
        t.Int64(TensorFields.DataType, ElemFloat);
        t.String(TensorFields.Name, name);
        t.Bytes(TensorFields.RawData, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
        _graph.Message(GraphFields.Initializer, t);
        return name;
    }

    /// <summary>A float32 tensor stored in the packed float_data field instead of raw_data (both are valid ONNX).</summary>
    public string AddInitializerPacked(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> data)
    {
        CheckCount(name, dims, data.Length);
        Declare(name);
        var t = new ProtobufWriter(data.Length * 4 + 64 + name.Length);
        t.PackedInt64s(TensorFields.Dims, dims);
        t.Int64(TensorFields.DataType, ElemFloat);
        t.PackedFloats(TensorFields.FloatData, data);
        t.String(TensorFields.Name, name);
        _graph.Message(GraphFields.Initializer, t);
        return name;
    }

    /// <summary>An int64 tensor held in the model (shapes for Reshape, axes).</summary>
    public string AddInitializerInt64(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> data)
    {
        CheckCount(name, dims, data.Length);
        Declare(name);
        var t = new ProtobufWriter();
        t.PackedInt64s(TensorFields.Dims, dims);
        t.Int64(TensorFields.DataType, ElemInt64);
        t.PackedInt64s(TensorFields.Int64Data, data);
        t.String(TensorFields.Name, name);
        _graph.Message(GraphFields.Initializer, t);
        return name;
    }

    /// <summary>A graph input of float32 elements.</summary>
    public void AddInput(string name, params OnnxDim[] shape)
    {
        Declare(name);
        _graph.Message(GraphFields.Input, ValueInfo(name, shape));
    }

    /// <summary>A graph output of float32 elements; some node must produce it.</summary>
    public void AddOutput(string name, params OnnxDim[] shape) => _graph.Message(GraphFields.Output, ValueInfo(name, shape));

    /// <summary>Adds a node in the default (ai.onnx) domain; nodes must come in topological order.</summary>
    public void AddNode(string opType, ReadOnlySpan<string> inputs, ReadOnlySpan<string> outputs, params OnnxAttribute[] attributes)
    {
        var n = new ProtobufWriter();
        foreach (var i in inputs) n.String(NodeFields.Input, i);
        foreach (var o in outputs)
        {
            Declare(o);
            n.String(NodeFields.Output, o);
        }
        n.String(NodeFields.Name, $"{opType}_{_nodeCount++}");
        n.String(NodeFields.OpType, opType);
        foreach (var a in attributes) n.Message(NodeFields.Attribute, a.Write);
        _graph.Message(GraphFields.Node, n);
    }

    /// <summary>Adds a one-output node and returns the output's name.</summary>
    public string Node(string opType, ReadOnlySpan<string> inputs, string output, params OnnxAttribute[] attributes)
    {
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    public int NodeCount => _nodeCount;

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToBytes()
    {
        var m = new ProtobufWriter(_graph.Length + 128);
        m.Int64(ModelFields.IrVersion, IrVersion);
        m.String(ModelFields.ProducerName, "GenMetrics");
        m.String(ModelFields.ProducerVersion, typeof(OnnxModelBuilder).Assembly.GetName().Version?.ToString() ?? "0");
        m.Message(ModelFields.OpsetImport, o =>
        {
            o.String(1, "");
            o.Int64(2, _opset);
        });
        m.Message(ModelFields.Graph, _graph);
        return m.ToArray();
    }

    private static ProtobufWriter ValueInfo(string name, OnnxDim[] shape)
    {
        var v = new ProtobufWriter();
        v.String(1, name);
        v.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, ElemFloat);
            tensor.Message(2, s =>
            {
                foreach (var d in shape)
                    s.Message(1, dim =>
                    {
                        if (d.Param is { } p) dim.String(2, p);
                        else dim.Int64(1, d.Value);
                    });
            });
        }));
        return v;
    }

    private void Declare(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"ONNX graph: the name '{name}' is defined twice");
    }

    private static void CheckCount(string name, ReadOnlySpan<long> dims, int count)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n != count) throw new ArgumentException($"ONNX initializer '{name}': shape [{string.Join(",", dims.ToArray())}] needs {n} values, got {count}");
    }

    private static class ModelFields { public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, Graph = 7, OpsetImport = 8; }
    private static class GraphFields { public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12; }
    private static class NodeFields { public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5; }
    private static class TensorFields { public const int Dims = 1, DataType = 2, FloatData = 4, Int64Data = 7, Name = 8, RawData = 9; }
}

/// <summary>One dimension of a graph input or output: a fixed size or a symbolic name (dynamic).</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);
    public static implicit operator OnnxDim(string param) => new(0, param);
}
