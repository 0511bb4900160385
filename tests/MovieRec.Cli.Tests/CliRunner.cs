using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

/// <summary>Runs `movierec` in-process in a temp folder (data directory = TEMP/data) and captures its output.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly TempDir _temp = new();

    public string Root => _temp.Path;
    public string DataDirectory => Path.Combine(_temp.Path, "data");
    public Dictionary<string, string?> Settings { get; } = new();
    /// <summary>What the command reads from stdin (a pipe), e.g. chat's messages one per line.</summary>
    public string Input { get; set; } = "";

    public sealed record Result(int ExitCode, string Out, string Error);

    public async Task<Result> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliEnvironment
        {
            Out = output, Error = error, CurrentDirectory = _temp.Path, Settings = Settings, Interactive = false,
            In = new StringReader(Input), InputRedirected = true,
        });
        return new Result(exit, output.ToString(), error.ToString());
    }

    public void Dispose() => _temp.Dispose();
}
