using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Sharding;

public class FeaturePartsTests
{
    [Theory]
    [InlineData(3, 1100)]
    [InlineData(4, 300)]    // one block: three empty parts
    public void Merged_feature_parts_equal_the_unsharded_npy_byte_for_byte(int shards, int count)
    {
        using var dir = Fixtures.TempDir();
        using var encoder = RandomCnnEncoder.Create(0, threads: 1);
        using var source = SampleSources.Open(Path.Combine(FashionMnist.Dir, "train-images-idx3-ubyte.gz"));
        var options = new ExtractionOptions { Samples = new SampleSelection(count) };
        var parts = new List<string>();
        for (int i = 0; i < shards; i++)
        {
            var p = dir.File($"f{i}.npz");
            var report = FeatureParts.Extract(source, encoder, new Shard(i, shards), new Dictionary<string, string> { ["features"] = p }, options);
            Assert.Equal(new Shard(i, shards).Rows(count).End - new Shard(i, shards).Rows(count).Start, report.Provenance.Count);
            parts.Add(p);
        }
        ShardMerge.Merge(parts, dir.File("merged.npy"));
        FeatureExtractor.ExtractToFiles(source, encoder, new Dictionary<string, string> { ["features"] = dir.File("single.npy") }, options);
        Assert.Equal(File.ReadAllBytes(dir.File("single.npy")), File.ReadAllBytes(dir.File("merged.npy")));
    }
}
