namespace MovieRec.Engine.Recommenders;

/// <summary>
/// The model file: "MRECMODL", format version, model kind, parameters, then the fingerprint and shape of the
/// training data, then the model's own state. Loading checks kind, version and fingerprint before reading
/// anything else, so a model trained on other data is refused with <see cref="ModelMismatchException"/>.
/// </summary>
public static class ModelFile
{
    public const int FormatVersion = 2; // 2: EASE stores RatingWeighted
    private static readonly byte[] Magic = "MRECMODL"u8.ToArray();

    internal static void WriteHeader(BinaryWriter w, string kind, IReadOnlyDictionary<string, string> parameters, RatingMatrix data)
    {
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(kind);
        w.Write(parameters.Count);
        foreach (var (k, v) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) { w.Write(k); w.Write(v); }
        w.Write(data.Fingerprint);
        w.Write(data.UserCount);
        w.Write(data.ItemCount);
        w.Write(data.RatingCount);
    }

    /// <summary>The header of a model file, without loading the model.</summary>
    public sealed record Header(string Kind, IReadOnlyDictionary<string, string> Params, ulong Fingerprint, int Users, int Items, int Ratings);

    public static Header ReadHeader(BinaryReader r, string source)
    {
        try
        {
            var magic = r.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic)) throw new ModelFormatException($"{source} is not a MovieRec model file.");
            var version = r.ReadInt32();
            if (version != FormatVersion) throw new ModelFormatException($"{source} has model format version {version}; this build reads version {FormatVersion}. Retrain the model.");
            var kind = r.ReadString();
            var n = r.ReadInt32();
            var p = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++) p[r.ReadString()] = r.ReadString();
            return new Header(kind, p, r.ReadUInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
        }
        catch (EndOfStreamException e) { throw new ModelFormatException($"{source} is truncated.", e); }
    }

    /// <summary>Writes a model inside another model's file (a blend's parts): its length, then its whole file.</summary>
    internal static void WriteNested(BinaryWriter w, Recommender model)
    {
        using var ms = new MemoryStream();
        model.Save(ms);
        w.Write(ms.Length);
        w.Write(ms.GetBuffer(), 0, (int)ms.Length);
    }

    internal static Recommender ReadNested(BinaryReader r, RatingMatrix data, SideInfo? side, string source)
    {
        var length = r.ReadInt64();
        if (length < 0 || length > int.MaxValue) throw new ModelFormatException($"{source} has an invalid length.");
        using var ms = new MemoryStream(r.ReadBytes((int)length));
        return Load(ms, data, side, source);
    }

    /// <summary>Loads a model trained on <paramref name="data"/>. Throws <see cref="ModelMismatchException"/> when it was trained on other data.</summary>
    public static Recommender Load(string path, RatingMatrix data, SideInfo? side = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file {path} does not exist: train it first (movierec train).", path);
        using var stream = File.OpenRead(path);
        return Load(stream, data, side, path);
    }

    public static Recommender Load(Stream stream, RatingMatrix data, SideInfo? side = null, string source = "model stream")
    {
        ArgumentNullException.ThrowIfNull(data);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var h = ReadHeader(r, source);
        if (h.Fingerprint != data.Fingerprint || h.Users != data.UserCount || h.Items != data.ItemCount || h.Ratings != data.RatingCount)
            throw new ModelMismatchException(
                $"{source} ('{h.Kind}') was trained on other data ({h.Ratings:N0} ratings, {h.Users:N0} users, {h.Items:N0} movies, fingerprint {h.Fingerprint:x16}) " +
                $"than the current dataset ({data.RatingCount:N0} ratings, {data.UserCount:N0} users, {data.ItemCount:N0} movies, fingerprint {data.Fingerprint:x16}). Retrain it.");
        var model = RecommenderCatalog.Create(h.Kind, side);
        try { model.LoadState(r, data); }
        catch (EndOfStreamException e) { throw new ModelFormatException($"{source} is truncated.", e); }
        return model;
    }
}
