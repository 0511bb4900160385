namespace MovieRec.Cli;

/// <summary>The process exit codes of `movierec` (documented in README "Exit codes").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad input: a malformed or missing file, an invalid value, a rejected API key.</summary>
    public const int UserError = 1;
    /// <summary>Bad command line: unknown command or option, missing argument.</summary>
    public const int Usage = 2;
    /// <summary>The data a command needs is not there; the message names the command that fetches it.</summary>
    public const int MissingData = 3;
    /// <summary>A remote service failed (download, TMDB API): network error, HTTP error, checksum mismatch of a download.</summary>
    public const int ServiceError = 4;
    /// <summary>Cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;
}

/// <summary>An error the user can fix; printed as a red message, never with a stack trace.</summary>
public class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.UserError, string? hint = null) : base(message)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    public CliException() : this("error") { }
    public CliException(string message) : this(message, ExitCodes.UserError) { }
    public CliException(string message, Exception inner) : base(message, inner) => ExitCode = ExitCodes.UserError;

    public int ExitCode { get; }
    /// <summary>A follow-up line such as "run: movierec data pull ml-latest-small".</summary>
    public string? Hint { get; }

    public static CliException MissingData(string message, string fetchCommand) =>
        new(message, ExitCodes.MissingData, "run: " + fetchCommand);
}
