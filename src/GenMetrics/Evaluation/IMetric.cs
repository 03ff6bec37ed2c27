namespace GenMetrics.Evaluation;

/// <summary>Whether a larger value of a result key means a better model.</summary>
public enum KeyDirection
{
    /// <summary>Lower is better (distances: <c>fid</c>, <c>kid_mean</c>).</summary>
    LowerIsBetter,

    /// <summary>Higher is better (<c>is_mean</c>, <c>precision</c>, <c>recall</c>).</summary>
    HigherIsBetter,

    /// <summary>Neither (spreads such as <c>kid_std</c>, or values to read against a reference, such as C_T near 0).</summary>
    Neither,
}

/// <summary>One value a metric reports.</summary>
/// <param name="Name">The stable JSON key (snake_case).</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Description">One line: what the value is.</param>
public sealed record MetricKey(string Name, KeyDirection Direction, string Description)
{
    /// <summary>
    /// Why a bootstrap gives this value no interval even when its metric is resampled (it depends on which samples
    /// are present, not only on their distribution: a nearest generated sample per real sample, a k-NN radius inside
    /// the resampled set), or null when it gets one.
    /// </summary>
    public string? WithoutInterval { get; init; }
}

/// <summary>What a metric is: its name, keys, the inputs it needs and the reference convention it matches.</summary>
/// <param name="Name">The registry name (<c>fid</c>, <c>kid</c>, ...).</param>
/// <param name="Title">A short human name (<c>Fréchet Inception Distance</c>).</param>
/// <param name="Convention">One line: the reference implementation matched and its defaults (shown in help and results).</param>
/// <param name="Keys">The values it reports, in order.</param>
/// <param name="Roles">The inputs it needs.</param>
public sealed record MetricInfo(string Name, string Title, string Convention, IReadOnlyList<MetricKey> Keys, IReadOnlyList<InputRole> Roles)
{
    /// <summary>Other names the registry accepts (<c>isc</c> for <c>is</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// Inputs the metric uses when they are given but does not need (authenticity, the copies list and MiFID's cosine
    /// term use the training set when there is one, else the real set).
    /// </summary>
    public IReadOnlyList<InputRole> OptionalRoles { get; init; } = [];

    /// <summary>
    /// The inputs a bootstrap may resample with replacement to put an interval on the metric's values (see
    /// <see cref="BootstrapOptions"/>); empty when duplicated samples would change what the metric measures (k-NN
    /// radii inside a resampled set, diversity) and no interval is given.
    /// </summary>
    public IReadOnlyList<InputRole> Resampled { get; init; } = [];

    /// <summary>The class labels or probabilities it cannot run without (its <see cref="Roles"/> then include <see cref="InputRole.Labels"/>).</summary>
    public ClassInputs ClassInputs { get; init; }

    /// <summary>The class labels or probabilities it uses when given (mode counting without labels clusters the real set).</summary>
    public ClassInputs OptionalClassInputs { get; init; }
}

/// <summary>
/// A metric, configured: <see cref="Evaluate"/> reads the inputs its <see cref="MetricInfo.Roles"/> name from an
/// <see cref="EvaluationSet"/> and returns its values and the settings it used. Built-in metrics come from
/// <see cref="MetricRegistry"/>; implement this interface (and, to make it selectable by name, a
/// <see cref="MetricDefinition"/>) to add one.
/// </summary>
public interface IMetric
{
    /// <summary>The metric's description.</summary>
    MetricInfo Info { get; }

    /// <summary>Computes the metric.</summary>
    /// <exception cref="InputException">An input is missing or unusable (too few samples, wrong dimension, no logits).</exception>
    MetricResult Evaluate(EvaluationSet set);
}
