using System.Security.Cryptography;
using GenMetrics.Protocols;
using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

/// <summary>
/// A user's ONNX image model (CLIP, DINOv2, ...) as an encoder (<c>onnx:PATH</c>). The model must take one
/// float32 N x 3 x S x S input (S = <see cref="TorchvisionPreprocessing.Size"/>; N and S may be symbolic) and give a
/// float32 N x D (or N x D x 1 x 1) output, the first one or the one named. Images are prepared by
/// <see cref="TorchvisionPreprocessing"/> (torchvision's Resize, CenterCrop, ToTensor, Normalize).
/// </summary>
internal sealed partial class OnnxFileEncoder : IEncoder
{
    public const int DefaultBatchSize = 16;
    private readonly InferenceSession _session;
    private readonly string _input, _output;
    private readonly int _batchSize;
    private readonly bool _fixedBatch;

    private OnnxFileEncoder(InferenceSession session, string path, TorchvisionPreprocessing preprocessing, string input, string output, int batch, bool fixedBatch, string sha)
    {
        _session = session;
        Path = path;
        Preprocessing = preprocessing;
        _input = input;
        _output = output;
        _batchSize = batch;
        _fixedBatch = fixedBatch;
        ModelSha256 = sha;
    }

    /// <summary>The registry name.</summary>
    public const string Name = "onnx";

    /// <summary>The version of how a model file is run (input and output handling), part of the id.</summary>
    public const string GraphVersion = "onnx-file-v1";

    /// <summary>The .onnx file.</summary>
    public string Path { get; }

    /// <summary>The images' preprocessing.</summary>
    public TorchvisionPreprocessing Preprocessing { get; }

    IImagePreprocessing IEncoder.Preprocessing => Preprocessing;

    public EncoderId Id => new(Name, GraphVersion, ModelSha256, $"output={_output}");

    public IReadOnlyList<EncoderOutput> Outputs => [new(_output, Dimension)];

    public int BatchSize => _batchSize;

    /// <summary>SHA-256 (hex) of the .onnx file.</summary>
    public string ModelSha256 { get; }

    /// <summary>The name of the output the features come from.</summary>
    public string OutputName => _output;

    public int Dimension { get; private set; }

    public int InputSize => Preprocessing.Size;

    /// <summary>The number of floats one preprocessed image takes (3 x S x S).</summary>
    public int ImageLength => 3 * InputSize * InputSize;

    /// <summary>
    /// Opens the model at <paramref name="path"/>, prepared by <paramref name="preprocessing"/> (torchvision's ImageNet
    /// recipe at 224 when null), with features from <paramref name="output"/> (the first output when null); checks its
    /// input and output shapes. Throws <see cref="InputException"/> for a missing or unreadable file, a file that is
    /// not an ONNX model, or a model of the wrong shape, naming the file and the shapes.
    /// </summary>
    public static OnnxFileEncoder Open(string path, TorchvisionPreprocessing? preprocessing = null, string? output = null,
        int? threads = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        preprocessing ??= new TorchvisionPreprocessing();
        preprocessing.Validate();
        if (string.IsNullOrWhiteSpace(path)) throw InputException.ForSetting("encoder", "onnx: the model path is empty");
        if (output is not null && string.IsNullOrWhiteSpace(output)) throw InputException.ForSetting("output", "expected the name of a model output, got an empty value");
        if (!File.Exists(path)) throw new InputException($"{path}: ONNX model not found");
        string sha;
        try
        {
            using var f = File.OpenRead(path);
            sha = Convert.ToHexStringLower(SHA256.HashData(f));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the ONNX model: {e.Message}", e);
        }
        var so = FidInceptionV3.SessionOptionsFor(threads);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, so);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputException($"{path}: not a loadable ONNX model: {FirstLine(e.Message)}", e);
        }
        finally
        {
            so.Dispose();
        }
        try
        {
            var (input, batch) = CheckInput(session, path, preprocessing.Size);
            var (name, dim) = CheckOutput(session, path, output);
            var enc = new OnnxFileEncoder(session, path, preprocessing, input, name, batch > 0 ? batch : batchSize, batch > 0, sha) { Dimension = dim };
            // A symbolic feature dimension: one run on a blank image tells it.
            if (enc.Dimension <= 0) enc.Dimension = enc.Probe();
            return enc;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count) => [EncodeFeatures(images, count)];

    /// <summary>The features of <paramref name="count"/> prepared images.</summary>
    public FeatureMatrix EncodeFeatures(ReadOnlyMemory<float> images, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int per = ImageLength, s = InputSize, d = Dimension;
        if ((long)count * per != images.Length)
            throw new ArgumentException($"{Path}: {count} images of 3 x {s} x {s} need {(long)count * per} floats, got {images.Length}", nameof(images));
        var result = new float[count * d];
        float[]? padded = null;
        for (var start = 0; start < count; start += _batchSize)
        {
            var n = Math.Min(_batchSize, count - start);
            var rows = n;
            Memory<float> slice = System.Runtime.InteropServices.MemoryMarshal.AsMemory(images.Slice(start * per, n * per));
            if (_fixedBatch && n < _batchSize)
            {
                // A model with a fixed batch: pad the last batch with zeros and keep the first n rows.
                padded ??= new float[_batchSize * per];
                Array.Clear(padded);
                slice.Span.CopyTo(padded);
                slice = padded;
                rows = _batchSize;
            }
            RunInto(slice, rows, result.AsSpan(start * d, n * d));
        }
        return new FeatureMatrix(result, count, d, $"{System.IO.Path.GetFileName(Path)}:{_output}");
    }

    private void RunInto(Memory<float> input, int rows, Span<float> target)
    {
        var s = InputSize;
        using var run = new RunOptions();
        using var x = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, [rows, 3, s, s]);
        using var outputs = _session.Run(run, [_input], [x], [_output]);
        var y = outputs[0];
        var shape = y.GetTensorTypeAndShape().Shape;
        var d = Dimension;
        if (shape.Length is not (2 or 4) || shape[0] != rows || (d > 0 && shape[1] != d) || (shape.Length == 4 && (shape[2] != 1 || shape[3] != 1)))
            throw new InputException($"{Path}: output '{_output}' has shape {Shape(shape)} for a batch of {rows}; expected {rows} x {(d > 0 ? d : "D")} (or {rows} x D x 1 x 1)");
        var data = y.GetTensorDataAsSpan<float>();
        data[..target.Length].CopyTo(target);
    }

    private int Probe()
    {
        var rows = _fixedBatch ? _batchSize : 1;
        var s = InputSize;
        using var run = new RunOptions();
        using var x = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new float[rows * 3 * s * s].AsMemory(), [rows, 3, s, s]);
        long[] shape;
        try
        {
            using var outputs = _session.Run(run, [_input], [x], [_output]);
            shape = outputs[0].GetTensorTypeAndShape().Shape;
        }
        catch (OnnxRuntimeException e)
        {
            // The feature dimension is symbolic, so one run tells it; a model that cannot run on a blank image is unusable.
            throw new InputException($"{Path}: the model fails on a blank {rows} x 3 x {s} x {s} input, run to find the size of output '{_output}': {FirstLine(e.Message)}", e);
        }
        if (shape.Length is not (2 or 4) || shape[0] != rows || shape[1] < 1 || shape[1] > int.MaxValue || (shape.Length == 4 && (shape[2] != 1 || shape[3] != 1)))
            throw new InputException($"{Path}: output '{_output}' has shape {Shape(shape)} for a batch of {rows}; expected {rows} x D (or {rows} x D x 1 x 1)");
        return checked((int)shape[1]);
    }

    public void Dispose() => _session.Dispose();
}
