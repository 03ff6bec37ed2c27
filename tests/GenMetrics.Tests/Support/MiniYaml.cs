using System.Text.Json;

namespace GenMetrics.Tests.Support;

/// <summary>
/// The block-style YAML subset Kubernetes manifests use, parsed for structural checks without a YAML package:
/// mappings and sequences by indentation (spaces only), scalars plain or quoted, flow sequences as JSON arrays, {} and
/// full-line or trailing comments. Mappings become <see cref="Dictionary{TKey, TValue}"/>, sequences <see cref="List{T}"/>,
/// scalars strings. Anything outside the subset throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static class MiniYaml
{
    private sealed record Line(int Number, int Indent, string Text);

    public static Dictionary<string, object?> Parse(string text)
    {
        var lines = new List<Line>();
        var raw = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < raw.Length; i++)
        {
            var l = raw[i];
            if (l.Contains('\t')) throw new FormatException($"line {i + 1}: a tab (YAML indents with spaces)");
            var body = StripComment(l).TrimEnd();
            if (body.Trim().Length == 0 || body.Trim() == "---") continue;
            lines.Add(new Line(i + 1, body.Length - body.TrimStart().Length, body.Trim()));
        }
        int at = 0;
        var root = Block(lines, ref at, 0);
        if (at != lines.Count) throw new FormatException($"line {lines[at].Number}: unexpected indentation");
        return root as Dictionary<string, object?> ?? throw new FormatException("the document is not a mapping");
    }

    private static string StripComment(string line)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || line[i - 1] == ' ')) return line[..i];
        }
        return line;
    }

    private static object Block(List<Line> lines, ref int at, int indent)
    {
        if (lines[at].Text.StartsWith("- ", StringComparison.Ordinal) || lines[at].Text == "-") return Sequence(lines, ref at, indent);
        var map = new Dictionary<string, object?>();
        while (at < lines.Count && lines[at].Indent == indent && !lines[at].Text.StartsWith('-'))
        {
            var line = lines[at];
            int colon = KeyColon(line);
            var key = Unquote(line.Text[..colon].Trim());
            var rest = line.Text[(colon + 1)..].Trim();
            at++;
            if (!map.TryAdd(key, rest.Length > 0 ? Scalar(rest, line.Number) : Nested(lines, ref at, indent)))
                throw new FormatException($"line {line.Number}: key '{key}' twice");
        }
        return map;
    }

    private static object? Nested(List<Line> lines, ref int at, int indent)
    {
        if (at >= lines.Count) return null;
        var next = lines[at];
        if (next.Indent > indent) return Block(lines, ref at, next.Indent);
        if (next.Indent == indent && next.Text.StartsWith('-')) return Sequence(lines, ref at, indent);
        return null;
    }

    private static List<object?> Sequence(List<Line> lines, ref int at, int indent)
    {
        var list = new List<object?>();
        while (at < lines.Count && lines[at].Indent == indent && (lines[at].Text.StartsWith("- ", StringComparison.Ordinal) || lines[at].Text == "-"))
        {
            var line = lines[at];
            var item = line.Text.Length > 1 ? line.Text[2..].Trim() : "";
            int itemIndent = indent + 2;
            if (item.Length == 0) { at++; list.Add(Nested(lines, ref at, indent)); continue; }
            if (KeyColonOrMinus(item) >= 0)
            {
                // "- key: value": a mapping whose first entry sits on the dash line.
                lines[at] = line with { Indent = itemIndent, Text = item };
                list.Add(Block(lines, ref at, itemIndent));
                continue;
            }
            at++;
            list.Add(Scalar(item, line.Number));
        }
        return list;
    }

    private static int KeyColon(Line line) =>
        KeyColonOrMinus(line.Text) is var c and >= 0 ? c : throw new FormatException($"line {line.Number}: expected 'key: value', got '{line.Text}'");

    private static int KeyColonOrMinus(string text)
    {
        if (text.StartsWith('"') || text.StartsWith('\'') || text.StartsWith('[') || text.StartsWith('{')) return -1;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == ':' && (i + 1 == text.Length || text[i + 1] == ' ')) return i;
        return -1;
    }

    private static object? Scalar(string text, int number)
    {
        if (text.StartsWith('['))
        {
            try { return JsonSerializer.Deserialize<List<string>>(text)!.Cast<object?>().ToList(); }
            catch (JsonException e) { throw new FormatException($"line {number}: a flow sequence that is not a list of strings ({e.Message})"); }
        }
        if (text == "{}") return new Dictionary<string, object?>();
        if (text.StartsWith('{')) throw new FormatException($"line {number}: flow mappings are outside the subset");
        return Unquote(text);
    }

    private static string Unquote(string s) =>
        s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')) ? s[1..^1] : s;

    /// <summary>The node at a dotted path (<c>spec.template.spec</c>; <c>containers.0</c> indexes a sequence).</summary>
    public static object? At(object? node, string path)
    {
        foreach (var part in path.Split('.'))
            node = node switch
            {
                Dictionary<string, object?> m => m.TryGetValue(part, out var v) ? v : throw new KeyNotFoundException($"no '{part}' in {path}"),
                List<object?> l => l[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)],
                _ => throw new KeyNotFoundException($"'{part}' of {path} is not inside a mapping or sequence"),
            };
        return node;
    }
}
