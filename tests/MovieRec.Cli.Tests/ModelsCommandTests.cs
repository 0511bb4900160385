using MovieRec.Engine.Text.Bert;
using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

/// <summary>
/// `models pull minilm`: the wiring and the error exits. The real all-MiniLM-L6-v2 weights cannot be used here,
/// so the tiny fixture stands in and fails the pinned SHA-256 checks; the success paths of the store are tested
/// in MovieRec.Engine.Tests (MiniLmModelStoreTests).
/// </summary>
public class ModelsCommandTests
{
    private static string TinyBert => MovieRec.Engine.Tests.Text.Bert.TinyBert.Folder; // built with its weights (the fixture holds none)

    [Fact]
    public async Task Import_of_a_copy_that_is_not_the_pinned_model_fails_and_installs_nothing()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("models", "pull", "minilm", "--from", TinyBert);
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("vocab.txt: SHA-256 mismatch", result.Error);
        Assert.Contains("Nothing was installed", result.Error);
        Assert.False(Directory.Exists(Path.Combine(cli.Root, "models", "minilm")));
    }

    [Fact]
    public async Task A_download_that_fails_the_checksum_is_a_service_error()
    {
        var revision = ModelSource.AllMiniLmL6V2.Revision;
        await using var hub = new ScriptedHttpServer(async (request, response) =>
        {
            var prefix = $"/sentence-transformers/all-MiniLM-L6-v2/resolve/{revision}/";
            var path = Path.Combine(TinyBert, request.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal) ? request.PathAndQuery[prefix.Length..] : "missing");
            if (!File.Exists(path)) { await ScriptedHttpServer.WriteAsync(response, "not found", "text/plain", 404); return; }
            var bytes = await File.ReadAllBytesAsync(path);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        });
        using var cli = new CliRunner();
        cli.Settings["HuggingFace:BaseUrl"] = hub.BaseAddress.ToString();
        var result = await cli.RunAsync("models", "pull", "minilm");
        Assert.Equal(ExitCodes.ServiceError, result.ExitCode);
        Assert.Contains("vocab.txt: SHA-256 mismatch: expected 07eced37", result.Error);
        Assert.Contains("config.json", string.Join(' ', hub.Requests.Select(r => r.PathAndQuery)));
        Assert.False(Directory.Exists(Path.Combine(cli.Root, "models", "minilm")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cli.Root, "models")));
    }

    [Fact]
    public async Task Unknown_model_and_missing_folder_are_reported()
    {
        using var cli = new CliRunner();
        var unknown = await cli.RunAsync("models", "pull", "bert-large");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("Unknown model 'bert-large'; available: minilm", unknown.Error);

        var missing = await cli.RunAsync("models", "pull", "minilm", "--from", "no-such-folder");
        Assert.Equal(ExitCodes.UserError, missing.ExitCode);
        Assert.Contains("folder not found", missing.Error);
    }
}
