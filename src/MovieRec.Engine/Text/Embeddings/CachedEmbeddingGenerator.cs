using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace MovieRec.Engine.Text.Embeddings;

/// <summary>
/// Remembers the vectors of an inner generator in a file (e.g. models/embeddings/...bin), keyed by
/// the embedder id (name + model fingerprint) and a SHA-256 of each document's text, so a second
/// start encodes only new or changed documents. A file written by another embedder, or a damaged
/// file, is ignored and rebuilt: stale vectors are never used.
/// </summary>
public sealed class CachedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private const string Magic = "MRECEMB1";
    private readonly Dictionary<Hash, float[]> _vectors = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    public string CachePath { get; }
    public string EmbedderId { get; }
    public int Count { get { lock (_gate) return _vectors.Count; } }

    /// <param name="embedderId">Identifies the model that made the vectors; defaults to the inner generator's provider and model id.</param>
    public CachedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string cachePath, string? embedderId = null)
        : base(inner)
    {
        CachePath = cachePath;
        var metadata = inner.GetService<EmbeddingGeneratorMetadata>();
        EmbedderId = embedderId ?? $"{metadata?.ProviderName ?? inner.GetType().Name}:{metadata?.DefaultModelId ?? "default"}";
        Load();
    }

    /// <summary>The conventional cache file for an embedder under a models folder.</summary>
    public static string DefaultPath(string modelsFolder, string embedderId)
    {
        var safe = new string(embedderId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return Path.Combine(modelsFolder, "embeddings", safe + ".bin");
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var hashes = texts.Select(HashOf).ToArray();
        var missing = new List<(Hash Hash, string Text)>();
        lock (_gate)
        {
            var seen = new HashSet<Hash>();
            for (int i = 0; i < texts.Count; i++)
                if (!_vectors.ContainsKey(hashes[i]) && seen.Add(hashes[i])) missing.Add((hashes[i], texts[i]));
        }

        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(m => m.Text), options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missing.Count)
                throw new InvalidOperationException($"{EmbedderId} returned {generated.Count} vectors for {missing.Count} texts");
            lock (_gate)
                for (int i = 0; i < missing.Count; i++) _vectors[missing[i].Hash] = generated[i].Vector.ToArray();
            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
            return new GeneratedEmbeddings<Embedding<float>>(hashes.Select(h => new Embedding<float>(_vectors[h]) { ModelId = EmbedderId }));
    }

    private static Hash HashOf(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return new Hash(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    private void Load()
    {
        if (!File.Exists(CachePath)) return;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(CachePath), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadString() != EmbedderId) return; // another embedder: rebuild
            int count = reader.ReadInt32();
            var loaded = new Dictionary<Hash, float[]>(count);
            for (int i = 0; i < count; i++)
            {
                var hash = new Hash(reader.ReadUInt64(), reader.ReadUInt64());
                var vector = new float[reader.ReadInt32()];
                for (int j = 0; j < vector.Length; j++) vector[j] = reader.ReadSingle();
                loaded[hash] = vector;
            }
            foreach (var (hash, vector) in loaded) _vectors[hash] = vector;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            _vectors.Clear(); // damaged file: start again rather than trust part of it
        }
    }

    /// <summary>Writes a new file and renames it over the old one, so a crash never leaves a half-written cache.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(CachePath))!);
            var temp = CachePath + ".tmp";
            await using (var stream = File.Create(temp))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                KeyValuePair<Hash, float[]>[] entries;
                lock (_gate) entries = _vectors.ToArray();
                writer.Write(Magic);
                writer.Write(EmbedderId);
                writer.Write(entries.Length);
                foreach (var (hash, vector) in entries)
                {
                    writer.Write(hash.High);
                    writer.Write(hash.Low);
                    writer.Write(vector.Length);
                    foreach (var v in vector) writer.Write(v);
                }
            }
            File.Move(temp, CachePath, overwrite: true);
        }
        finally
        {
            _writer.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _writer.Dispose();
        base.Dispose(disposing);
    }

    private readonly record struct Hash(ulong High, ulong Low);
}
