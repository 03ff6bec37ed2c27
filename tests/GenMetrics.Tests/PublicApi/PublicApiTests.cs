using PublicApiGenerator;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.PublicApi;

/// <summary>
/// The library's public surface, as text, must equal the committed snapshot: every API change shows up in review.
/// To accept a deliberate change, copy the written GenMetrics.received.txt over GenMetrics.approved.txt.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void Public_api_equals_the_approved_snapshot()
    {
        var api = typeof(FeatureMatrix).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var folder = System.IO.Path.Combine(Fixtures.RepoRoot, "tests", "GenMetrics.Tests", "PublicApi");
        var approvedPath = System.IO.Path.Combine(folder, "GenMetrics.approved.txt");
        var receivedPath = System.IO.Path.Combine(folder, "GenMetrics.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved != api)
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The public API changed. Review {receivedPath} and, if intended, copy it over {approvedPath}.");
        }
        if (File.Exists(receivedPath)) File.Delete(receivedPath);
    }
}
