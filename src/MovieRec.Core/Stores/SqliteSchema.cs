namespace MovieRec.Core.Stores;

/// <summary>
/// The schema of the stores' database, as migrations: Migrations[i] takes a file from version i to i + 1
/// (PRAGMA user_version). Append new migrations; never edit a released one.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        // 1: feedback, sessions, session messages. Times are Unix milliseconds (UTC).
        """
        CREATE TABLE feedback (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('user', 'session')),
            subject_id   TEXT    NOT NULL,
            movie_id     INTEGER NOT NULL,
            signal       TEXT    NOT NULL CHECK (signal IN ('liked', 'disliked', 'watched', 'rating')),
            value        REAL,
            created_at   INTEGER NOT NULL
        );
        CREATE INDEX ix_feedback_subject ON feedback (subject_kind, subject_id, id);

        CREATE TABLE sessions (
            id          TEXT    PRIMARY KEY,
            user_id     INTEGER,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            preferences TEXT    NOT NULL
        );
        CREATE INDEX ix_sessions_updated ON sessions (updated_at DESC);
        CREATE INDEX ix_sessions_user ON sessions (user_id, updated_at DESC);

        CREATE TABLE session_messages (
            session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            seq        INTEGER NOT NULL,
            role       TEXT    NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
            content    TEXT    NOT NULL,
            payload    TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        """,
    ];

    public static int Version => Migrations.Length;
}
