using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GenMetrics.Samples;

/// <summary>
/// A generator exported to ONNX (torch.onnx.export of a GAN's generator, say), run on ONNX Runtime: latents in,
/// images out, as torch-fidelity's <c>GenerativeModelONNX</c> runs one. Its first input takes float32 latents, N x z
/// (or N x z x 1 x 1); a conditional model's second input takes int64 (or int32) class labels, N. Its first output
/// gives the images, N x C x H x W with C = 1 or 3: uint8, or floats converted by
/// <see cref="GeneratorOptions.OutputRange"/>. <see cref="Samples"/> gives the images torch-fidelity's
/// <c>calculate_metrics</c> draws from it, as an <see cref="ISampleSource"/> any feature extraction and set metric
/// accepts; perceptual path length runs it on its own latents.
/// </summary>
public sealed partial class OnnxGenerator : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _latentInput, _output;
    private readonly string? _labelInput;
    private readonly bool _latent4d, _labelsInt32;
    private readonly int _fixedBatch;

    private OnnxGenerator(InferenceSession session, string path, string sha, GeneratorOptions options, Inputs inputs, string output)
    {
        _session = session;
        Path = path;
        ModelSha256 = sha;
        _latentInput = inputs.Latent;
        _latent4d = inputs.Latent4d;
        _labelInput = inputs.Labels;
        _labelsInt32 = inputs.LabelsInt32;
        _fixedBatch = inputs.Batch;
        _output = output;
        LatentSize = options.LatentSize ?? inputs.LatentSize;
        Options = options with { LatentSize = LatentSize };
        BatchSize = _fixedBatch > 0 ? _fixedBatch : options.BatchSize ?? DefaultBatchSize;
    }

    /// <summary>Samples per model run when neither the model nor the options fix it (torch-fidelity's batch_size).</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>The .onnx file.</summary>
    public string Path { get; }

    /// <summary>SHA-256 (lower-case hex) of the .onnx file.</summary>
    public string ModelSha256 { get; }

    /// <summary>The options, with <see cref="GeneratorOptions.LatentSize"/> resolved.</summary>
    public GeneratorOptions Options { get; }

    /// <summary>The latent size z.</summary>
    public int LatentSize { get; }

    /// <summary>The number of classes (0: unconditional).</summary>
    public int NumClasses => Options.NumClasses;

    /// <summary>Samples per model run.</summary>
    public int BatchSize { get; }

    /// <summary>The images' channels (1 or 3), height and width.</summary>
    public (int Channels, int Height, int Width) ImageShape { get; private set; }

    /// <summary>The names of the latent input, the labels input (null when unconditional) and the images output.</summary>
    public (string Latents, string? Labels, string Images) TensorNames => (_latentInput, _labelInput, _output);

    /// <summary>What results record about the generator: the model and its hash, the latent settings, the output conversion.</summary>
    public IReadOnlyList<Setting> Settings => Provenance(null);

    /// <summary>
    /// Opens the model at <paramref name="path"/> and checks it against <paramref name="options"/>: a latent input of
    /// the right size, a labels input exactly when the options are conditional, and an output that is a batch of
    /// images (one run on zero latents tells its size). Nothing is generated yet.
    /// </summary>
    /// <exception cref="InputException">A bad option (naming the setting), or a file that is missing, is not an ONNX model,
    /// or does not fit (the message names the model and the tensor).</exception>
    public static OnnxGenerator Open(string path, GeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new GeneratorOptions();
        Validate(options);
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, not an ONNX generator");
        if (!File.Exists(path)) throw new InputException($"{path}: ONNX generator not found");
        string sha;
        try
        {
            using var f = File.OpenRead(path);
            sha = Convert.ToHexStringLower(SHA256.HashData(f));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the ONNX generator: {e.Message}", e);
        }
        InferenceSession session;
        using (var so = FidInceptionV3.SessionOptionsFor(options.Threads))
        {
            try
            {
                session = new InferenceSession(path, so);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InputException($"{path}: not a loadable ONNX model: {FirstLine(e.Message)}", e);
            }
        }
        try
        {
            var inputs = CheckInputs(session, path, options);
            var output = CheckOutputMetadata(session, path, options);
            var g = new OnnxGenerator(session, path, sha, options, inputs, output);
            g.ImageShape = g.Probe();
            return g;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The images torch-fidelity's <c>calculate_metrics</c> gets from this generator: <see cref="GeneratorOptions.NumSamples"/>
    /// samples whose latents are drawn from <c>RandomState(seed)</c> in blocks of <see cref="GeneratorOptions.DrawBatchSize"/>
    /// (each block's labels right after its latents), or the explicit latents. Generated in batches as they are read.
    /// The source's content hash covers the model's hash and every setting the images depend on.
    /// </summary>
    /// <exception cref="InputException">No sample count is given, or the latents file does not fit.</exception>
    public ISampleSource Samples()
    {
        var (latents, labels, count, latentsSha) = SampleLatents();
        return new GeneratorSource(this, latents, labels, count, Provenance(latentsSha), RecipeHash(count, latentsSha));
    }

    /// <summary>
    /// Runs the model on <paramref name="count"/> latents (row-major count x z; truncation applied here) and, for a
    /// conditional model, their labels; returns the uint8 images, count x C x H x W.
    /// </summary>
    internal byte[] Generate(ReadOnlySpan<float> latents, ReadOnlySpan<long> labels, int count)
    {
        int z = LatentSize;
        if (latents.Length != count * z) throw new ArgumentException($"{count} latents of size {z} need {count * z} values, got {latents.Length}", nameof(latents));
        if (_labelInput is not null && labels.Length != count) throw new ArgumentException($"{count} labels needed, got {labels.Length}", nameof(labels));
        var (c, h, w) = ImageShape;
        int per = c * h * w;
        var images = new byte[(long)count * per];
        for (int start = 0; start < count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, count - start);
            var pixels = Run(latents.Slice(start * z, n * z), _labelInput is null ? default : labels.Slice(start, n), n, out var shape);
            if (shape.Length != 4 || shape[0] < n || shape[1] != c || shape[2] != h || shape[3] != w)
                throw new InputException($"{Path}: output '{_output}' has shape {Shape(shape)} for a batch of {n}, but gave {n} x {c} x {h} x {w} before; the images must keep their size");
            pixels.AsSpan(0, n * per).CopyTo(images.AsSpan(start * per, n * per));
        }
        return images;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    private static void Validate(GeneratorOptions o)
    {
        if (o.NumSamples is < 1) throw InputException.ForSetting("num_samples", $"must be at least 1, got {o.NumSamples}");
        if (o.LatentSize is < 1) throw InputException.ForSetting("z_dim", $"must be at least 1, got {o.LatentSize}");
        if (!Enum.IsDefined(o.Distribution)) throw InputException.ForSetting("z_type", $"unknown latent distribution {(int)o.Distribution}");
        Numerics.RandomState.CheckSeed(o.Seed, "seed");
        if (o.NumClasses < 0) throw InputException.ForSetting("num_classes", $"must be 0 (unconditional) or more, got {o.NumClasses}");
        if (!double.IsFinite(o.Truncation) || o.Truncation <= 0) throw InputException.ForSetting("truncation", $"must be a number above 0 (1: no truncation), got {o.Truncation}");
        if (o.Truncation != 1.0 && o.Distribution == LatentDistribution.Unit)
            throw InputException.ForSetting("truncation", "unit latents have no mean to truncate toward; build truncation into the model");
        if (!Enum.IsDefined(o.OutputRange)) throw InputException.ForSetting("output_range", $"unknown output range {(int)o.OutputRange}");
        if (o.DrawBatchSize < 1) throw InputException.ForSetting("draw_batch_size", $"must be at least 1, got {o.DrawBatchSize}");
        if (o.BatchSize is < 1) throw InputException.ForSetting("batch_size", $"must be at least 1, got {o.BatchSize}");
        if (o.LatentsPath is { } p)
        {
            if (Directory.Exists(p))
            {
                if (!File.Exists(System.IO.Path.Combine(p, "latents.npy")))
                    throw InputException.ForSetting("latents", $"{p}: a folder without latents.npy; expected an .npy or .npz of latents, or a folder of samples written with their latents");
            }
            else if (!File.Exists(p)) throw InputException.ForSetting("latents", $"{p}: file not found");
        }
    }

    // What results record; latentsSha is the explicit latents file's hash (null: drawn).
    private List<Setting> Provenance(string? latentsSha)
    {
        var o = Options;
        var list = new List<Setting>
        {
            Setting.Of("model", Path),
            Setting.Of("model_sha256", ModelSha256),
            Setting.Of("z_dim", LatentSize),
            Setting.Of("z_type", Latents.Name(o.Distribution)),
            Setting.Of("seed", o.Seed),
            Setting.Of("num_classes", NumClasses),
            Setting.Of("truncation", o.Truncation),
            Setting.Of("output_range", RangeName(o.OutputRange)),
        };
        if (NumClasses > 0) list.Add(Setting.Of("draw_batch_size", o.DrawBatchSize));
        if (o.LatentsPath is { } p)
        {
            list.Add(Setting.Of("latents", p));
            if (latentsSha is not null) list.Add(Setting.Of("latents_sha256", latentsSha));
        }
        return list;
    }

    /// <summary>How results and messages spell an output range: <c>uint8</c>, <c>-1,1</c>, <c>0,1</c>.</summary>
    internal static string RangeName(GeneratorOutputRange r) => r switch
    {
        GeneratorOutputRange.MinusOneToOne => "-1,1",
        GeneratorOutputRange.ZeroToOne => "0,1",
        _ => "uint8",
    };

    // The images are a function of the model, the runtime and these settings: the source's content hash.
    private string RecipeHash(int count, string? latentsSha)
    {
        var o = Options;
        var text = string.Join("\n", "genmetrics generator samples v1", ModelSha256,
            "onnxruntime " + typeof(InferenceSession).Assembly.GetName().Version,
            $"z={LatentSize} type={Latents.Name(o.Distribution)} seed={o.Seed} classes={NumClasses} draw_batch={o.DrawBatchSize}",
            $"truncation={o.Truncation:R} range={RangeName(o.OutputRange)} count={count}", "latents=" + (latentsSha ?? "drawn"));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
