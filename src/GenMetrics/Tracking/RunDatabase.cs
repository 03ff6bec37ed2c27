using System.Globalization;
using GenMetrics.Evaluation;
using GenMetrics.Internals;
using GenMetrics.Reports;
using Microsoft.Data.Sqlite;

namespace GenMetrics.Tracking;

/// <summary>
/// A run database: scored checkpoints of training runs in one SQLite file (<c>$GENMETRICS_HOME/runs.db</c> by
/// default). Safe with several processes adding at once: WAL journal, a busy timeout, and one immediate transaction
/// per step, so no row is lost. A database of another schema version is migrated, or refused when newer.
/// </summary>
public sealed partial class RunDatabase
{
    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static TimeSpan BusyTimeout { get; } = TimeSpan.FromSeconds(60);

    private readonly string _connection;

    private RunDatabase(string path)
    {
        Path = path;
        _connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = false,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The default database: <c>$GENMETRICS_HOME/runs.db</c>.</summary>
    public static string DefaultPath => GenMetricsHome.FromEnvironment().PathOf("runs.db");

    /// <summary>Opens (creating when missing, migrating when older) the database at <paramref name="path"/> (default <see cref="DefaultPath"/>).</summary>
    /// <exception cref="InputException">The file is not a GenMetrics run database, is of a newer schema, or cannot be opened or created.</exception>
    public static RunDatabase Open(string? path = null)
    {
        path = System.IO.Path.GetFullPath(path ?? DefaultPath);
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder; the run database is a file (runs.db)");
        var folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot create the folder {folder} ({e.Message})", e);
        }
        var db = new RunDatabase(path);
        try
        {
            using var c = db.Connect();
            db.EnsureSchema(c);
        }
        catch (SqliteException e)
        {
            throw new InputException($"{path}: cannot be used as a run database ({e.Message.TrimEnd('.')})", e);
        }
        return db;
    }

    /// <summary>A connection with the pragmas every writer needs: WAL, the busy timeout, foreign keys.</summary>
    internal SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        Execute(c, null, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
        Execute(c, null, "PRAGMA foreign_keys = ON");
        // WAL lets readers run beside the one writer; setting it needs the write lock, which the busy timeout waits for.
        if (Scalar<string>(c, null, "PRAGMA journal_mode") != "wal") Execute(c, null, "PRAGMA journal_mode = WAL");
        return c;
    }

    /// <summary>The runs, by name.</summary>
    public IReadOnlyList<RunSummary> Runs()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT r.name, count(s.step), coalesce(min(s.step), 0), coalesce(max(s.step), 0), r.real, r.real_sha256, r.encoder, r.created_utc
            FROM runs r LEFT JOIN steps s ON s.run = r.name GROUP BY r.name ORDER BY r.name
            """;
        using var reader = cmd.ExecuteReader();
        var runs = new List<RunSummary>();
        while (reader.Read())
            runs.Add(new RunSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        return runs;
    }

    /// <summary>The steps of <paramref name="run"/>, in step order.</summary>
    /// <exception cref="InputException">No run has that name; the message lists the runs.</exception>
    public IReadOnlyList<TrackedStep> Steps(string run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var c = Connect();
        RequireRun(c, run);
        var metrics = new Dictionary<long, List<KeyValuePair<string, double?>>>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT step, key, value FROM step_metrics WHERE run = $run ORDER BY step, position";
            cmd.Parameters.AddWithValue("$run", run);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                long step = reader.GetInt64(0);
                if (!metrics.TryGetValue(step, out var list)) metrics[step] = list = [];
                list.Add(new(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDouble(2)));
            }
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT step, result_json, samples, samples_sha256, count, thumbnail, added_utc FROM steps WHERE run = $run ORDER BY step";
            cmd.Parameters.AddWithValue("$run", run);
            using var reader = cmd.ExecuteReader();
            var steps = new List<TrackedStep>();
            while (reader.Read())
            {
                long step = reader.GetInt64(0);
                steps.Add(new TrackedStep(run, step, metrics.GetValueOrDefault(step) ?? [], reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : (byte[])reader.GetValue(5), reader.GetString(6)));
            }
            return steps;
        }
    }

    /// <summary>
    /// The best step of <paramref name="run"/> by metric key <paramref name="metric"/>: the lowest value for a key
    /// whose registry direction is lower-is-better, the highest for higher-is-better; the earliest step on a tie.
    /// </summary>
    /// <exception cref="InputException">No such run; no step has the key (the message lists the keys it has); or the key has no direction (C_T, spreads).</exception>
    public BestStep Best(string run, string metric = "fid")
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metric);
        using var c = Connect();
        RequireRun(c, run);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT step, value, direction FROM step_metrics WHERE run = $run AND key = $key AND value IS NOT NULL ORDER BY step";
        cmd.Parameters.AddWithValue("$run", run);
        cmd.Parameters.AddWithValue("$key", metric);
        var points = new List<(long Step, double Value, string Direction)>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) points.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetString(2)));
        if (points.Count == 0)
        {
            using var keys = c.CreateCommand();
            keys.CommandText = "SELECT DISTINCT key FROM step_metrics WHERE run = $run ORDER BY key";
            keys.Parameters.AddWithValue("$run", run);
            var have = new List<string>();
            using (var reader = keys.ExecuteReader()) while (reader.Read()) have.Add(reader.GetString(0));
            throw InputException.ForSetting("metric", $"run '{run}' has no value of '{metric}' (it has {(have.Count == 0 ? "no steps" : string.Join(", ", have))})");
        }
        var direction = points[^1].Direction;
        if (direction is not ("lower" or "higher"))
            throw InputException.ForSetting("metric", $"'{metric}' has no better direction (it is read against a reference, as C_T near 0, or is a spread): choose a metric whose lower or higher value is better");
        var best = points[0];
        foreach (var p in points.Skip(1))
            if (direction == "lower" ? p.Value < best.Value : p.Value > best.Value) best = p;
        return new BestStep(run, best.Step, metric, best.Value);
    }

    /// <summary>
    /// Stores one scored step in one immediate transaction: the run's row on its first step (checking a later step
    /// against it), the step, and its metric values. Refuses a step that exists unless <paramref name="replace"/>.
    /// </summary>
    internal TrackedStep Insert(string run, long step, EvaluationResult result, FeatureSet generated, FeatureSet real, byte[]? thumbnail, bool replace)
    {
        var json = ResultJson.Serialize(result);
        var added = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var encoder = real.Provenance.Encoder?.Key ?? generated.Provenance.Encoder?.Key ?? "";
        var protocol = real.Provenance.Preprocessing ?? generated.Provenance.Preprocessing ?? "";
        var metrics = result.Metrics.Select(m => new KeyValuePair<string, double?>(m.Key, double.IsFinite(m.Value) ? m.Value : null)).ToList();
        using var c = Connect();
        try
        {
            using var tx = c.BeginTransaction(deferred: false);
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT real, real_sha256, encoder, protocol FROM runs WHERE name = $run";
                cmd.Parameters.AddWithValue("$run", run);
                using var reader = cmd.ExecuteReader();
                if (reader.Read())
                {
                    var (realName, realSha, enc, prot) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                    if (realSha != real.Provenance.ContentSha256)
                        throw InputException.ForSetting("real", $"run '{run}' is scored against {realName} (sha256 {realSha[..12]}), but {real.Source} is another set (sha256 {real.Provenance.ContentSha256[..12]}): steps of one run must share the real set; start another run");
                    if (enc != encoder || prot != protocol)
                        throw InputException.ForSetting("encoder", $"run '{run}' is scored with {(enc.Length == 0 ? "features given" : enc.Split('|')[0])} ({(prot.Length == 0 ? "no protocol" : prot)}), but this step with {(encoder.Length == 0 ? "features given" : encoder.Split('|')[0])} ({(protocol.Length == 0 ? "no protocol" : protocol)}): steps of one run must share the encoder");
                }
                else
                {
                    reader.Close();
                    using var insert = c.CreateCommand();
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO runs (name, created_utc, real, real_sha256, encoder, protocol) VALUES ($run, $at, $real, $sha, $enc, $prot)";
                    insert.Parameters.AddWithValue("$run", run);
                    insert.Parameters.AddWithValue("$at", added);
                    insert.Parameters.AddWithValue("$real", real.Source);
                    insert.Parameters.AddWithValue("$sha", real.Provenance.ContentSha256);
                    insert.Parameters.AddWithValue("$enc", encoder);
                    insert.Parameters.AddWithValue("$prot", protocol);
                    insert.ExecuteNonQuery();
                }
            }
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT count(*) FROM steps WHERE run = $run AND step = $step";
                cmd.Parameters.AddWithValue("$run", run);
                cmd.Parameters.AddWithValue("$step", step);
                if ((long)cmd.ExecuteScalar()! > 0)
                {
                    if (!replace) throw InputException.ForSetting("step", $"run '{run}' already has step {step}; pass --replace to score it again");
                    Execute(c, tx, $"DELETE FROM step_metrics WHERE run = {Quote(run)} AND step = {step}");
                    Execute(c, tx, $"DELETE FROM steps WHERE run = {Quote(run)} AND step = {step}");
                }
            }
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO steps (run, step, added_utc, samples, samples_sha256, count, result_json, thumbnail)
                    VALUES ($run, $step, $at, $samples, $sha, $count, $json, $thumb)
                    """;
                cmd.Parameters.AddWithValue("$run", run);
                cmd.Parameters.AddWithValue("$step", step);
                cmd.Parameters.AddWithValue("$at", added);
                cmd.Parameters.AddWithValue("$samples", generated.Source);
                cmd.Parameters.AddWithValue("$sha", generated.Provenance.ContentSha256);
                cmd.Parameters.AddWithValue("$count", generated.Count);
                cmd.Parameters.AddWithValue("$json", json);
                cmd.Parameters.Add("$thumb", SqliteType.Blob).Value = thumbnail is null ? DBNull.Value : thumbnail;
                cmd.ExecuteNonQuery();
            }
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO step_metrics (run, step, position, key, value, direction) VALUES ($run, $step, $pos, $key, $value, $dir)";
                var pRun = cmd.Parameters.AddWithValue("$run", run);
                var pStep = cmd.Parameters.AddWithValue("$step", step);
                var pPos = cmd.Parameters.Add("$pos", SqliteType.Integer);
                var pKey = cmd.Parameters.Add("$key", SqliteType.Text);
                var pValue = cmd.Parameters.Add("$value", SqliteType.Real);
                var pDir = cmd.Parameters.Add("$dir", SqliteType.Text);
                for (int i = 0; i < metrics.Count; i++)
                {
                    pPos.Value = i;
                    pKey.Value = metrics[i].Key;
                    pValue.Value = metrics[i].Value is { } v ? v : DBNull.Value;
                    pDir.Value = ResultJson.Direction(result.KeyInfo(metrics[i].Key)?.Direction ?? KeyDirection.Neither);
                    cmd.ExecuteNonQuery();
                }
            }
            tx.Commit();
        }
        catch (SqliteException e)
        {
            throw new InputException($"{Path}: cannot store step {step} of run '{run}' ({e.Message.TrimEnd('.')})", e);
        }
        return new TrackedStep(run, step, metrics, json, generated.Source, generated.Provenance.ContentSha256, generated.Count, thumbnail, added);
    }

    /// <summary>
    /// Writes the HTML report of <paramref name="run"/>: every metric over steps with the best step marked, the
    /// fidelity-diversity plane of the steps, each step's thumbnail grid side by side, and the provenance.
    /// </summary>
    /// <exception cref="InputException">No such run, or the path cannot be written.</exception>
    public void WriteReport(string run, string path, ReportOptions? options = null)
    {
        var steps = Steps(run);
        if (steps.Count == 0) throw InputException.ForSetting("run", $"run '{run}' has no steps");
        options ??= new ReportOptions();
        if (options.Title == new ReportOptions().Title) options = options with { Title = $"Run {run}" };
        options = options with
        {
            Introduction = options.Introduction ?? $"{steps.Count} checkpoint{(steps.Count == 1 ? "" : "s")} of run '{run}' from {Path}, steps {steps[0].Step} to {steps[^1].Step}; each scored against the same real set.",
        };
        HtmlReport.Write(path, [.. steps.Select(s => new ReportEntry($"step {s.Step}", s.ResultJson) { Step = s.Step, Thumbnail = s.Thumbnail })], options);
    }

    private static void RequireRun(SqliteConnection c, string run)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM runs WHERE name = $run";
        cmd.Parameters.AddWithValue("$run", run);
        if ((long)cmd.ExecuteScalar()! > 0) return;
        cmd.CommandText = "SELECT name FROM runs ORDER BY name";
        var names = new List<string>();
        using (var reader = cmd.ExecuteReader()) while (reader.Read()) names.Add(reader.GetString(0));
        throw InputException.ForSetting("run", $"no run named '{run}' in {c.DataSource} ({(names.Count == 0 ? "it has no runs" : "runs: " + string.Join(", ", names))})");
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
