namespace MovieRec.Cli.Tests;

public class EvaluateCommandTests
{
    [Fact]
    public async Task UnknownProtocolOrModelIsAClearErrorBeforeAnyDataIsLoaded()
    {
        using var cli = new CliRunner();
        var protocol = await cli.RunAsync("evaluate", "--protocol", "leave-one-out");
        Assert.Equal(ExitCodes.UserError, protocol.ExitCode);
        Assert.Contains("Unknown protocol 'leave-one-out'", protocol.Error, StringComparison.Ordinal);
        var model = await cli.RunAsync("evaluate", "--models", "mf,deepfm");
        Assert.Equal(ExitCodes.UserError, model.ExitCode);
        Assert.Contains("Unknown model(s): deepfm", model.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatasetNamesThePullCommand()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("evaluate", "--dataset", "ml-100k", "--models", "pop");
        Assert.Equal(ExitCodes.MissingData, result.ExitCode);
        Assert.Contains("movierec data pull ml-100k", result.Error, StringComparison.Ordinal);
    }
}
