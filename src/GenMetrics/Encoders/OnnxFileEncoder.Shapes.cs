using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GenMetrics.Encoders;

/// <summary>The checks of a model's input and output against what an image encoder needs, with messages that name the file and the shapes.</summary>
internal sealed partial class OnnxFileEncoder
{
    private static (string Name, int Batch) CheckInput(InferenceSession session, string path, int size)
    {
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
            throw new InputException($"{path}: the model has {inputs.Count} inputs ({string.Join(", ", inputs.Keys)}); an image encoder takes one, N x 3 x {size} x {size}");
        var (name, meta) = inputs.First();
        var dims = meta.IsTensor ? meta.Dimensions : [];
        var ok = meta.IsTensor && meta.ElementDataType == TensorElementType.Float && dims.Length == 4
            && dims[1] == 3 && (dims[2] == -1 || dims[2] == size) && (dims[3] == -1 || dims[3] == size);
        if (!ok)
            throw new InputException($"{path}: input '{name}' is {Describe(meta)}; expected float32 N x 3 x {size} x {size} (the 'input_size' setting is {size})");
        return (name, dims[0]);
    }

    private static (string Name, int Dim) CheckOutput(InferenceSession session, string path, string? wanted)
    {
        var outputs = session.OutputMetadata;
        if (outputs.Count == 0)
            throw new InputException($"{path}: the model has no outputs; an image encoder gives one, float32 N x D (or N x D x 1 x 1)");
        string name;
        if (wanted is null) name = session.OutputNames[0];
        else if (outputs.ContainsKey(wanted)) name = wanted;
        else throw new InputException($"{path}: no output '{wanted}'; the model's outputs are {string.Join(", ", session.OutputNames)}");
        var meta = outputs[name];
        var dims = meta.IsTensor ? meta.Dimensions : [];
        var ok = meta.IsTensor && meta.ElementDataType == TensorElementType.Float
            && (dims.Length == 2 || (dims.Length == 4 && dims[2] is 1 or -1 && dims[3] is 1 or -1));
        if (!ok)
            throw new InputException($"{path}: output '{name}' is {Describe(meta)}; expected float32 N x D (or N x D x 1 x 1); choose another with the 'output' setting");
        return (name, dims[1]);
    }

    private static string Describe(NodeMetadata m)
    {
        if (!m.IsTensor) return $"a {m.OnnxValueType}";
        var dims = m.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.IsNullOrEmpty(m.SymbolicDimensions[i]) ? "?" : m.SymbolicDimensions[i]);
        return $"{m.ElementDataType} [{string.Join(" x ", dims)}]";
    }

    private static string Shape(long[] shape) => "[" + string.Join(" x ", shape) + "]";

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
