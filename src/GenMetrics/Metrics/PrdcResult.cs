namespace GenMetrics.Metrics;

/// <summary>Precision, recall, their F-score, density and coverage of generated features against real ones.</summary>
/// <param name="Precision">Fraction of generated samples inside some real sample's k-NN ball.</param>
/// <param name="Recall">Fraction of real samples inside some generated sample's k-NN ball.</param>
/// <param name="FScore">2PR / max(1e-5, P + R), as torch-fidelity.</param>
/// <param name="Density">Mean over generated samples of the number of real balls holding them, divided by k.</param>
/// <param name="Coverage">Fraction of real samples whose own ball holds some generated sample.</param>
public sealed record PrdcResult(double Precision, double Recall, double FScore, double Density, double Coverage);
