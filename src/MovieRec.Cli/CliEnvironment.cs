namespace MovieRec.Cli;

/// <summary>Where a run reads and writes: the process's console and folder, or a test's writers and temp folder.</summary>
public sealed record CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required string CurrentDirectory { get; init; }
    /// <summary>Settings layered over appsettings.json and environment variables (tests use it).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>False for tests: plain text output, no colors or live progress.</summary>
    public bool Interactive { get; init; }
    /// <summary>Where `chat` reads messages: the console, or a pipe / a test's script (one message per line).</summary>
    public TextReader In { get; init; } = TextReader.Null;
    /// <summary>True when <see cref="In"/> is a pipe or a file: `chat` then prints no prompts and reads one message per line.</summary>
    public bool InputRedirected { get; init; } = true;

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        CurrentDirectory = Directory.GetCurrentDirectory(),
        Interactive = !Console.IsOutputRedirected,
        In = Console.In,
        InputRedirected = Console.IsInputRedirected,
    };
}
