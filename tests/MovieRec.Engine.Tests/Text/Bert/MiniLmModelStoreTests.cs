using System.Net;
using System.Security.Cryptography;
using MovieRec.Engine.Text.Bert;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Bert;

public class MiniLmModelStoreTests
{
    private static readonly ModelSource Tiny = ModelSource.AllMiniLmL6V2 with
    {
        Name = "tiny", Repository = "movierec/tiny-bert", Revision = "0123456789abcdef0123456789abcdef01234567", Files = TinyBert.ModelFiles,
        Sha256 = new Dictionary<string, string>(), // nothing pinned: hashes are recorded on first download
    };

    private static string Sha(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(TinyBert.Folder, file))));

    /// <summary>Serves the fixture like huggingface.co/{repo}/resolve/{revision}/{file}; <paramref name="tamper"/> changes model.safetensors.</summary>
    private static ScriptedHttpServer Hub(bool tamper = false) => new(async (request, response) =>
    {
        var prefix = $"/{Tiny.Repository}/resolve/{Tiny.Revision}/";
        var file = request.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal) ? request.PathAndQuery[prefix.Length..] : "";
        var path = Path.Combine(TinyBert.Folder, file);
        if (file.Length == 0 || !TinyBert.ModelFiles.Contains(file)) { await ScriptedHttpServer.WriteAsync(response, "not found", "text/plain", 404); return; }
        var bytes = File.ReadAllBytes(path);
        if (tamper && file == "model.safetensors") bytes[^1] ^= 0xFF;
        response.StatusCode = 200;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    });

    private static void AssertNoStagingLeft(string models) =>
        Assert.DoesNotContain(Directory.GetDirectories(models), d => Path.GetFileName(d).Contains("partial") || Path.GetFileName(d).Contains(".old-"));

    [Fact]
    public void Import_copies_validates_and_records_hashes()
    {
        using var temp = new TempDir();
        var store = new MiniLmModelStore(temp.Path, source: Tiny);
        var manifest = store.Import(TinyBert.Folder);

        Assert.True(store.IsInstalled);
        Assert.Equal(TinyBert.ModelFiles.Order(), manifest.Files.Select(f => f.Path).Order());
        Assert.Equal(Sha("model.safetensors"), manifest.Files.Single(f => f.Path == "model.safetensors").Sha256);
        Assert.StartsWith("import:", manifest.Source);
        var installed = store.LoadEncoder();
        Assert.Equal(BertEncoder.Load(TinyBert.Folder).Embed("space war"), installed.Embed("space war"));
        Assert.Equal(manifest.Revision, store.ReadManifest()!.Revision);
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public void Loading_a_model_that_is_not_installed_says_how_to_install_it()
    {
        using var temp = new TempDir();
        var error = Assert.Throws<ModelLoadException>(() => new MiniLmModelStore(temp.Path).LoadEncoder());
        Assert.Contains("run `movierec models pull minilm`", error.Message);
    }

    [Fact]
    public void Import_checks_pinned_hashes()
    {
        using var temp = new TempDir();
        var store = new MiniLmModelStore(temp.Path); // the real all-MiniLM-L6-v2 pins: the tiny model does not match
        var error = Assert.Throws<ModelLoadException>(() => store.Import(TinyBert.Folder));
        Assert.StartsWith("vocab.txt: SHA-256 mismatch: expected 07eced37", error.Message);
        Assert.False(store.IsInstalled);
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public void Import_of_a_bad_folder_names_the_file_and_keeps_the_installed_model()
    {
        using var temp = new TempDir();
        using var source = new TempDir();
        var store = new MiniLmModelStore(temp.Path, source: Tiny);
        store.Import(TinyBert.Folder);

        TinyBert.CopyTo(source.Path);
        File.Delete(Path.Combine(source.Path, "model.safetensors"));
        var missing = Assert.Throws<ModelLoadException>(() => store.Import(source.Path));
        Assert.StartsWith("model.safetensors: file not found in ", missing.Message);

        File.WriteAllBytes(Path.Combine(source.Path, "model.safetensors"), [1, 2, 3]);
        var corrupt = Assert.Throws<ModelLoadException>(() => store.Import(source.Path));
        Assert.StartsWith("model.safetensors: file is 3 bytes", corrupt.Message);

        Assert.Equal(Sha("model.safetensors"), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(store.ModelFolder, "model.safetensors")))));
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public async Task Pull_downloads_the_pinned_revision_with_progress_and_hashes()
    {
        await using var hub = Hub();
        using var http = new HttpClient();
        using var temp = new TempDir();
        var pinned = Tiny with { Sha256 = new Dictionary<string, string> { ["model.safetensors"] = Sha("model.safetensors") } };
        var store = new MiniLmModelStore(temp.Path, http, pinned, hub.BaseAddress);
        var reports = new List<ModelDownloadProgress>();
        var manifest = await store.PullAsync(new SyncProgress(reports.Add));

        Assert.Equal(TinyBert.ModelFiles.Length, hub.Requests.Count);
        Assert.All(hub.Requests, r => Assert.Contains($"/resolve/{Tiny.Revision}/", r.PathAndQuery));
        Assert.All(manifest.Files, f => Assert.Equal(Sha(f.Path), f.Sha256)); // recorded on first download
        var last = reports.Last(r => r.File == "model.safetensors");
        Assert.Equal(new FileInfo(Path.Combine(TinyBert.Folder, "model.safetensors")).Length, last.BytesDone);
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.Equal(32, BertEncoder.Load(store.ModelFolder).Embed("a movie").Length);
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public async Task A_checksum_mismatch_fails_clearly_and_writes_nothing()
    {
        await using var hub = Hub(tamper: true);
        using var http = new HttpClient();
        using var temp = new TempDir();
        var pinned = Tiny with { Sha256 = new Dictionary<string, string> { ["model.safetensors"] = Sha("model.safetensors") } };
        var store = new MiniLmModelStore(temp.Path, http, pinned, hub.BaseAddress);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => store.PullAsync());
        Assert.StartsWith($"model.safetensors: SHA-256 mismatch: expected {Sha("model.safetensors")}, downloaded ", error.Message);
        Assert.False(store.IsInstalled);
        Assert.False(Directory.Exists(store.ModelFolder));
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public async Task A_later_pull_must_match_the_hashes_recorded_by_the_first()
    {
        using var http = new HttpClient();
        using var temp = new TempDir();
        await using (var hub = Hub())
            await new MiniLmModelStore(temp.Path, http, Tiny, hub.BaseAddress).PullAsync();

        await using var tampered = Hub(tamper: true);
        var store = new MiniLmModelStore(temp.Path, http, Tiny, tampered.BaseAddress);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => store.PullAsync());
        Assert.Contains("SHA-256 mismatch", error.Message);
        Assert.Equal(Sha("model.safetensors"), store.ReadManifest()!.Files.Single(f => f.Path == "model.safetensors").Sha256);
        Assert.Equal(Sha("model.safetensors"), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(store.ModelFolder, "model.safetensors")))));
        AssertNoStagingLeft(temp.Path);
    }

    [Fact]
    public async Task A_missing_remote_file_is_named()
    {
        await using var hub = Hub();
        using var http = new HttpClient();
        using var temp = new TempDir();
        var store = new MiniLmModelStore(temp.Path, http, Tiny with { Files = [.. Tiny.Files, "extra.json"] }, hub.BaseAddress);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => store.PullAsync());
        Assert.StartsWith("extra.json: download of ", error.Message);
        Assert.Contains("HTTP 404", error.Message);
        Assert.False(store.IsInstalled);
        AssertNoStagingLeft(temp.Path);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this one reports inline so the test sees every report.</summary>
    private sealed class SyncProgress(Action<ModelDownloadProgress> report) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => report(value);
    }
}
