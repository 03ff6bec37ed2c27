namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="AlphaPrecision"/>; the defaults are the authors' <c>compute_alpha_precision</c>.</summary>
/// <param name="Steps">Number of alphas, <c>linspace(0, 1, Steps)</c> (the authors' n_steps = 30); at least 2.</param>
/// <param name="Center">The centre of the real features' ball; null: their float64 mean (the authors use the
/// one-class network's centre on its embedding, and the mean of the raw features without one).</param>
internal sealed record AlphaPrecisionOptions(int Steps = 30, double[]? Center = null);
