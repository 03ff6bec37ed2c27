using System.Text.Json;
using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Reports;

/// <summary>
/// One evaluated set as the HTML report shows it: its result, and optionally the features and images behind it (for
/// the sample grids, the nearest-neighbour grid and the realism ranking) and its place in a series (a checkpoint's
/// step, a truncation psi).
/// </summary>
/// <remarks>
/// The image sources are the ones the features were extracted from: row i of <see cref="EvaluationSet.Generated"/> is
/// the item its <see cref="FeatureSet.ItemNames"/> names (after any sample selection). The report reads only the
/// images it shows. It does not dispose the sources.
/// </remarks>
public sealed class ReportEntry
{
    private readonly JsonObject _json;

    /// <summary>An entry for a result computed in this process.</summary>
    /// <param name="name">How the report names the set (<c>generated</c>, <c>psi=0.5</c>, <c>step 1200</c>).</param>
    /// <param name="result">The evaluation's result.</param>
    public ReportEntry(string name, EvaluationResult result)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(result);
        Name = name;
        Result = result;
        _json = JsonNode.Parse(ResultJson.Serialize(result))!.AsObject();
    }

    /// <summary>An entry for a result stored as JSON (<see cref="ResultJson"/>: a file written by <c>eval -o</c>, a tracked step).</summary>
    /// <exception cref="InputException">The text is not a GenMetrics result (no <c>metrics</c> object, or a newer <c>schema_version</c>).</exception>
    public ReportEntry(string name, string resultJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(resultJson);
        JsonObject? o;
        try
        {
            o = JsonNode.Parse(resultJson) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new InputException($"{name}: not a JSON result ({e.Message})", e);
        }
        if (o?["metrics"] is not JsonObject) throw new InputException($"{name}: not a GenMetrics result (no 'metrics' object)");
        if (ResultView.Number(o["schema_version"]) is { } v && v > EvaluationResult.CurrentSchemaVersion)
            throw new InputException($"{name}: a result of schema_version {v}, newer than this GenMetrics reads ({EvaluationResult.CurrentSchemaVersion})");
        Name = name;
        _json = o;
    }

    /// <summary>How the report names the set.</summary>
    public string Name { get; }

    /// <summary>The result, when computed in this process (null for a stored JSON result).</summary>
    public EvaluationResult? Result { get; }

    /// <summary>The position in a series: a checkpoint's step, a truncation psi. Entries with a step are drawn as curves.</summary>
    public double? Step { get; init; }

    /// <summary>One line shown with the set (what the set is, what it shows).</summary>
    public string? Note { get; init; }

    /// <summary>The features the result was computed from (the nearest-neighbour grid and the realism scores need them).</summary>
    public EvaluationSet? Set { get; init; }

    /// <summary>The images of the generated set, as its features were extracted from them.</summary>
    public ISampleSource? GeneratedImages { get; init; }

    /// <summary>The images of the real set.</summary>
    public ISampleSource? RealImages { get; init; }

    /// <summary>The images of the training set (the nearest-neighbour grid shows training images when they are given).</summary>
    public ISampleSource? TrainImages { get; init; }

    /// <summary>A PNG of generated samples shown when <see cref="GeneratedImages"/> is not given (a tracked step's thumbnail grid).</summary>
    public byte[]? Thumbnail { get; init; }

    internal ResultView View => new(_json);
}
