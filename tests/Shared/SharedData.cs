namespace MovieRec.Testing;

/// <summary>Locates ../shared/data (relative to the repository root), or MOVIEREC_SHARED_DATA when set.</summary>
public static class SharedData
{
    public const string EnvironmentVariable = "MOVIEREC_SHARED_DATA";

    /// <summary>The repository root (the folder holding MovieRec.sln). Declared first: Root depends on it.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Root { get; } = Locate();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string MovieLens(string name) => Path("movielens", name);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return System.IO.Path.GetFullPath(fromEnv);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "data"));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MovieRec.sln"))) return dir.FullName;
        throw new InvalidOperationException("MovieRec.sln not found above " + AppContext.BaseDirectory);
    }
}
