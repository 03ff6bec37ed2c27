namespace GenMetrics.Metrics;

/// <summary>The rows of each class: class codes (0 .. K-1, or -1 for none) split into ascending row lists.</summary>
internal static class ClassRows
{
    public static int[][] Of(ReadOnlySpan<int> codes, int classCount)
    {
        var counts = new int[classCount];
        foreach (var c in codes) if (c >= 0) counts[c]++;
        var rows = new int[classCount][];
        for (int c = 0; c < classCount; c++) rows[c] = new int[counts[c]];
        Array.Clear(counts);
        for (int i = 0; i < codes.Length; i++)
            if (codes[i] is var c and >= 0) rows[c][counts[c]++] = i;
        return rows;
    }

    /// <summary>Each class of <paramref name="labels"/> as its index in <paramref name="classes"/>, -1 when it is not there.</summary>
    public static int[] CodesIn(GenMetrics.Evaluation.ClassLabels labels, IReadOnlyList<string> classes)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Count; c++) index[classes[c]] = c;
        var map = new int[labels.Classes.Count];
        for (int c = 0; c < map.Length; c++) map[c] = index.GetValueOrDefault(labels.Classes[c], -1);
        var codes = new int[labels.Count];
        var own = labels.Codes;
        for (int i = 0; i < codes.Length; i++) codes[i] = map[own[i]];
        return codes;
    }
}
