using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieRec.Engine.Text.Bert;

/// <summary>Where a sentence-transformers model comes from: a Hugging Face repository at a pinned revision.</summary>
/// <param name="Sha256">Known SHA-256 of files (lower-case hex); files without one are recorded on first download.</param>
public sealed record ModelSource(string Name, string Repository, string Revision, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string> Sha256)
{
    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 at a pinned commit. The SHA-256 of model.safetensors
    /// (90,868,376 bytes) and vocab.txt (bert-base-uncased's) are pinned: they could not be downloaded
    /// from this machine, they are the values several public projects pin for this revision. The other
    /// (small JSON) files are recorded in manifest.json on first download and later downloads must
    /// match them (trust on first use).
    /// </summary>
    public static ModelSource AllMiniLmL6V2 { get; } = new(
        "minilm",
        "sentence-transformers/all-MiniLM-L6-v2",
        "1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
        ["config.json", "vocab.txt", "model.safetensors", "tokenizer_config.json", "special_tokens_map.json",
         "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"],
        new Dictionary<string, string>
        {
            ["model.safetensors"] = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            ["vocab.txt"] = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
        });
}

public sealed record ModelDownloadProgress(string File, int FileIndex, int FileCount, long BytesDone, long? BytesTotal);

public sealed record ModelManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);

public sealed record ModelManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("installed_at")] DateTimeOffset InstalledAt,
    [property: JsonPropertyName("files")] IReadOnlyList<ModelManifestFile> Files);

[JsonSerializable(typeof(ModelManifest))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class ModelManifestJsonContext : JsonSerializerContext;

/// <summary>
/// Installs a sentence-transformers model under models/NAME (e.g. models/minilm): downloads it from
/// Hugging Face (or a mirror) at the pinned revision with SHA-256 checks, or imports a local copy.
/// Files go to a staging folder first and the model is loaded once before it replaces the installed
/// one, so a failed pull or import never leaves a half-written model behind.
/// </summary>
public sealed class MiniLmModelStore
{
    public const string ManifestFile = "manifest.json";
    private static readonly string[] RequiredFiles = ["config.json", "vocab.txt", "model.safetensors"];

    private readonly HttpClient? _http;
    private readonly Uri _hubBase;

    public ModelSource Source { get; }
    public string ModelsFolder { get; }
    public string ModelFolder => Path.Combine(ModelsFolder, Source.Name);
    public bool IsInstalled => File.Exists(Path.Combine(ModelFolder, ManifestFile));

    /// <param name="http">Needed for <see cref="PullAsync"/> only.</param>
    /// <param name="hubBase">Defaults to https://huggingface.co/ (a mirror or a test server otherwise).</param>
    public MiniLmModelStore(string modelsFolder, HttpClient? http = null, ModelSource? source = null, Uri? hubBase = null)
    {
        ModelsFolder = modelsFolder;
        _http = http;
        Source = source ?? ModelSource.AllMiniLmL6V2;
        _hubBase = hubBase ?? new Uri("https://huggingface.co/");
    }

    /// <summary>The installed encoder; when the model is missing the error says how to install it.</summary>
    public BertEncoder LoadEncoder(BertEncoderOptions? options = null)
    {
        if (!IsInstalled)
            throw new ModelLoadException(ModelFolder, $"the {Source.Name} model is not installed: run `movierec models pull {Source.Name}` (or `movierec models pull {Source.Name} --from DIR` for a local copy)");
        return BertEncoder.Load(ModelFolder, options);
    }

    public ModelManifest? ReadManifest()
    {
        var path = Path.Combine(ModelFolder, ManifestFile);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize(File.ReadAllText(path), ModelManifestJsonContext.Default.ModelManifest); }
        catch (JsonException ex) { throw new ModelLoadException(ManifestFile, $"invalid JSON ({ex.Message})", ex); }
    }

    public Uri FileUri(string file) => new(_hubBase, $"{Source.Repository}/resolve/{Source.Revision}/{file}");

    /// <summary>Downloads every file, checks SHA-256 (pinned, or recorded by an earlier download), then installs.</summary>
    public async Task<ModelManifest> PullAsync(IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_http is null) throw new InvalidOperationException("an HttpClient is needed to download models");
        var known = new Dictionary<string, string>(Source.Sha256, StringComparer.Ordinal);
        var previous = SafeReadManifest();
        if (previous is not null && previous.Revision == Source.Revision && previous.Repository == Source.Repository)
            foreach (var f in previous.Files) known.TryAdd(f.Path, f.Sha256);

        var staging = CreateStaging();
        try
        {
            var files = new List<ModelManifestFile>();
            for (int i = 0; i < Source.Files.Count; i++)
            {
                var file = Source.Files[i];
                var (size, sha) = await DownloadAsync(file, Path.Combine(staging, file), i, progress, cancellationToken).ConfigureAwait(false);
                if (known.TryGetValue(file, out var expected) && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
                    throw new ModelLoadException(file, $"SHA-256 mismatch: expected {expected}, downloaded {sha} from {FileUri(file)}");
                files.Add(new ModelManifestFile(file, size, sha));
            }
            return Install(staging, files, $"{FileUri("")}");
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Imports a local sentence-transformers folder (validated by loading it) as the installed model.</summary>
    public ModelManifest Import(string sourceFolder)
    {
        if (!Directory.Exists(sourceFolder)) throw new ModelLoadException(sourceFolder, "folder not found");
        foreach (var file in RequiredFiles)
            if (!File.Exists(Path.Combine(sourceFolder, file))) throw new ModelLoadException(file, $"file not found in {sourceFolder}");
        var staging = CreateStaging();
        try
        {
            var files = new List<ModelManifestFile>();
            foreach (var file in Source.Files)
            {
                var from = Path.Combine(sourceFolder, file);
                if (!File.Exists(from)) continue; // optional files (pooling defaults to mean, lower-casing to true)
                var to = Path.Combine(staging, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to);
                string sha;
                long size;
                using (var stream = File.OpenRead(to)) { size = stream.Length; sha = Convert.ToHexStringLower(SHA256.HashData(stream)); }
                if (Source.Sha256.TryGetValue(file, out var expected) && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
                    throw new ModelLoadException(file, $"SHA-256 mismatch: expected {expected} ({Source.Repository} at {Source.Revision}), found {sha} in {sourceFolder}");
                files.Add(new ModelManifestFile(file, size, sha));
            }
            return Install(staging, files, "import:" + Path.GetFullPath(sourceFolder));
        }
        finally
        {
            TryDelete(staging);
        }
    }

    private ModelManifest Install(string staging, List<ModelManifestFile> files, string source)
    {
        BertEncoder.Load(staging); // throws ModelLoadException naming the bad file; nothing is installed then
        var manifest = new ModelManifest(Source.Name, Source.Repository, Source.Revision, source, DateTimeOffset.UtcNow, files);
        File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(manifest, ModelManifestJsonContext.Default.ModelManifest));

        var old = ModelFolder + ".old-" + Guid.NewGuid().ToString("N")[..8];
        if (Directory.Exists(ModelFolder)) Directory.Move(ModelFolder, old);
        Directory.Move(staging, ModelFolder);
        TryDelete(old);
        return manifest;
    }

    private async Task<(long Size, string Sha256)> DownloadAsync(string file, string destination, int index,
        IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var uri = FileUri(file);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        HttpResponseMessage response;
        try { response = await _http!.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false); }
        catch (HttpRequestException ex) { throw new ModelLoadException(file, $"cannot download {uri} ({ex.Message})", ex); }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ModelLoadException(file, $"download of {uri} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var total = response.Content.Headers.ContentLength;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var output = File.Create(destination);
            var buffer = new byte[81920];
            long done = 0;
            int read;
            progress?.Report(new ModelDownloadProgress(file, index, Source.Files.Count, 0, total));
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                hash.AppendData(buffer, 0, read);
                done += read;
                progress?.Report(new ModelDownloadProgress(file, index, Source.Files.Count, done, total));
            }
            if (total is long expected && expected != done)
                throw new ModelLoadException(file, $"download of {uri} ended after {done} of {expected} bytes");
            return (done, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
    }

    private ModelManifest? SafeReadManifest()
    {
        try { return ReadManifest(); }
        catch (ModelLoadException) { return null; }
    }

    private string CreateStaging()
    {
        Directory.CreateDirectory(ModelsFolder);
        var staging = Path.Combine(ModelsFolder, $".{Source.Name}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
