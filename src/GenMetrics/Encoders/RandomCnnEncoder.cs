using GenMetrics.Protocols;
using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

/// <summary>
/// <c>random-cnn[:SEED]</c>: the weight-free encoder for non-ImageNet data, random embeddings after Naeem et al. 2020.
/// A VGG-style CNN with seeded random weights generated in-process (<see cref="RandomCnnWeights"/>; no file, identical
/// bit for bit on every machine for a given seed, default 0), run on ONNX Runtime (CPU, one intra-op thread per core).
/// Input: N x 3 x 64 x 64 float32, from <see cref="Protocol"/> (the tf protocol at size 64: TF1 bilinear to 64 x 64,
/// then (x − 128)/128). Output: 128-d features (the global average pool of the last block) (architecture in <see cref="RandomCnnGraph"/>).
/// </summary>
internal sealed class RandomCnnEncoder : IEncoder
{
    public const int DefaultBatchSize = 64;
    private readonly InferenceSession _session;
    private readonly int _batchSize;

    private RandomCnnEncoder(InferenceSession session, int seed, int batchSize)
    {
        _session = session;
        Seed = seed;
        _batchSize = batchSize;
    }

    /// <summary>The preprocessing this encoder is defined with: <see cref="Protocol.Tf"/> resized to 64 x 64.</summary>
    public static Protocol Protocol { get; } = Protocol.Tf with { Size = RandomCnnGraph.ImageSize };

    /// <summary>The registry name.</summary>
    public const string Name = "random-cnn";

    public EncoderId Id => new(Name, RandomCnnGraph.Version, Variant: $"seed={Seed}");

    IImagePreprocessing IEncoder.Preprocessing => Protocol;

    public IReadOnlyList<EncoderOutput> Outputs { get; } = [new(EncoderOutputNames.Features, RandomCnnGraph.Dimension)];

    public int BatchSize => _batchSize;

    public int Dimension => RandomCnnGraph.Dimension;

    /// <summary>The weight seed.</summary>
    public int Seed { get; }

    /// <summary>
    /// Generates the weights for <paramref name="seed"/> and builds the network (a few tens of milliseconds, so no
    /// model cache). <paramref name="threads"/> defaults to the number of cores.
    /// </summary>
    public static RandomCnnEncoder Create(int seed = 0, int? threads = null, int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var bytes = RandomCnnGraph.Build(RandomCnnWeights.Create(seed));
        using var options = FidInceptionV3.SessionOptionsFor(threads);
        return new RandomCnnEncoder(new InferenceSession(bytes, options), seed, batchSize);
    }

    public IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count) => [EncodeFeatures(images, count)];

    /// <summary>The 128-d features of <paramref name="count"/> prepared images.</summary>
    public FeatureMatrix EncodeFeatures(ReadOnlyMemory<float> images, int count)
    {
        const int side = RandomCnnGraph.ImageSize, per = 3 * side * side, d = RandomCnnGraph.Dimension;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * per != images.Length)
            throw new ArgumentException($"random-cnn input: {count} images of 3 x {side} x {side} need {(long)count * per} floats, got {images.Length}", nameof(images));
        var features = new float[count * d];
        using var run = new RunOptions();
        for (int start = 0; start < count; start += _batchSize)
        {
            int n = Math.Min(_batchSize, count - start);
            var slice = System.Runtime.InteropServices.MemoryMarshal.AsMemory(images.Slice(start * per, n * per));
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, slice, [n, 3, side, side]);
            using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features.AsMemory(start * d, n * d), [n, d]);
            _session.Run(run, [RandomCnnGraph.Input], [input], [RandomCnnGraph.Output], [output]);
        }
        return new FeatureMatrix(features, count, d, Id.DisplayName);
    }

    public void Dispose() => _session.Dispose();
}
