using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GenMetrics.Samples;

/// <summary>The model's tensors checked against what a generator needs, one run, and the output's conversion to uint8.</summary>
public sealed partial class OnnxGenerator
{
    private readonly record struct Inputs(string Latent, bool Latent4d, int LatentSize, string? Labels, bool LabelsInt32, int Batch);

    private static Inputs CheckInputs(InferenceSession session, string path, GeneratorOptions o)
    {
        var names = session.InputNames;
        var meta = session.InputMetadata;
        if (names.Count == 0)
            throw new InputException($"{path}: the model has no inputs; a generator takes float32 latents, N x z");
        var latent = names[0];
        var m = meta[latent];
        var dims = m.IsTensor ? m.Dimensions : [];
        bool is4d = dims.Length == 4 && dims[2] is 1 or -1 && dims[3] is 1 or -1;
        if (!m.IsTensor || m.ElementDataType != TensorElementType.Float || !(dims.Length == 2 || is4d))
            throw new InputException($"{path}: has no latent input: its first input '{latent}' is {Describe(m)}; a generator's first input takes float32 latents, N x z (or N x z x 1 x 1)" +
                                     (m.IsTensor && dims.Length == 4 && dims[1] is 1 or 3 ? " (this looks like an image model: give it as --encoder onnx:PATH instead)" : ""));
        int z = dims[1];
        if (z > 0 && o.LatentSize is { } want && want != z)
            throw InputException.ForSetting("z_dim", $"{want}, but {path} takes latents of size {z} (input '{latent}' is {Describe(m)})");
        if (z <= 0 && o.LatentSize is null)
            throw InputException.ForSetting("z_dim", $"needed: the latent size of {path} is not fixed (input '{latent}' is {Describe(m)})");
        if (names.Count > 2)
            throw new InputException($"{path}: the model has {names.Count} inputs ({string.Join(", ", names)}); a generator takes latents and, if conditional, class labels");
        string? labels = null;
        bool int32 = false;
        if (names.Count == 2)
        {
            labels = names[1];
            var l = meta[labels];
            var ld = l.IsTensor ? l.Dimensions : [];
            if (!l.IsTensor || l.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32) || ld.Length != 1)
                throw new InputException($"{path}: second input '{labels}' is {Describe(l)}; a conditional generator's second input takes int64 class labels, N");
            int32 = l.ElementDataType == TensorElementType.Int32;
            if (o.NumClasses == 0)
                throw InputException.ForSetting("num_classes", $"needed: {path} is conditional (input '{labels}' takes class labels); give the number of classes");
        }
        else if (o.NumClasses > 0)
            throw InputException.ForSetting("num_classes", $"{o.NumClasses}, but {path} is unconditional: its only input is '{latent}' ({Describe(m)})");
        int batch = dims[0] > 0 ? dims[0] : 0;
        return new Inputs(latent, dims.Length == 4, z, labels, int32, batch);
    }

    private static string CheckOutputMetadata(InferenceSession session, string path, GeneratorOptions o)
    {
        if (session.OutputNames.Count == 0)
            throw new InputException($"{path}: the model has no outputs; a generator gives images, N x C x H x W");
        var name = session.OutputNames[0];
        var m = session.OutputMetadata[name];
        var dims = m.IsTensor ? m.Dimensions : [];
        if (!m.IsTensor || m.ElementDataType is not (TensorElementType.UInt8 or TensorElementType.Float) || dims.Length != 4)
            throw new InputException($"{path}: output '{name}' is {Describe(m)}, not an image batch: a generator gives uint8 (or float32) N x C x H x W images");
        CheckRange(path, name, m.ElementDataType, o.OutputRange);
        return name;
    }

    private static void CheckRange(string path, string name, TensorElementType type, GeneratorOutputRange range)
    {
        if (type == TensorElementType.UInt8 && range != GeneratorOutputRange.Uint8)
            throw InputException.ForSetting("output_range", $"{RangeName(range)}, but output '{name}' of {path} is already uint8 images");
        if (type == TensorElementType.Float && range == GeneratorOutputRange.Uint8)
            throw InputException.ForSetting("output_range", $"needed: output '{name}' of {path} is float32; say which range it spans (-1,1 or 0,1) to convert it to uint8 as StyleGAN does");
    }

    // One run on zero latents (and label 0) tells the image size and checks the output is an image batch.
    private (int, int, int) Probe()
    {
        int rows = _fixedBatch > 0 ? _fixedBatch : 1;
        long[] shape;
        try
        {
            Run(new float[rows * LatentSize], _labelInput is null ? default : new long[rows], rows, out shape);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputException($"{Path}: the generator fails on {rows} zero latent(s) of size {LatentSize} (input '{_latentInput}'): {FirstLine(e.Message)}", e);
        }
        if (shape.Length != 4 || shape[0] != rows || shape[2] < 1 || shape[3] < 1 || shape[2] > 1 << 15 || shape[3] > 1 << 15 || shape[1] is not (1 or 3))
        {
            bool channelsLast = shape.Length == 4 && shape[3] is 1 or 3 && shape[1] is not (1 or 3);
            throw new InputException($"{Path}: output '{_output}' is {Shape(shape)} for a batch of {rows}, not an image batch: expected {rows} x C x H x W with C = 1 or 3" +
                                     (channelsLast ? " (it looks channels-last: export N x C x H x W)" : ""));
        }
        return ((int)shape[1], (int)shape[2], (int)shape[3]);
    }

    /// <summary>One model run on n ≤ batch samples; returns the converted uint8 pixels of the (possibly padded) batch.</summary>
    private byte[] Run(ReadOnlySpan<float> latents, ReadOnlySpan<long> labels, int n, out long[] shape)
    {
        int rows = _fixedBatch > 0 ? _fixedBatch : n, z = LatentSize;
        var x = new float[rows * z];
        Truncate(latents, x);
        var names = new List<string> { _latentInput };
        var values = new List<OrtValue>();
        try
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, x.AsMemory(), _latent4d ? [rows, z, 1, 1] : [rows, z]));
            if (_labelInput is not null)
            {
                names.Add(_labelInput);
                if (_labelsInt32)
                {
                    var l = new int[rows];
                    for (int i = 0; i < n; i++) l[i] = checked((int)labels[i]);
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, l.AsMemory(), [rows]));
                }
                else
                {
                    var l = new long[rows];
                    labels[..n].CopyTo(l);
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, l.AsMemory(), [rows]));
                }
            }
            using var run = new RunOptions();
            using var outputs = _session.Run(run, names, values, [_output]);
            var y = outputs[0];
            var info = y.GetTensorTypeAndShape();
            shape = info.Shape;
            return info.ElementDataType switch
            {
                TensorElementType.UInt8 when Options.OutputRange == GeneratorOutputRange.Uint8 => y.GetTensorDataAsSpan<byte>().ToArray(),
                TensorElementType.Float when Options.OutputRange != GeneratorOutputRange.Uint8 => ToBytes(y.GetTensorDataAsSpan<float>(), shape),
                _ => throw new InputException($"{Path}: output '{_output}' is {info.ElementDataType} {Shape(shape)}; expected uint8 images, or float32 with an output range"),
            };
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    // μ + ψ (z − μ) in float32; ψ = 1 copies.
    private void Truncate(ReadOnlySpan<float> z, Span<float> dst)
    {
        float psi = (float)Options.Truncation;
        if (Options.Truncation == 1.0)
        {
            z.CopyTo(dst);
            return;
        }
        float mean = Options.Distribution == LatentDistribution.Uniform01 ? 0.5f : 0f;
        for (int i = 0; i < z.Length; i++) dst[i] = mean + psi * (z[i] - mean);
    }

    // StyleGAN's conversion: x * scale + offset in float32 (scale 127.5, offset 128 for [-1, 1]; 255 and 0.5 for
    // [0, 1]), clamped to [0, 255], truncated. NaN has no pixel value: an error naming the sample.
    private byte[] ToBytes(ReadOnlySpan<float> x, long[] shape)
    {
        (float scale, float offset) = Options.OutputRange == GeneratorOutputRange.MinusOneToOne ? (127.5f, 128f) : (255f, 0.5f);
        var result = new byte[x.Length];
        long per = shape.Length == 4 ? shape[1] * shape[2] * shape[3] : Math.Max(1, x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i] * scale + offset;
            if (float.IsNaN(v)) throw new InputException($"{Path}: output '{_output}' holds NaN (sample {i / per} of the batch)");
            result[i] = v <= 0f ? (byte)0 : v >= 255f ? (byte)255 : (byte)v;
        }
        return result;
    }

    private static string Describe(NodeMetadata m)
    {
        if (!m.IsTensor) return $"a {m.OnnxValueType}";
        var dims = m.Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture)
            : string.IsNullOrEmpty(m.SymbolicDimensions[i]) ? "?" : m.SymbolicDimensions[i]);
        return $"{m.ElementDataType} [{string.Join(" x ", dims)}]";
    }

    private static string Shape(long[] shape) => "[" + string.Join(" x ", shape) + "]";
}
