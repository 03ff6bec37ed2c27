using System.Diagnostics;
using System.Globalization;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Protocols;
using GenMetrics.Samples;

namespace GenMetrics.Bench;

/// <summary>
/// End to end, N PNGs of 256 x 256 (default 1000; IMAGES_BENCH_N) to 2048-d features: GenMetrics (decode and the
/// pytorch-fid protocol on a worker, FID InceptionV3 on ONNX Runtime, batch 16) against pytorch-fid's
/// get_activations (torch, 2 threads, 2 loader workers, batch 50) on the same files, both with the seeded random
/// weights written to a .pth (IMAGES_BENCH_WEIGHTS, made by parity/make_inception_fixtures.py; the real weights
/// can't be fetched here — same graph, same cost). Also the bare ORT model on preprocessed batches in memory.
/// Set PYTORCH_FID_REPO to a checkout of mseitzer/pytorch-fid (b9c1811).
/// </summary>
internal sealed class ImagesBench : IBench
{
    public string Name => "images";

    public void Run()
    {
        int n = BenchFeatures.Env("IMAGES_BENCH_N", 1000);
        var weights = Environment.GetEnvironmentVariable("IMAGES_BENCH_WEIGHTS") ?? "/tmp/inception_random.pth";
        var dir = Directory.CreateTempSubdirectory("genmetrics-imagesbench-");
        var home = Directory.CreateTempSubdirectory("genmetrics-imagesbench-home-");
        try
        {
            BenchUtil.RunPython("images_ref.py", "make", dir.FullName, n.ToString(CultureInfo.InvariantCulture));
            using var model = FidInceptionV3.Create(RandomInceptionWeights.Create(), cacheHome: home.FullName);
            var protocol = Protocol.PytorchFid;
            model.Protocol = protocol;

            // Bare model: preprocessed batches of 16 already in memory.
            using (var src = SampleSources.Open(dir.FullName))
            {
                var batch = new float[16 * protocol.ImageLength];
                for (int i = 0; i < 16; i++) protocol.Preprocess(src.Read(i), batch.AsSpan(i * protocol.ImageLength, protocol.ImageLength));
                model.Encode(batch, 16);
                var sw0 = Stopwatch.StartNew();
                int reps = Math.Max(1, n / 16 / 4);
                for (int r = 0; r < reps; r++) model.Encode(batch, 16);
                double bare = reps * 16 / sw0.Elapsed.TotalSeconds;
                Console.WriteLine($"bare ORT, batch 16: {bare:F2} images/s");

                var sw = Stopwatch.StartNew();
                var f = FeatureExtractor.Extract(src, model, new ExtractionOptions { UseCache = false, Outputs = [EncoderOutputNames.Pool3, EncoderOutputNames.LogitsUnbiased] });
                double ours = sw.Elapsed.TotalSeconds;
                Console.WriteLine($"GenMetrics: {n} images in {ours:F1} s = {n / ours:F2} images/s ({n / ours / bare:P0} of bare ORT)");

                var py = BenchUtil.RunPython("images_ref.py", "fid", dir.FullName, weights).Trim().Split('\n')[^1].Trim().Split(' ');
                double theirs = double.Parse(py[0], CultureInfo.InvariantCulture);
                Console.WriteLine($"pytorch-fid: {n} images in {theirs:F1} s = {n / theirs:F2} images/s");
                Console.WriteLine($"| end to end, {n} PNGs 256x256 -> pool3 | {n / ours:F2} images/s ({n / ours / bare:P0} of bare ORT {bare:F2}) | pytorch-fid {n / theirs:F2} images/s | {theirs / ours:F2}x |");
            }
        }
        finally
        {
            dir.Delete(true);
            home.Delete(true);
        }
    }
}
