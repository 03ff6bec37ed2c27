using GenMetrics.Evaluation;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

public class FeatureCacheTests
{
    [Fact]
    public void Stored_features_come_back_equal_under_the_same_key_only()
    {
        using var dir = Fixtures.TempDir();
        var cache = new FeatureCache(dir.Path);
        var f = SyntheticFeatures.Create(3, 20, 7);
        var key = FeatureCache.Key("abc", "inception:6726825d", "tf", "pool3");
        Assert.Null(cache.TryLoad(key, 20, 7, "x"));
        cache.Store(key, f);
        var back = cache.TryLoad(key, 20, 7, "x");
        Assert.NotNull(back);
        Assert.Equal(f.Span.ToArray(), back!.Span.ToArray());
        Assert.Equal("x", back.Source);
        Assert.Null(cache.TryLoad(key, 21, 7, "x"));   // a different sample count is not this entry
        Assert.Null(cache.TryLoad(key, 20, 8, "x"));   // nor a different dimension

        // Every part of the recipe changes the key.
        Assert.NotEqual(key, FeatureCache.Key("abd", "inception:6726825d", "tf", "pool3"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "random-cnn:0", "tf", "pool3"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "inception:6726825d", "clean", "pool3"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "inception:6726825d", "tf", "logits_unbiased"));
    }

    [Fact]
    public void A_damaged_entry_is_treated_as_missing()
    {
        using var dir = Fixtures.TempDir();
        var cache = new FeatureCache(dir.Path);
        var key = FeatureCache.Key("x", "e", "p", "o");
        Directory.CreateDirectory(Path.GetDirectoryName(cache.PathOf(key))!);
        File.WriteAllText(cache.PathOf(key), "garbage");
        Assert.Null(cache.TryLoad(key, 1, 2, "x"));
        cache.Store(key, SyntheticFeatures.Create(1, 1, 2));
        Assert.NotNull(cache.TryLoad(key, 1, 2, "x"));
    }
}
