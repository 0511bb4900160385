using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using MovieRec.Engine.Text.Documents;

namespace MovieRec.Engine.Text.Lsa;

/// <summary>
/// Latent semantic analysis over the catalog's own text: TF-IDF (sublinear tf, smoothed idf, L2 rows, English stop
/// words, unigrams + bigrams, min df) reduced by a randomized truncated SVD to k dimensions. Documents are the
/// L2-normalized rows of U_k; any other text is folded in as x V_k Sigma_k^-1, then normalized (see
/// <see cref="LsaOptions.SingularValueExponent"/>). Always available: it needs no download, only the documents.
/// </summary>
public sealed class LsaEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "movierec-lsa";
    private const string Magic = "MOVIEREC-LSA";
    private const int FormatVersion = 2; // 2: the tokenizer folds plurals, so version 1 vocabularies are refitted

    private readonly Dictionary<string, int> _termIndex;
    private readonly string[] _terms;
    private readonly float[] _idf;
    private readonly float[] _projection;   // terms x Dimensions, row-major
    private readonly int[] _documentIds;
    private readonly float[] _documentVectors; // documents x Dimensions, row-major
    private readonly Dictionary<int, int> _documentRow;

    private LsaEmbedder(LsaOptions options, string fingerprint, string[] terms, float[] idf, int dimensions,
        float[] projection, int[] documentIds, float[] documentVectors)
    {
        Options = options;
        Fingerprint = fingerprint;
        _terms = terms;
        _idf = idf;
        Dimensions = dimensions;
        _projection = projection;
        _documentIds = documentIds;
        _documentVectors = documentVectors;
        _termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) _termIndex[terms[i]] = i;
        _documentRow = new Dictionary<int, int>(documentIds.Length);
        for (var i = 0; i < documentIds.Length; i++) _documentRow.TryAdd(documentIds[i], i);
        Metadata = new EmbeddingGeneratorMetadata(nameof(LsaEmbedder), null, ModelId, dimensions);
    }

    public LsaOptions Options { get; }

    /// <summary>SHA-256 of the documents (ids and text) and options the model was fitted on.</summary>
    public string Fingerprint { get; }

    /// <summary>Length of every vector (k, or fewer when the corpus is tiny).</summary>
    public int Dimensions { get; }

    public int VocabularySize => _terms.Length;

    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Ids of the fitted documents, in fit order.</summary>
    public IReadOnlyList<int> DocumentIds => _documentIds;

    /// <summary>The fitted (L2-normalized) vector of document <paramref name="row"/> (fit order).</summary>
    public ReadOnlyMemory<float> DocumentVector(int row) => _documentVectors.AsMemory(row * Dimensions, Dimensions);

    /// <summary>The fitted vector of the document with this id (a movie id), if it was fitted.</summary>
    public bool TryGetDocumentVector(int documentId, out ReadOnlyMemory<float> vector)
    {
        if (_documentRow.TryGetValue(documentId, out var row)) { vector = DocumentVector(row); return true; }
        vector = default;
        return false;
    }

    /// <summary>Fits on texts; their ids are their positions.</summary>
    public static LsaEmbedder Fit(IReadOnlyList<string> documents, LsaOptions? options = null) =>
        Fit(documents.Select((text, i) => new MovieDocument(i, text)).ToList(), options);

    /// <summary>Fits on movie documents (see <see cref="MovieDocumentBuilder"/>).</summary>
    public static LsaEmbedder Fit(IReadOnlyList<MovieDocument> documents, LsaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new LsaOptions();
        options.Validate();
        if (documents.Count == 0) throw new ArgumentException("LSA needs at least one document", nameof(documents));

        var termsPerDocument = documents.Select(d => LsaTokenizer.Terms(d.Text ?? "", options.Bigrams)).ToList();
        var (terms, idf) = BuildVocabulary(termsPerDocument, options);
        if (terms.Length == 0)
            throw new ArgumentException($"no term occurs in at least {options.MinDocumentFrequency} documents; the corpus is too small for LSA", nameof(documents));
        var termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) termIndex[terms[i]] = i;

        var matrix = TfIdfMatrix(termsPerDocument, termIndex, idf);
        var svd = RandomizedSvd.Compute(matrix, options.Dimensions, options.Oversampling, options.PowerIterations, options.Seed);
        var k = svd.Rank;
        var e = options.SingularValueExponent;

        // Documents: U_k Sigma^e. Queries: x V_k Sigma^(e-1), so that a fitted document folds in onto its own row.
        var docs = new float[(long)documents.Count * k];
        for (var r = 0; r < documents.Count; r++)
            for (var c = 0; c < k; c++) docs[(long)r * k + c] = (float)(svd.U[(long)r * k + c] * Math.Pow(svd.S[c], e));
        var projection = new float[(long)terms.Length * k];
        for (var t = 0; t < terms.Length; t++)
            for (var c = 0; c < k; c++) projection[(long)t * k + c] = svd.S[c] > 1e-12 ? (float)(svd.V[(long)t * k + c] * Math.Pow(svd.S[c], e - 1)) : 0f;
        for (var r = 0; r < documents.Count; r++) Normalize(docs.AsSpan(r * k, k));

        return new LsaEmbedder(options, ComputeFingerprint(documents, options), terms, idf, k, projection,
            documents.Select(d => d.MovieId).ToArray(), docs);
    }

    /// <summary>Identifies a corpus + settings; a saved model with another fingerprint is stale.</summary>
    public static string ComputeFingerprint(IEnumerable<MovieDocument> documents, LsaOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(options.Describe() + "\n"));
        foreach (var d in documents)
            sha.AppendData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{d.MovieId}\t{d.Text}\n")));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The L2-normalized embedding of any text (all zeros when it has no known term).</summary>
    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        var counts = new Dictionary<int, int>();
        foreach (var term in LsaTokenizer.Terms(text ?? "", Options.Bigrams))
            if (_termIndex.TryGetValue(term, out var id)) counts[id] = counts.GetValueOrDefault(id) + 1;
        if (counts.Count == 0) return vector;

        double norm = 0;
        foreach (var (id, count) in counts) { var w = (1 + Math.Log(count)) * _idf[id]; norm += w * w; }
        norm = Math.Sqrt(norm);
        foreach (var (id, count) in counts)
        {
            var w = (float)((1 + Math.Log(count)) * _idf[id] / norm);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_projection.AsSpan(id * Dimensions, Dimensions), w, vector, vector);
        }
        Normalize(vector);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId, CreatedAt = DateTimeOffset.UtcNow });
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    /// <summary>Writes the model (vocabulary, idf, projection, document vectors, fingerprint) in a small binary format.</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(temp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Fingerprint);
            var o = Options;
            w.Write(o.Dimensions); w.Write(o.MinDocumentFrequency); w.Write(o.MaxDocumentFrequencyRatio); w.Write(o.MaxFeatures);
            w.Write(o.Bigrams); w.Write(o.Oversampling); w.Write(o.PowerIterations); w.Write(o.Seed); w.Write(o.SingularValueExponent);
            w.Write(Dimensions);
            w.Write(_terms.Length);
            for (var i = 0; i < _terms.Length; i++) { w.Write(_terms[i]); w.Write(_idf[i]); }
            WriteFloats(w, _projection);
            w.Write(_documentIds.Length);
            foreach (var id in _documentIds) w.Write(id);
            WriteFloats(w, _documentVectors);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not an LSA model, another format version, or truncated (message names the file).</exception>
    public static LsaEmbedder Load(string path)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path}: not a MovieRec LSA model");
            var version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"{path}: LSA format version {version}, expected {FormatVersion}; refit the model");
            var fingerprint = r.ReadString();
            var options = new LsaOptions
            {
                Dimensions = r.ReadInt32(), MinDocumentFrequency = r.ReadInt32(), MaxDocumentFrequencyRatio = r.ReadDouble(),
                MaxFeatures = r.ReadInt32(), Bigrams = r.ReadBoolean(), Oversampling = r.ReadInt32(), PowerIterations = r.ReadInt32(),
                Seed = r.ReadInt32(), SingularValueExponent = r.ReadDouble(),
            };
            var dimensions = r.ReadInt32();
            var termCount = r.ReadInt32();
            if (dimensions <= 0 || termCount < 0) throw new InvalidDataException($"{path}: corrupt header");
            var terms = new string[termCount];
            var idf = new float[termCount];
            for (var i = 0; i < termCount; i++) { terms[i] = r.ReadString(); idf[i] = r.ReadSingle(); }
            var projection = ReadFloats(r, (long)termCount * dimensions, path);
            var docCount = r.ReadInt32();
            if (docCount < 0) throw new InvalidDataException($"{path}: corrupt document count");
            var ids = new int[docCount];
            for (var i = 0; i < docCount; i++) ids[i] = r.ReadInt32();
            var vectors = ReadFloats(r, (long)docCount * dimensions, path);
            return new LsaEmbedder(options, fingerprint, terms, idf, dimensions, projection, ids, vectors);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the LSA model file is truncated");
        }
    }

    /// <summary>The saved model when it exists and was fitted on exactly these documents and options; otherwise null (refit).</summary>
    public static LsaEmbedder? LoadIfCurrent(string path, IEnumerable<MovieDocument> documents, LsaOptions? options = null)
    {
        if (!File.Exists(path)) return null;
        LsaEmbedder model;
        try { model = Load(path); }
        catch (InvalidDataException) { return null; }
        return model.Fingerprint == ComputeFingerprint(documents, options ?? new LsaOptions()) ? model : null;
    }

    private static (string[] Terms, float[] Idf) BuildVocabulary(List<List<string>> termsPerDocument, LsaOptions options)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var terms in termsPerDocument)
            foreach (var term in terms.Distinct(StringComparer.Ordinal))
                df[term] = df.GetValueOrDefault(term) + 1;
        var n = termsPerDocument.Count;
        var maxDf = options.MaxDocumentFrequencyRatio * n;
        var kept = df.Where(p => p.Value >= options.MinDocumentFrequency && p.Value <= maxDf)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(options.MaxFeatures)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
        // Smoothed idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1.
        return (kept.Select(p => p.Key).ToArray(), kept.Select(p => (float)(Math.Log((1.0 + n) / (1.0 + p.Value)) + 1)).ToArray());
    }

    private static CsrMatrix TfIdfMatrix(List<List<string>> termsPerDocument, Dictionary<string, int> termIndex, float[] idf)
    {
        var rowStart = new int[termsPerDocument.Count + 1];
        var columns = new List<int>();
        var values = new List<double>();
        var counts = new Dictionary<int, int>();
        for (var r = 0; r < termsPerDocument.Count; r++)
        {
            counts.Clear();
            foreach (var term in termsPerDocument[r])
                if (termIndex.TryGetValue(term, out var id)) counts[id] = counts.GetValueOrDefault(id) + 1;
            var start = values.Count;
            double norm = 0;
            foreach (var (id, count) in counts.OrderBy(p => p.Key))
            {
                var w = (1 + Math.Log(count)) * idf[id];
                columns.Add(id);
                values.Add(w);
                norm += w * w;
            }
            norm = Math.Sqrt(norm);
            for (var p = start; p < values.Count; p++) values[p] /= norm;
            rowStart[r + 1] = values.Count;
        }
        return new CsrMatrix(termsPerDocument.Count, termIndex.Count, rowStart, columns.ToArray(), values.ToArray());
    }

    private static void Normalize(Span<float> v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(v);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.LongLength);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader r, long expected, string path)
    {
        var length = r.ReadInt64();
        if (length != expected) throw new InvalidDataException($"{path}: expected {expected} values, found {length}");
        var values = new float[length];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        r.BaseStream.ReadExactly(bytes); // EndOfStreamException -> "truncated" in Load
        return values;
    }
}
