using GenMetrics.Cli.Commands;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Internals;
using GenMetrics.Protocols;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Cli;

/// <summary>
/// Loads command-line inputs: features and statistics files as they are; images through the protocol and the FID
/// Inception (opened once, on first use, from --weights or the verified download), with the feature cache.
/// </summary>
internal sealed class InputLoader(EncoderKind? encoder, int seed, OnnxEncoderOptions? onnxOptions, Protocol protocol, string? weightsPath, SampleSourceOptions sourceOptions,
    bool useCache, TextWriter error) : IDisposable
{
    private FidInceptionV3? _inception;
    private RandomCnnEncoder? _randomCnn;
    private OnnxFileEncoder? _onnx;
    private WeightsFile? _weights;

    public List<string> Warnings { get; } = [];

    /// <summary>True once an image input went through the encoder.</summary>
    public bool UsedImages { get; private set; }

    /// <summary>The protocol images go through: the chosen one, or the random CNN's own (tf at 64 x 64).</summary>
    public Protocol Protocol => encoder == EncoderKind.RandomCnn ? RandomCnnEncoder.Protocol : protocol;

    /// <summary>The protocol as recorded in results: its name, plus the size when it is not 299.</summary>
    public string ProtocolLabel => _onnx is not null ? $"onnx:{_onnx.Options.Settings}"
        : Protocol.Size == 299 ? Protocol.Name : $"{Protocol.Name}@{Protocol.Size}";

    public EncoderSummary Encoder => !UsedImages ? EncoderSummary.None
        : _onnx is not null ? new EncoderSummary("onnx:" + Path.GetFileName(_onnx.Options.Path), _onnx.ModelSha256)
        : _randomCnn is not null ? new EncoderSummary(_randomCnn.Name) : new EncoderSummary("inception", _weights!.Sha256);

    public MetricInput Load(string path)
    {
        bool featuresFile = IsFeaturesFile(path);
        bool stats = featuresFile && StatsFile.IsStatsFile(path);
        bool floatArray = featuresFile && !stats && IsFloatArray(path);
        if (stats || floatArray)
        {
            if (encoder is EncoderKind.Inception or EncoderKind.RandomCnn or EncoderKind.OnnxFile && floatArray)
                throw new InputException($"{path}: holds float features; an image encoder needs images (pass --encoder none for features)");
            return MetricInput.Load(path);
        }
        if (encoder == EncoderKind.None)
            return MetricInput.Load(path);
        UsedImages = true;
        var cache = useCache ? new FeatureCache(GenMetricsHome.FromEnvironment().Features) : null;
        if (encoder == EncoderKind.OnnxFile)
        {
            _onnx ??= OnnxFileEncoder.Open(onnxOptions!);
            return ImageInputs.Load(path, sourceOptions, _onnx, cache, Warnings, new ExtractionPrinter(error, path));
        }
        if (encoder == EncoderKind.RandomCnn)
        {
            _randomCnn ??= RandomCnnEncoder.Create(seed);
            return ImageInputs.Load(path, sourceOptions, Protocol, _randomCnn, _randomCnn.Name, cache, Warnings, new ExtractionPrinter(error, path));
        }
        return ImageInputs.Load(path, sourceOptions, protocol, Open, cache, Warnings, new ExtractionPrinter(error, path));
    }

    private FidInceptionV3 Open()
    {
        if (_inception is not null) return _inception;
        (_inception, _weights) = InceptionLoader.Open(weightsPath, new DownloadPrinter(error));
        if (!_weights.MatchesExpected)
            Warnings.Add($"--weights {_weights.Path}: SHA-256 {_weights.Sha256[..12]}... does not start with {WeightsRegistry.Get(InceptionLoader.WeightsName).Sha256Prefix}: not the FID Inception weights of pytorch-fid, so FIDs are not comparable with published ones");
        return _inception;
    }

    private static bool IsFeaturesFile(string path) =>
        File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".npy" or ".npz";

    // A float .npy/.npz holds features; a uint8 one holds images (for .npz: its first array decides).
    private static bool IsFloatArray(string path)
    {
        try
        {
            if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase))
            {
                using var s = File.OpenRead(path);
                return NpyHeader.Read(s, path).DType.Kind == NpyKind.Float;
            }
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal));
            if (entry is null) return true;
            using var es = entry.Open();
            return NpyHeader.Read(es, path).DType.Kind == NpyKind.Float;
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException)
        {
            return true;   // let the features reader give its own message
        }
    }

    public void Dispose()
    {
        _inception?.Dispose();
        _randomCnn?.Dispose();
        _onnx?.Dispose();
    }
}
