namespace GenMetrics.Evaluation;

/// <summary>
/// A registry entry: what a metric is, the parameters a front end may set, and how to build it from them. Create one
/// with <see cref="Create{TOptions}"/>.
/// </summary>
public abstract class MetricDefinition
{
    private protected MetricDefinition() { }

    /// <summary>The metric's description.</summary>
    public abstract MetricInfo Info { get; }

    /// <summary>The settable parameters.</summary>
    public abstract IReadOnlyList<MetricParameter> Parameters { get; }

    /// <summary>The metric with its default options (the reference's).</summary>
    public IMetric Create() => Create(new Dictionary<string, object>());

    /// <summary>The metric with the given parameter values (by parameter name; others keep their defaults).</summary>
    /// <exception cref="InputException">A value is out of range (the exception names the setting).</exception>
    /// <exception cref="ArgumentException">A name is not one of <see cref="Parameters"/>, or a value has the wrong type.</exception>
    public abstract IMetric Create(IReadOnlyDictionary<string, object> values);

    /// <summary>A definition over the options record <typeparamref name="TOptions"/>.</summary>
    /// <param name="info">What the metric is.</param>
    /// <param name="defaults">The default options (the reference's).</param>
    /// <param name="create">Builds the metric from options; it validates them (throwing <see cref="InputException"/>).</param>
    /// <param name="parameters">The parameters a front end may set.</param>
    public static MetricDefinition Create<TOptions>(MetricInfo info, TOptions defaults, Func<TOptions, IMetric> create,
        params MetricParameter<TOptions>[] parameters) where TOptions : class =>
        new Typed<TOptions>(info, defaults, create, parameters);

    private sealed class Typed<TOptions>(MetricInfo info, TOptions defaults, Func<TOptions, IMetric> create, MetricParameter<TOptions>[] parameters)
        : MetricDefinition where TOptions : class
    {
        public override MetricInfo Info { get; } = info;

        public override IReadOnlyList<MetricParameter> Parameters { get; } = parameters;

        public override IMetric Create(IReadOnlyDictionary<string, object> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var options = defaults;
            foreach (var (name, value) in values)
            {
                var p = Array.Find(parameters, x => x.Name == name)
                    ?? throw new ArgumentException($"metric {Info.Name} has no parameter '{name}'", nameof(values));
                options = p.Apply(options, value);
            }
            return create(options);
        }
    }
}
