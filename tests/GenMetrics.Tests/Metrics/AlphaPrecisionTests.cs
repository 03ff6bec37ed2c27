using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

/// <summary>α-precision, β-recall and authenticity: behaviour and input errors (parity: AlphaPrecisionParityTests).</summary>
public class AlphaPrecisionTests
{
    [Fact]
    public void A_copy_of_the_real_set_is_precise_and_not_authentic()
    {
        var real = SyntheticFeatures.Create(1, 400, 16, name: "real");
        var r = AlphaPrecision.Compute(real, real);
        Assert.Equal(0.0, r.Authenticity);
        Assert.True(r.AlphaPrecision > 0.95, $"alpha_precision = {r.AlphaPrecision}");
        Assert.Equal(30, r.Alphas.Length);
        Assert.Equal(1.0, r.PrecisionCurve[^1]);

        var fresh = AlphaPrecision.Compute(real, SyntheticFeatures.Create(2, 400, 16));
        Assert.True(fresh.Authenticity > 0.5, $"authenticity = {fresh.Authenticity}");
    }

    [Fact]
    public void Authenticity_goes_against_the_training_set_when_given()
    {
        var real = SyntheticFeatures.Create(1, 300, 16, name: "real");
        var train = SyntheticFeatures.Create(3, 300, 16, name: "train");
        var generated = train.SelectRows(Enumerable.Range(0, 200).ToArray());
        var r = AlphaPrecision.Compute(real, generated, train);
        Assert.Equal(AuthenticityReference.Train, r.AuthenticityAgainst);
        Assert.Equal(0.0, r.Authenticity);
        Assert.True(AlphaPrecision.Compute(real, generated).Authenticity > 0.5);

        // The same with the training neighbours computed once and shared with the copies list.
        var shared = TrainingNeighbours.Of(train, generated, GenMetrics.Numerics.Simd.Best);
        Assert.Equal(r, AlphaPrecision.Compute(real, generated, shared) with { Alphas = r.Alphas, PrecisionCurve = r.PrecisionCurve, RecallCurve = r.RecallCurve });
        Assert.Equal(200, Copies.FromNeighbours(shared, new CopiesOptions()).Matches.Count);
    }

    [Fact]
    public void The_centre_can_be_given()
    {
        var real = SyntheticFeatures.Create(1, 200, 4);
        var generated = SyntheticFeatures.Create(2, 200, 4);
        var far = AlphaPrecision.Compute(real, generated, options: new AlphaPrecisionOptions(Center: [50, 50, 50, 50]));
        var mean = AlphaPrecision.Compute(real, generated);
        Assert.NotEqual(mean.AlphaPrecision, far.AlphaPrecision);
        Assert.Equal(mean.BetaRecall, far.BetaRecall);
    }

    [Fact]
    public void Bad_input_is_an_error_naming_it()
    {
        var real = SyntheticFeatures.Create(1, 50, 8, name: "real-set");
        var one = SyntheticFeatures.Create(2, 1, 8, name: "lonely");
        Assert.Contains("lonely", Assert.Throws<InputException>(() => AlphaPrecision.Compute(one, real)).Message);
        var wide = SyntheticFeatures.Create(3, 10, 9, name: "wide");
        Assert.Contains("wide", Assert.Throws<InputException>(() => AlphaPrecision.Compute(real, wide)).Message);
        Assert.Contains("wide", Assert.Throws<InputException>(() => AlphaPrecision.Compute(real, real, wide)).Message);
        Assert.Throws<InputException>(() => AlphaPrecision.Compute(real, real, options: new AlphaPrecisionOptions(Steps: 1)));
        Assert.Throws<InputException>(() => AlphaPrecision.Compute(real, real, options: new AlphaPrecisionOptions(Center: [1, 2])));
    }
}
