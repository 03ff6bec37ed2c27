using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SkiaSharp;

namespace GenMetrics.PublicApi.Tests;

/// <summary>
/// The README's C# example "FID between two image folders", taken from README.md, compiled with Roslyn and run as a
/// program in a folder holding real_images/ and generated_images/. One substitution: the random-CNN encoder stands in
/// for "inception", whose real weights cannot be downloaded in CI; everything else runs as written.
/// </summary>
public class ReadmeExampleTests
{
    private const string Marker = "<!-- example: fid between two image folders -->";

    internal static string ExampleCode()
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "README.md"));
        int at = Array.IndexOf(lines, Marker);
        Assert.True(at >= 0, $"README.md has no line '{Marker}'");
        Assert.Equal("```csharp", lines[at + 1]);
        int end = Array.IndexOf(lines, "```", at + 2);
        return string.Join('\n', lines[(at + 2)..end]);
    }

    private static void WritePngs(string folder, int n, int seed)
    {
        Directory.CreateDirectory(folder);
        var rng = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            using var bitmap = new SKBitmap(new SKImageInfo(24, 20, SKColorType.Rgba8888, SKAlphaType.Opaque));
            for (int y = 0; y < 20; y++)
                for (int x = 0; x < 24; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)rng.Next(256), (byte)(x * 10 + seed), (byte)(y * 12), 255));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, $"{i:D3}.png"), png.ToArray());
        }
    }

    [Fact]
    public void The_example_has_at_most_six_lines_and_opens_the_inception_encoder()
    {
        var code = ExampleCode().Split('\n').Where(l => l.Trim().Length > 0).ToList();
        Assert.InRange(code.Count, 1, 6);
        Assert.Contains("EncoderRegistry.Open(\"inception\")", ExampleCode());
    }

    [Fact]
    public void The_example_compiles_runs_and_prints_the_fid_the_library_computes()
    {
        var code = ExampleCode();
        Assert.Contains("Open(\"inception\")", code);
        code = code.Replace("Open(\"inception\")", "Open(\"random-cnn\")");

        using var dir = new TempFolder();
        WritePngs(Path.Combine(dir.Path, "real_images"), 12, seed: 1);
        WritePngs(Path.Combine(dir.Path, "generated_images"), 12, seed: 2);
        var program = Compile(code);

        var previousDir = Directory.GetCurrentDirectory();
        var previousOut = Console.Out;
        var output = new StringWriter();
        var previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");
        try
        {
            Directory.SetCurrentDirectory(dir.Path);
            Environment.SetEnvironmentVariable("GENMETRICS_HOME", Path.Combine(dir.Path, "home"));
            Console.SetOut(output);
            var main = program.EntryPoint!;
            main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(previousOut);
            Directory.SetCurrentDirectory(previousDir);
            Environment.SetEnvironmentVariable("GENMETRICS_HOME", previousHome);
        }

        using var encoder = EncoderRegistry.Open("random-cnn");
        var options = new ExtractionOptions { UseCache = false };
        var expected = Fid.Compute(FeatureExtractor.Extract(Path.Combine(dir.Path, "real_images"), encoder, options).Features!,
            FeatureExtractor.Extract(Path.Combine(dir.Path, "generated_images"), encoder, options).Features!);
        var printed = double.Parse(output.ToString().Trim().Split('\n')[^1].Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.Equal(expected, printed, 12);
        Assert.True(printed > 0);
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p)).ToList();
        // The global usings of a `dotnet new console` project (ImplicitUsings enabled).
        const string implicitUsings = "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; " +
                                      "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("ReadmeExample",
            [CSharpSyntaxTree.ParseText(implicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, "the README example does not compile:\n" +
            string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
