using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

/// <summary>`data pull` downloading from a scripted HTTP server: checksum, truncated zip, atomic install.</summary>
public class DownloadTests
{
    private static byte[] SmallDatasetZip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry("ml-latest-small/" + name).Open());
                w.Write(text);
            }
            Add("movies.csv", "movieId,title,genres\r\n1,\"Matrix, The (1999)\",Action\r\n2,Heat (1995),Crime\r\n");
            Add("ratings.csv", "userId,movieId,rating,timestamp\r\n1,1,4.5,1\r\n1,2,3.0,2\r\n2,1,5.0,3\r\n");
            Add("tags.csv", "userId,movieId,tag,timestamp\r\n1,1,cyberpunk,1\r\n");
            Add("links.csv", "movieId,imdbId,tmdbId\r\n1,0133093,603\r\n2,0113277,949\r\n");
        }
        return memory.ToArray();
    }

    private static string WriteManifest(CliRunner cli, Uri server, string? sha256)
    {
        var path = Path.Combine(cli.Root, "manifest.json");
        var manifest = new
        {
            datasets = new Dictionary<string, object>
            {
                ["ml-latest-small"] = new
                {
                    url = new Uri(server, "ml-latest-small.zip").ToString(),
                    sha256,
                    files = new[] { "movies.csv", "ratings.csv", "tags.csv", "links.csv" },
                    required = new[] { "movies.csv", "ratings.csv" },
                },
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
        cli.Settings["Data:DatasetsManifest"] = path;
        return path;
    }

    private static ScriptedHttpServer Serve(byte[] body) => new((request, response) =>
        request.PathAndQuery == "/ml-latest-small.zip"
            ? WriteBytes(response, body)
            : ScriptedHttpServer.WriteAsync(response, "not found", "text/plain", 404));

    private static async Task WriteBytes(HttpListenerResponse response, byte[] body)
    {
        response.StatusCode = 200;
        response.ContentType = "application/zip";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static void AssertNothingInstalled(CliRunner cli)
    {
        Assert.False(Directory.Exists(Path.Combine(cli.DataDirectory, "ml-latest-small")));
        if (Directory.Exists(cli.DataDirectory)) Assert.Empty(Directory.EnumerateFileSystemEntries(cli.DataDirectory));
    }

    [Fact]
    public async Task Download_with_matching_checksum_installs_the_zip_folder()
    {
        var zip = SmallDatasetZip();
        await using var server = Serve(zip);
        using var cli = new CliRunner();
        WriteManifest(cli, server.BaseAddress, Convert.ToHexStringLower(SHA256.HashData(zip)));
        var result = await cli.RunAsync("data", "pull", "ml-latest-small");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["links.csv", "movies.csv", "ratings.csv", "tags.csv"],
            Directory.EnumerateFiles(Path.Combine(cli.DataDirectory, "ml-latest-small")).Select(Path.GetFileName).Order());
        Assert.Single(Directory.EnumerateFileSystemEntries(cli.DataDirectory)); // no download or temp leftovers
        var info = JsonDocument.Parse((await cli.RunAsync("data", "info", "--json")).Out).RootElement;
        Assert.Equal(3, info.GetProperty("ratings").GetInt32());
    }

    [Fact]
    public async Task Checksum_mismatch_installs_nothing_and_exits_4()
    {
        await using var server = Serve(SmallDatasetZip());
        using var cli = new CliRunner();
        WriteManifest(cli, server.BaseAddress, new string('0', 64));
        var result = await cli.RunAsync("data", "pull", "ml-latest-small");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Checksum mismatch", result.Error, StringComparison.Ordinal);
        AssertNothingInstalled(cli);
    }

    [Fact]
    public async Task Truncated_download_installs_nothing_and_keeps_a_previous_install()
    {
        var zip = SmallDatasetZip();
        await using var server = Serve(zip[..(zip.Length / 2)]);
        using var cli = new CliRunner();
        WriteManifest(cli, server.BaseAddress, sha256: null);
        var result = await cli.RunAsync("data", "pull", "ml-latest-small");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("not a complete zip", result.Error, StringComparison.Ordinal);
        AssertNothingInstalled(cli);

        // A previous install survives a failed pull untouched.
        Assert.Equal(0, (await cli.RunAsync("data", "pull", "ml-latest-small", "--from", SharedData.MovieLens("ml-latest-small"))).ExitCode);
        Assert.Equal(4, (await cli.RunAsync("data", "pull", "ml-latest-small")).ExitCode);
        Assert.Equal(2483723, new FileInfo(Path.Combine(cli.DataDirectory, "ml-latest-small", "ratings.csv")).Length);
        Assert.Single(Directory.EnumerateFileSystemEntries(cli.DataDirectory));
    }

    [Fact]
    public async Task Local_zip_with_from_is_checked_too()
    {
        using var cli = new CliRunner();
        var zip = SmallDatasetZip();
        var truncated = Path.Combine(cli.Root, "cut.zip");
        File.WriteAllBytes(truncated, zip[..(zip.Length - 40)]);
        var manifest = new Uri("http://127.0.0.1:9/");
        WriteManifest(cli, manifest, sha256: null);
        var bad = await cli.RunAsync("data", "pull", "ml-latest-small", "--from", truncated);
        Assert.Equal(1, bad.ExitCode);
        AssertNothingInstalled(cli);

        var good = Path.Combine(cli.Root, "good.zip");
        File.WriteAllBytes(good, zip);
        Assert.Equal(0, (await cli.RunAsync("data", "pull", "ml-latest-small", "--from", good)).ExitCode);
        Assert.True(File.Exists(Path.Combine(cli.DataDirectory, "ml-latest-small", "links.csv")));
    }

    [Fact]
    public async Task Server_error_is_a_service_error_without_stack_trace()
    {
        await using var server = new ScriptedHttpServer((_, response) => ScriptedHttpServer.WriteAsync(response, "down", "text/plain", 503));
        using var cli = new CliRunner();
        WriteManifest(cli, server.BaseAddress, sha256: null);
        var result = await cli.RunAsync("data", "pull", "ml-latest-small");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("503", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        AssertNothingInstalled(cli);
    }

    [Fact]
    public async Task Vader_download_verifies_each_file()
    {
        var lexicon = Encoding.UTF8.GetBytes("good\t1.9\t0.9\t[2, 2, 2, 2, 2, 2, 2, 1, 2, 2]\n");
        await using var server = new ScriptedHttpServer((request, response) =>
            ScriptedHttpServer.WriteAsync(response, Encoding.UTF8.GetString(lexicon), "text/plain"));
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Root, "manifest.json");
        string Manifest(string sha) => JsonSerializer.Serialize(new
        {
            datasets = new Dictionary<string, object>
            {
                ["vader"] = new
                {
                    files = new[] { "vader_lexicon.txt" },
                    required = new[] { "vader_lexicon.txt" },
                    downloads = new[] { new { file = "vader_lexicon.txt", url = new Uri(server.BaseAddress, "lex.txt").ToString(), sha256 = sha } },
                },
            },
        });
        cli.Settings["Data:DatasetsManifest"] = path;
        File.WriteAllText(path, Manifest(new string('f', 64)));
        Assert.Equal(4, (await cli.RunAsync("data", "pull", "vader")).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(cli.DataDirectory, "vader")));

        File.WriteAllText(path, Manifest(Convert.ToHexStringLower(SHA256.HashData(lexicon))));
        var ok = await cli.RunAsync("data", "pull", "vader");
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal(lexicon, File.ReadAllBytes(Path.Combine(cli.DataDirectory, "vader", "vader_lexicon.txt")));
    }
}
