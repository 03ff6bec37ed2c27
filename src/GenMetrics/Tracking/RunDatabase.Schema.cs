using Microsoft.Data.Sqlite;

namespace GenMetrics.Tracking;

public sealed partial class RunDatabase
{
    /// <summary>The schema this version writes (SQLite's <c>user_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>SQLite's <c>application_id</c> of a GenMetrics run database ("GMRN").</summary>
    internal const int ApplicationId = 0x474D524E;

    /// <summary>
    /// The statements that bring a database from version i to i + 1 (index i). A database of an older version is
    /// migrated in one transaction; a newer one is refused, naming both versions.
    /// </summary>
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE runs (
            name TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL,
            real TEXT NOT NULL,
            real_sha256 TEXT NOT NULL,
            encoder TEXT NOT NULL,
            protocol TEXT NOT NULL
        );
        CREATE TABLE steps (
            run TEXT NOT NULL REFERENCES runs(name),
            step INTEGER NOT NULL,
            added_utc TEXT NOT NULL,
            samples TEXT NOT NULL,
            samples_sha256 TEXT NOT NULL,
            count INTEGER NOT NULL,
            result_json TEXT NOT NULL,
            thumbnail BLOB,
            PRIMARY KEY (run, step)
        );
        CREATE TABLE step_metrics (
            run TEXT NOT NULL,
            step INTEGER NOT NULL,
            position INTEGER NOT NULL,
            key TEXT NOT NULL,
            value REAL,
            direction TEXT NOT NULL,
            PRIMARY KEY (run, step, key),
            FOREIGN KEY (run, step) REFERENCES steps(run, step) ON DELETE CASCADE
        );
        """,
    ];

    /// <summary>Creates, migrates or refuses the schema; run inside an immediate transaction, so two processes creating one database at once do it once.</summary>
    private void EnsureSchema(SqliteConnection c)
    {
        using var tx = c.BeginTransaction(deferred: false);
        int version = Scalar<long>(c, tx, "PRAGMA user_version") is var v ? (int)v : 0;
        int app = (int)Scalar<long>(c, tx, "PRAGMA application_id");
        long tables = Scalar<long>(c, tx, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        if (version == 0 && tables > 0 && app != ApplicationId)
            throw new InputException($"{Path}: an SQLite database of another application ({tables} table(s), no GenMetrics schema): give a new file with --db");
        if (app != 0 && app != ApplicationId)
            throw new InputException($"{Path}: an SQLite database of another application (application_id {app:x8}): give a new file with --db");
        if (version > SchemaVersion)
            throw new InputException($"{Path}: a run database of schema version {version}, written by a newer GenMetrics; this version ({Reports.ResultJson.Version}) reads schema {SchemaVersion}: upgrade GenMetrics or use another --db");
        for (int i = version; i < SchemaVersion; i++) Execute(c, tx, s_migrations[i]);
        if (version != SchemaVersion)
        {
            Execute(c, tx, $"PRAGMA user_version = {SchemaVersion}");
            Execute(c, tx, $"PRAGMA application_id = {ApplicationId}");
        }
        tx.Commit();
    }

    private static T Scalar<T>(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
