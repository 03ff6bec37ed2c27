namespace GenMetrics.Evaluation;

/// <summary>
/// One setting of a metric's options that a front end may expose by name (<c>kid_subsets</c>, <c>k</c>, <c>seed</c>).
/// Its value type is <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> (a flag: given
/// means true), <see cref="string"/> or an enum; the default is the metric's (the reference's).
/// </summary>
public abstract class MetricParameter
{
    private protected MetricParameter(string name, string description, Type valueType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(valueType == typeof(int) || valueType == typeof(long) || valueType == typeof(double) || valueType == typeof(bool)
              || valueType == typeof(string) || valueType.IsEnum))
            throw new ArgumentException($"parameter {name}: unsupported value type {valueType}", nameof(valueType));
        Name = name;
        Description = description;
        ValueType = valueType;
    }

    /// <summary>The name (snake_case); parameters of the same name in several metrics take one value.</summary>
    public string Name { get; }

    /// <summary>One line: what it sets.</summary>
    public string Description { get; }

    /// <summary>The value type.</summary>
    public Type ValueType { get; }

    /// <summary>The value in the metric's default options.</summary>
    public abstract object DefaultValue { get; }
}

/// <summary>A parameter that reads and sets one value of the options record <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">The metric's options record.</typeparam>
public sealed class MetricParameter<TOptions> : MetricParameter where TOptions : class
{
    private readonly Func<TOptions, object> _get;
    private readonly Func<TOptions, object, TOptions> _set;
    private readonly TOptions _defaults;

    private MetricParameter(string name, string description, Type type, TOptions defaults, Func<TOptions, object> get, Func<TOptions, object, TOptions> set)
        : base(name, description, type)
    {
        _defaults = defaults;
        _get = get;
        _set = set;
    }

    /// <inheritdoc/>
    public override object DefaultValue => _get(_defaults);

    /// <summary>A parameter of type <typeparamref name="TValue"/>: <paramref name="get"/> reads it, <paramref name="set"/> returns options with it changed.</summary>
    public static MetricParameter<TOptions> Of<TValue>(string name, string description, TOptions defaults,
        Func<TOptions, TValue> get, Func<TOptions, TValue, TOptions> set) where TValue : notnull =>
        new(name, description, typeof(TValue), defaults, o => get(o), (o, v) => set(o, (TValue)v));

    /// <summary>The options with this parameter set to <paramref name="value"/> (of <see cref="MetricParameter.ValueType"/>).</summary>
    public TOptions Apply(TOptions options, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!ValueType.IsInstanceOfType(value))
            throw new ArgumentException($"parameter {Name}: expected a {ValueType.Name}, got a {value.GetType().Name}", nameof(value));
        return _set(options, value);
    }
}
