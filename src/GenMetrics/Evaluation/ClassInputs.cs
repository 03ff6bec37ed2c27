namespace GenMetrics.Evaluation;

/// <summary>
/// The class information a metric needs (<see cref="MetricInfo.ClassInputs"/>) or can use
/// (<see cref="MetricInfo.OptionalClassInputs"/>), and what an <see cref="EvaluationSet"/> holds. The settings that
/// give them are <c>real_labels</c>, <c>fake_labels</c>, <c>real_probs</c> and <c>fake_probs</c>.
/// </summary>
[Flags]
public enum ClassInputs
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>A class label per real sample (<see cref="EvaluationSet.RealLabels"/>).</summary>
    RealLabels = 1,

    /// <summary>A class label per generated sample (<see cref="EvaluationSet.GeneratedLabels"/>).</summary>
    GeneratedLabels = 2,

    /// <summary>Class probabilities per real sample (<see cref="EvaluationSet.RealProbabilities"/>).</summary>
    RealProbabilities = 4,

    /// <summary>Class probabilities per generated sample (<see cref="EvaluationSet.GeneratedProbabilities"/>).</summary>
    GeneratedProbabilities = 8,
}
