using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// The on-disk format shared by the indexes (little-endian):
/// "MRVI" | version | kind | dimension | count | kind-specific fields | ids | vectors | kind-specific
/// graph | SHA-256 of everything before. Files are written to a temp file and moved into place.
/// </summary>
public static class VectorIndexFile
{
    internal const int Version = 1;
    internal static ReadOnlySpan<byte> Magic => "MRVI"u8;

    /// <summary>What kind of index a file holds.</summary>
    public enum IndexKind { Exact = 1, Hnsw = 2 }

    /// <summary>Loads either kind of index, whichever the file holds.</summary>
    public static IVectorIndex Load(string path)
    {
        using var reader = new Reader(path);
        return reader.Kind switch
        {
            IndexKind.Exact => ExactVectorIndex.Read(reader),
            IndexKind.Hnsw => HnswVectorIndex.Read(reader),
            _ => throw reader.Corrupt($"unknown index kind {(int)reader.Kind}"),
        };
    }

    internal sealed class Writer : IDisposable
    {
        private readonly string _path;
        private readonly string _tempPath;
        private readonly FileStream _stream;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _committed;

        public Writer(string path, IndexKind kind, int dimension, int count)
        {
            _path = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _tempPath = _path + ".tmp";
            _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Write(Magic);
            WriteInt32(Version);
            WriteInt32((int)kind);
            WriteInt32(dimension);
            WriteInt32(count);
        }

        public void WriteInt32(int value) => Write(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));

        public void WriteInt32s(ReadOnlySpan<int> values) => Write(MemoryMarshal.AsBytes(values));

        public void WriteFloats(ReadOnlySpan<float> values) => Write(MemoryMarshal.AsBytes(values));

        private void Write(ReadOnlySpan<byte> bytes)
        {
            _hash.AppendData(bytes);
            _stream.Write(bytes);
        }

        /// <summary>Appends the checksum and moves the file into place.</summary>
        public void Commit()
        {
            _stream.Write(_hash.GetHashAndReset());
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_tempPath, _path, overwrite: true);
            _committed = true;
        }

        public void Dispose()
        {
            _stream.Dispose();
            _hash.Dispose();
            if (!_committed) File.Delete(_tempPath);
        }
    }

    internal sealed class Reader : IDisposable
    {
        private const int HashLength = 32;
        private readonly FileStream _stream;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public Reader(string path)
        {
            Path = System.IO.Path.GetFullPath(path);
            if (!File.Exists(Path)) throw new FileNotFoundException($"Vector index file '{Path}' does not exist.", Path);
            _stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> magic = stackalloc byte[4];
            Read(magic, "header");
            if (!magic.SequenceEqual(Magic)) throw Corrupt("not a MovieRec vector index (bad magic bytes)");
            var version = ReadInt32("header");
            if (version != Version) throw Corrupt($"format version {version}, this build reads version {Version}");
            Kind = (IndexKind)ReadInt32("header");
            Dimension = ReadInt32("header");
            Count = ReadInt32("header");
            if (Dimension <= 0 || Count < 0) throw Corrupt($"bad header (dimension {Dimension}, count {Count})");
            // Catch truncation before allocating: ids + vectors alone need this many bytes.
            var needed = 4L * Count * (Dimension + 1) + HashLength;
            if (Remaining < needed) throw Corrupt($"truncated: {Count} vectors of dimension {Dimension} need at least {needed} more bytes, the file has {Remaining}");
        }

        public string Path { get; }
        public IndexKind Kind { get; }
        public int Dimension { get; }
        public int Count { get; }

        private long Remaining => _stream.Length - _stream.Position;

        public int ReadInt32(string what)
        {
            int value = 0;
            Read(MemoryMarshal.AsBytes(new Span<int>(ref value)), what);
            return value;
        }

        public void ReadInt32s(Span<int> values, string what) => Read(MemoryMarshal.AsBytes(values), what);

        public void ReadFloats(Span<float> values, string what) => Read(MemoryMarshal.AsBytes(values), what);

        /// <summary>Throws unless at least <paramref name="bytes"/> (plus the checksum) remain.</summary>
        public void Require(long bytes, string what)
        {
            if (bytes < 0 || Remaining < bytes + HashLength) throw Corrupt($"truncated while reading {what}");
        }

        private void Read(Span<byte> buffer, string what)
        {
            if (Remaining < buffer.Length + HashLength) throw Corrupt($"truncated while reading {what}");
            _stream.ReadExactly(buffer);
            _hash.AppendData(buffer);
        }

        /// <summary>Checks the checksum and that nothing follows it.</summary>
        public void Finish()
        {
            if (Remaining != HashLength) throw Corrupt($"{Remaining - HashLength} unexpected bytes before the checksum");
            Span<byte> stored = stackalloc byte[HashLength];
            _stream.ReadExactly(stored);
            if (!stored.SequenceEqual(_hash.GetHashAndReset())) throw Corrupt("checksum mismatch (the file was modified or damaged)");
        }

        public InvalidDataException Corrupt(string reason) =>
            new($"Vector index file '{Path}' is corrupt or unreadable: {reason}.");

        public void Dispose()
        {
            _stream.Dispose();
            _hash.Dispose();
        }
    }
}
